import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_GRANULE_LINE } from '../../src/modules/balance/engine';
import { expectFailure, expectJson, runCli } from '../helpers/cli';

/**
 * `herbloop balance reconcile FILE` as a user runs it. It needs no database, so it runs once (not
 * per backend), with a data dir that must stay untouched.
 */
interface Estimate {
  value: number | null;
  sd: number | null;
  status: string;
  measured?: number;
}
interface Result {
  flows: Record<string, Estimate>;
  chiSquare: { statistic: number; degreesOfFreedom: number; critical: number; alpha: number; passed: boolean };
  grossErrors: unknown[];
  undetermined: string[];
}

describe('herbloop balance reconcile', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-balance-cli-'));
  const dataDir = path.join(work, 'data');
  const env = { HERBLOOP_DATA_DIR: dataDir };
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('reconciles the demo granule line (JSON and table), refuses bad models with a message', { timeout: 120_000 }, async () => {
    const file = path.join(work, 'granules.json');
    fs.writeFileSync(file, JSON.stringify(DEMO_GRANULE_LINE, null, 2));

    const result = expectJson<Result>(await runCli(['balance', 'reconcile', file, '--json'], env));
    expect(Object.keys(result.flows).sort()).toEqual(DEMO_GRANULE_LINE.flows.map((f) => f.id).sort());
    for (const [id, e] of Object.entries(result.flows)) {
      expect(Number.isFinite(e.value), id).toBe(true);
      expect(e.sd, id).toBeGreaterThanOrEqual(0);
      expect(['measured', 'computed', 'fixed'], id).toContain(e.status);
    }
    // Measured flows are adjusted, unmeasured ones follow from the balances, dextrin is given exactly.
    expect(result.flows.herbs).toMatchObject({ status: 'measured', measured: 1000 });
    expect(result.flows.vapour!.status).toBe('computed');
    expect(result.flows.powder!.status).toBe('computed');
    expect(result.flows.dextrin).toMatchObject({ status: 'fixed', value: 150, sd: 0 });
    // The readings did not close (extraction: 9 000 kg in, 9 048 kg out); the reconciled values do.
    const f = (id: string) => result.flows[id]!.value!;
    expect(f('herbs') + f('water')).toBeCloseTo(f('residue') + f('extract'), 6);
    expect(result.chiSquare).toMatchObject({ alpha: 0.05, passed: true });
    expect(result.chiSquare.degreesOfFreedom).toBeGreaterThan(0);
    expect(result.chiSquare.statistic).toBeLessThan(result.chiSquare.critical);
    expect(result.grossErrors).toEqual([]);
    expect(result.undetermined).toEqual([]);

    // For a person: the flow table and the chi-square verdict.
    const table = await runCli(['balance', 'reconcile', file], env);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^flow\s+status\s+measured\s+value\s+sd/m);
    expect(table.stdout).toMatch(/^herbs\s+measured\s+1000\s+999\.99/m);
    expect(table.stdout).toMatch(/^vapour\s+computed\s+\d/m);
    expect(table.stdout).toMatch(/^chi-square \d+\.\d{3} with \d+ degrees of freedom \(critical \d+\.\d{3} at α=0\.05\): passed$/m);

    // A flow into a process that does not exist: the problem is named, nothing is printed on stdout.
    const broken = structuredClone(DEMO_GRANULE_LINE);
    broken.flows[0]!.to = 'decoction';
    broken.flows[1]!.id = 'herbs';
    fs.writeFileSync(file, JSON.stringify(broken));
    const unknown = await runCli(['balance', 'reconcile', file, '--json'], env);
    expectFailure(unknown, /invalid balance model:/);
    // Each problem named once, on a line of its own.
    expect(unknown.stderr.match(/flow herbs: unknown process decoction/g)).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^ {2}flow herbs: unknown process decoction$/m);
    expect(unknown.stderr).toMatch(/^ {2}duplicate flow id herbs$/m);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');

    // Not JSON, not a model, no file, a bad option: messages, not stack traces.
    fs.writeFileSync(file, '{"processes": [');
    expectFailure(await runCli(['balance', 'reconcile', file], env), /granules\.json: not valid JSON/);
    fs.writeFileSync(file, JSON.stringify({ processes: [], flows: [{ id: 'x', from: null, to: null, value: -1, sd: 'big' }] }));
    expectFailure(await runCli(['balance', 'reconcile', file], env), /processes: [\s\S]*flows\.0\.sd:/);
    expectFailure(await runCli(['balance', 'reconcile', path.join(work, 'none.json')], env), /none\.json: no such file/);
    fs.writeFileSync(file, JSON.stringify(DEMO_GRANULE_LINE));
    expectFailure(await runCli(['balance', 'reconcile', file, '--alpha', '0.7'], env), /--alpha: "0\.7" must be between 0 and 0\.5/);

    // No database was opened (or created).
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});
