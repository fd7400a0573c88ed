import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectFailure, expectJson, runCli } from '../helpers/cli';

/**
 * `herbloop symbiosis analyse --file F` as an analyst runs it: a park's material network in a
 * file, figures printed, stored nowhere (the data directory stays untouched). The network is
 * the one worked by hand in src/modules/symbiosis/engine/network.test.ts.
 */
describe('herbloop symbiosis analyse --file', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-symbiosis-cli-'));
  const dataDir = path.join(work, 'data');
  const env = { HERBLOOP_DATA_DIR: dataDir };
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('prints the figures of a hand-computed network, as JSON and as a table', { timeout: 120_000 }, async () => {
    // outside → A 90; A → B 60 + 40; B → C 80; B → D 20; C → A 10; C → outside 70;
    // D → D 5; D → outside 20; C → D 0 t.
    // Throughflows T = max(in, out): A 100, B 100, C 80, D 25; TST 305.
    // Ring A → B → C → A of weight P_AB·P_BC·P_CA = 1 · 0.8 · 0.125 = 0.1: each of its nodes
    // cycles 0.1 of its throughflow (28 t); D's self-loop P_DD = 5/25 cycles 0.2 · 25 = 5 t.
    // FCI = 33 / 305. Links A→B, B→C, B→D, C→A: 4; connectance 4 / 12; density 4 / 4.
    const network = {
      nodes: [
        { id: 'A', type: 'manufacturer' },
        { id: 'B', type: 'manufacturer' },
        { id: 'C', type: 'utilizer' },
        { id: 'D', type: 'sewage-works' },
      ],
      flows: [
        { from: null, to: 'A', tonnes: 90 },
        { from: 'A', to: 'B', tonnes: 60 },
        { from: 'A', to: 'B', tonnes: 40 },
        { from: 'B', to: 'C', tonnes: 80 },
        { from: 'B', to: 'D', tonnes: 20 },
        { from: 'C', to: 'A', tonnes: 10 },
        { from: 'C', to: null, tonnes: 70 },
        { from: 'D', to: 'D', tonnes: 5 },
        { from: 'D', to: null, tonnes: 20 },
        { from: 'C', to: 'D', tonnes: 0 },
      ],
    };
    const file = path.join(work, 'network.json');
    fs.writeFileSync(file, JSON.stringify(network));

    const out = expectJson<Record<string, unknown> & { finnCyclingIndex: number; connectance: number }>(await runCli(['symbiosis', 'analyse', '--file', file, '--json'], env));
    expect(Object.keys(out)).toEqual(['nodes', 'links', 'connectance', 'linkDensity', 'finnCyclingIndex', 'finnCyclingIndexStatus', 'cycles', 'totalSystemThroughflow', 'perNode']);
    expect(out.finnCyclingIndex).toBeCloseTo(33 / 305, 12);
    expect(out.connectance).toBeCloseTo(1 / 3, 15);
    expect({ ...out, finnCyclingIndex: 0, connectance: 0 }).toEqual({
      nodes: 4,
      links: 4,
      connectance: 0,
      linkDensity: 1,
      finnCyclingIndex: 0,
      finnCyclingIndexStatus: 'computed',
      cycles: { count: 1, truncated: false },
      totalSystemThroughflow: 305,
      perNode: {
        // A: in 90 + 10, out 100; partners B (100 t) and C (10 t): 100 / 200.
        A: { in: 100, out: 100, degree: 2, largestPartnerShare: 0.5 },
        B: { in: 100, out: 100, degree: 3, largestPartnerShare: 0.5 },
        C: { in: 80, out: 80, degree: 2, largestPartnerShare: 0.5 },
        // D: in 20 + 5, out 5 + 20; one partner, B, with 20 t: 20 / 50.
        D: { in: 25, out: 25, degree: 1, largestPartnerShare: 0.4 },
      },
    });
    expect(fs.existsSync(dataDir)).toBe(false);

    const table = await runCli(['symbiosis', 'analyse', '--file', file], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Finn's cycling index\s+0\.108197/);
    expect(table.stdout).toMatch(/^D\s+25\s+25\s+1\s+0\.4$/m);
  });

  it('refuses a bad file with errors naming the row', { timeout: 120_000 }, async () => {
    const file = path.join(work, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ nodes: [{ id: 'A', type: 'manufacturer' }, { id: 'A', type: 'utilizer' }], flows: [{ from: 'A', to: 'Z', tonnes: 3 }, { from: 'A', to: null, tonnes: -1 }] }));
    const bad = await runCli(['symbiosis', 'analyse', '--file', file, '--json'], env);
    expectFailure(bad, /flows\[1\]\.tonnes: /);
    expect(bad.stdout).toBe('');
    const unknown = path.join(work, 'unknown.json');
    fs.writeFileSync(unknown, JSON.stringify({ nodes: [{ id: 'A', type: 'manufacturer' }, { id: 'A', type: 'utilizer' }], flows: [{ from: 'A', to: 'Z', tonnes: 3 }] }));
    const run = await runCli(['symbiosis', 'analyse', '--file', unknown], env);
    expectFailure(run, /nodes\[1\]\.id: duplicate id "A" \(also nodes\[0\]\)/);
    expect(run.stderr).toMatch(/flows\[0\]\.to: unknown node "Z"/);
    expectFailure(await runCli(['symbiosis', 'analyse', '--file', path.join(work, 'none.json')], env), /none\.json: no such file/);
  });
});
