import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectJson, runCli } from '../helpers/cli';

/**
 * `herbloop supply …` as a user runs it, on the supply demo (loaded in-process first, which is
 * much faster than `demo load` with every step). One session of spawns per backend.
 */
describe.each(backends)('herbloop supply on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;
  let env: Record<string, string>;
  let work: string;

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'supply-cli', ['supply']);
    ({ env, work } = db);
  }, 300_000);
  afterAll(() => db.close());

  it('ratio, whatif, attribution, floor-price, imports, unknown names', { timeout: 400_000 }, async () => {
    // The seed's Compound Danshen case from the CLI, with exactly the keys.
    const r = expectJson<{ formula: string; band: number[]; series: { date: string; ratio: number; level: string }[]; episodes: { start: string }[] }>(
      await runCli(['supply', 'ratio', '复方丹参片', '--json'], env),
    );
    expect(Object.keys(r)).toEqual(['formula', 'band', 'series', 'episodes']);
    expect(r.formula).toBe('复方丹参片');
    expect(r.band).toEqual([0.1, 0.3]);
    expect(Object.keys(r.series[0]!)).toEqual(['date', 'cost', 'priceCap', 'ratio', 'level']);
    expect(r.series.find((s) => s.date === '2009-01-15')!.ratio).toBeCloseTo(0.1, 1);
    expect(r.series.find((s) => s.date === '2013-06-30')!.ratio).toBeGreaterThan(1);
    expect(r.episodes[0]!.start.slice(0, 7)).toBe('2010-03');

    const w = expectJson<Record<string, unknown>>(await runCli(['supply', 'whatif', 'FFDSP', '--price', '三七=300', '--price', '丹参=20', '--price', '冰片=150', '--json'], env));
    expect(Object.keys(w)).toEqual(['cost', 'priceCap', 'ratio', 'level', 'shares']);
    expect(w.cost).toBeCloseTo(((20 * 0.45 + 300 * 0.141 + 150 * 0.008) * 60) / 1000, 12);

    const a = expectJson<{ from: string; to: string; costFrom: number; costTo: number; contributions: Record<string, number> }>(
      await runCli(['supply', 'attribution', '复方丹参片', '--from', '2009-01-15', '--to', '2013-06-30', '--json'], env),
    );
    expect(Object.keys(a)).toEqual(['from', 'to', 'costFrom', 'costTo', 'contributions']);
    expect(Object.values(a.contributions).reduce((s, x) => s + x, 0)).toBeCloseTo(a.costTo - a.costFrom, 12);

    const f = expectJson<{ floorPrice: number; ratio: number }>(
      await runCli(['supply', 'floor-price', '--cycle-years', '3', '--annual-input', '10000', '--yield', '150', '--annual-profit', '75000', '--profit-area-unit', 'hm2', '--formula', '复方丹参片', '--herb', '三七', '--json'], env),
    );
    expect(f.floorPrice).toBeCloseTo(300, 9);
    expect(f.ratio).toBeGreaterThan(0.3);

    // Imports: a bad file writes nothing and names the rows; a good one is idempotent.
    const bad = path.join(work, 'bad.csv');
    fs.writeFileSync(bad, '药材,市场,日期,价格\n三七,亳州,2026-11-21,230\n不存在,亳州,2026-11-21,10\n');
    const b = await runCli(['supply', 'import-prices', bad, '--json'], env);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/row 3: herb/);
    const good = path.join(work, 'good.csv');
    fs.writeFileSync(good, 'herb,market,date,price,unit\n三七,亳州,2026-11-21,230,元/kg\n丹参,安国,2026-11-21,15,元/斤\n');
    expect(expectJson(await runCli(['supply', 'import-prices', good, '--json'], env))).toMatchObject({ rows: 2, inserted: 2, held: 0 });
    const formulas = path.join(work, 'formulas.json');
    fs.writeFileSync(
      formulas,
      JSON.stringify([{ code: 'TEST-DS', nameZh: '测试丹参片', dosageForm: 'tablet', batchYield: 1000, batchUnit: '片', packSize: 24, ingredients: [{ herb: '丹参', amount: 300, unit: 'g' }], priceCaps: [{ from: '2009-01-01', priceCap: 3 }] }]),
    );
    expect(expectJson(await runCli(['supply', 'import-formulas', formulas, '--json'], env))).toEqual({ formulas: 1, created: 1, replaced: 0 });
    // Files go through the same import definitions as the HTTP uploads: the API's field limits hold here too.
    const huge = path.join(work, 'huge.csv');
    fs.writeFileSync(huge, 'herb,market,date,price\n三七,亳州,2026-11-22,1e308\n');
    const h = await runCli(['supply', 'import-prices', huge, '--json'], env);
    expect(h.code).toBe(1);
    expect(h.stderr).toMatch(/row 2: price/);
    const table = path.join(work, 'formulas.csv');
    fs.writeFileSync(table, '编码,名称,剂型,制成量,制成单位,每盒数量,最高零售价,药材,用量\nTEST-SQ,测试三七片,tablet,1000,片,24,5,三七,200\nTEST-SQ,,,,,,,丹参,100\n');
    expect(expectJson(await runCli(['supply', 'import-formulas', table, '--json'], env))).toEqual({ formulas: 1, created: 1, replaced: 0 });

    const unknown = await runCli(['supply', 'ratio', '不存在的药', '--json'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Formula 不存在的药 was not found/);
    expect(unknown.stderr).not.toMatch(/^\s+at /m);
  });
});
