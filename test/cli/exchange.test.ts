import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matchMarket } from '../../src/modules/exchange/engine/match';
import { randomMarket } from '../../src/modules/exchange/engine/random-market';
import { expectFailure, expectJson, runCli } from '../helpers/cli';

/**
 * `herbloop exchange match --file F` as an analyst runs it: a market in a file, solved and
 * printed, stored nowhere (the data directory stays untouched).
 */
interface Output {
  objective: number;
  proposals: { listing: string; demand: string; tonnes: number; valuePerTonne: number; distanceKm: number }[];
  unmatched: { listings: Record<string, number>; demands: Record<string, number> };
}

describe('herbloop exchange match --file', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-exchange-cli-'));
  const dataDir = path.join(work, 'data');
  const env = { HERBLOOP_DATA_DIR: dataDir };
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('prints the optimal allocation in the documented shape, and a table without --json', { timeout: 120_000 }, async () => {
    const market = {
      transport: { costPerTonneKm: { bulk: 0.5, liquid: 0.8 }, roadFactor: 1.3 },
      listings: [
        { id: 'L2', tonnes: 30, lat: 33.0, lon: 116.0, class: 'lipid-rich', grade: 'A', reservePrice: null, loadType: 'liquid' },
        { id: 'L1', tonnes: 100, lat: 33.84, lon: 115.78, class: 'cellulose-rich', grade: 'B', reservePrice: 50 },
        { id: 'L3', tonnes: 5, lat: 33.84, lon: 115.78, class: 'cellulose-rich', grade: 'C', reservePrice: 10 },
      ],
      demands: [
        { id: 'D1', capacity: 60, lat: 32.89, lon: 115.81, accepts: ['cellulose-rich', 'lipid-rich'], minGrade: 'B', prices: { A: 400, B: 300 }, maxDistanceKm: 300 },
        { id: 'D0', capacity: 500, lat: 31.8, lon: 117.2, accepts: ['bioactive-small-molecule-rich'], minGrade: 'C', prices: { C: 100 }, maxDistanceKm: 50 },
      ],
    };
    const file = path.join(work, 'market.json');
    fs.writeFileSync(file, JSON.stringify(market));

    const out = expectJson<Output>(await runCli(['exchange', 'match', '--file', file, '--json'], env));
    expect(Object.keys(out)).toEqual(['objective', 'proposals', 'unmatched']);
    expect(out.proposals.map((p) => [p.listing, p.demand, p.tonnes])).toEqual([
      ['L1', 'D1', 30],
      ['L2', 'D1', 30],
    ]);
    const l2 = out.proposals[1]!;
    // 28.0 km by road for a liquid load at 0.8 元/t·km, no reserve: 400 − 22.4.
    expect(l2.valuePerTonne).toBeCloseTo(400 - l2.distanceKm * 0.8, 9);
    expect(out.objective).toBeCloseTo(out.proposals.reduce((s, p) => s + p.tonnes * p.valuePerTonne, 0), 9);
    expect(out.unmatched).toEqual({ listings: { L1: 70, L3: 5 }, demands: { D0: 500 } });
    expect(fs.existsSync(dataDir)).toBe(false);

    const table = await runCli(['exchange', 'match', '--file', file], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/L1\s+D1\s+30/);
    expect(table.stdout).toMatch(/unsold: L1 70 t, L3 5 t/);
  });

  it('gives the engine optimum on a generated market of a few hundred pairs', { timeout: 120_000 }, async () => {
    const market = randomMarket(11, { listings: 60, demands: 50, spanDegrees: 3 });
    const file = path.join(work, 'random.json');
    fs.writeFileSync(file, JSON.stringify(market));
    const out = expectJson<Output>(await runCli(['exchange', 'match', '--file', file, '--json'], env));
    const expected = matchMarket(market);
    expect(out.proposals.length).toBeGreaterThan(10);
    expect(out.objective).toBeCloseTo(expected.objective, 6);
  });

  it('refuses a bad market naming every field, and a missing or broken file', { timeout: 120_000 }, async () => {
    const file = path.join(work, 'bad.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        transport: { costPerTonneKm: { bulk: 0.5 }, roadFactor: 1.3 },
        listings: [
          { id: 'L1', tonnes: -1, lat: 95, lon: 115, class: 'rocks', grade: 'D' },
          { id: 'L1', tonnes: 1, lat: 33, lon: 115, class: 'lipid-rich', grade: 'A', loadType: 'hazardous' },
        ],
        demands: [{ id: 'D1', capacity: 1, lat: 33, lon: 115, accepts: [], minGrade: 'B', prices: { A: 1e308 }, maxDistanceKm: 10 }],
      }),
    );
    const run = await runCli(['exchange', 'match', '--file', file, '--json'], env);
    expectFailure(run, /listings\.0\.tonnes/);
    for (const field of ['listings.0.lat', 'listings.0.class', 'listings.0.grade', 'demands.0.accepts', 'demands.0.prices.A']) expect(run.stderr).toContain(field);

    fs.writeFileSync(file, JSON.stringify({ transport: { costPerTonneKm: { bulk: 0.5 }, roadFactor: 1.3 }, listings: [
      { id: 'L1', tonnes: 1, lat: 33, lon: 115, class: 'lipid-rich', grade: 'A' },
      { id: 'L1', tonnes: 1, lat: 33, lon: 115, class: 'lipid-rich', grade: 'A', loadType: 'hazardous' },
    ], demands: [] }));
    const dup = await runCli(['exchange', 'match', '--file', file], env);
    expectFailure(dup, /listings\.1\.id: "L1" is already the id of listings\[0\]/);
    expect(dup.stderr).toMatch(/listings\.1\.loadType: no transport cost is given for load type "hazardous"/);

    expectFailure(await runCli(['exchange', 'match', '--file', path.join(work, 'none.json')], env), /no such file/);
    fs.writeFileSync(file, '{"transport":');
    expectFailure(await runCli(['exchange', 'match', '--file', file], env), /not valid JSON/);
  });
});
