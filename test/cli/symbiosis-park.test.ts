import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

/**
 * `herbloop symbiosis map|stop|criticality|evaluate --park P` on the demo park (by-products,
 * exchange and symbiosis demo steps loaded): the figures of the stored network, a cascade that
 * matches the criticality ranking, the evaluation, and a bad option named. One test per backend.
 */
const year = String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() - 1);

describe.each(backends)('herbloop symbiosis (stored park) on %s', (kind: DatabaseKind) => {
  let d: CliDatabase;
  beforeAll(async () => {
    d = await cliDemoDatabase(kind, 'symbiosis-cli', ['byproducts', 'exchange', 'symbiosis']);
  }, 300_000);
  afterAll(async () => {
    await d.close();
  });

  it('maps, stops, ranks and evaluates the demo park with --json', { timeout: 300_000 }, async () => {
    const map = expectJson<{ access: string; figures: { kind: string; basis: string; links: number; nodes: number; connectance: number }[] }>(await runCli(['symbiosis', 'map', '--park', 'BZ-TCM-PARK', '--year', year, '--json'], d.env));
    expect(map.access).toBe('full');
    const energy = map.figures.find((f) => f.kind === 'energy' && f.basis === 'actual')!;
    expect(energy.links).toBe(2);

    const crit = expectJson<{ items: { firm: { code: string }; displacedTonnes: number }[] }>(await runCli(['symbiosis', 'criticality', '--park', 'BZ-TCM-PARK', '--year', year, '--json'], d.env));
    const top = crit.items[0]!;
    const stop = expectJson<{ stopped: { code: string }[]; displacedTonnes: number }>(await runCli(['symbiosis', 'stop', '--park', 'BZ-TCM-PARK', '--firm', top.firm.code, '--year', year, '--json'], d.env));
    expect(stop.stopped[0]!.code).toBe(top.firm.code);
    expect(stop.displacedTonnes).toBeCloseTo(top.displacedTonnes, 6);

    const ev = expectJson<{ years: number[]; systems: { code: string }[] }>(await runCli(['symbiosis', 'evaluate', '--park', 'BZ-TCM-PARK', '--to', year, '--json'], d.env));
    expect(ev.years).toHaveLength(3);
    expect(ev.systems.map((s) => s.code)).toEqual(['HERBLOOP-PARK', 'HJ274', 'NDRC-CE']);
    const gaps = expectJson<{ gaps: unknown[]; attractions: { rank: number; utiliser: string }[] }>(await runCli(['symbiosis', 'gaps', '--park', 'BZ-TCM-PARK', '--year', year, '--json'], d.env));
    expect(gaps.attractions[0]!.rank).toBe(1);
    expect(gaps.gaps.length).toBeGreaterThan(0);
    const table = await runCli(['symbiosis', 'criticality', '--park', 'BZ-TCM-PARK', '--year', year], d.env);
    expect(table.stdout).toContain(top.firm.code);
    expectFailure(await runCli(['symbiosis', 'map', '--park', 'BZ-TCM-PARK', '--year', 'last'], d.env), /--year: expected a year/);
  });
});
