import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

interface Case {
  id: string;
  kind: string;
  formula: { code: string; nameZh: string };
  episodeStart: string;
  status: string;
  assignee: { username: string } | null;
  decision: string | null;
  notes?: { cause: string; expectedWeeks: number | null; author: { username: string } | null }[];
}

/**
 * `herbloop warnings …` as a user runs it, on the supply demo (loaded in-process first): scan
 * (idempotent), list, show by FORMULA@START, note and decide acting as the supply monitor with
 * --as, and the refusals (no --as, bad options, an illegal step). Few spawns: each one opens the
 * embedded database anew.
 */
describe.each(backends)('herbloop warnings on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'warnings-cli', ['supply']);
    ({ env } = db);
  }, 300_000);
  afterAll(() => db.close());

  it('scan, list, show, note, decide', { timeout: 600_000 }, async () => {
    const s = expectJson<{ formulas: number; episodes: number; opened: number; unchanged: number; durationMs: number; preWarnings: { firing: number } }>(await runCli(['warnings', 'scan', '--json'], env));
    expect(s.formulas).toBeGreaterThanOrEqual(30);
    expect(s.opened).toBe(s.episodes + s.preWarnings.firing);
    // A scan that closes no untouched case (the steps below work on the 2010 episode).
    const again = expectJson<{ opened: number; unchanged: number; closed: number }>(await runCli(['warnings', 'scan', '--close-after', '36500', '--json'], env));
    expect(again).toMatchObject({ opened: 0, unchanged: s.opened, closed: 0 });

    const ffdsp = expectJson<{ items: Case[] }>(await runCli(['warnings', 'list', '--formula', '复方丹参片', '--kind', 'signal', '--json'], env)).items;
    expect(ffdsp.map((c) => c.episodeStart)).toContain('2010-03-05');

    const shown = expectJson<Case & { analysis: { dominantHerb: string; drivers: { costFrom: number; costTo: number; contributions: Record<string, number> } } }>(
      await runCli(['warnings', 'show', '复方丹参片@2010-03-05', '--json'], env),
    );
    expect(shown.formula.code).toBe('FFDSP');
    expect(shown.analysis.dominantHerb).toBe('三七');
    expect(Object.values(shown.analysis.drivers.contributions).reduce((a, b) => a + b, 0)).toBeCloseTo(shown.analysis.drivers.costTo - shown.analysis.drivers.costFrom, 12);

    // Expert steps need a person: --as the supply monitor.
    expectFailure(await runCli(['warnings', 'note', 'FFDSP@2010-03-05', '--cause', 'speculation', '--text', 'x'], env), /--as USERNAME/);
    expectFailure(await runCli(['warnings', 'decide', 'FFDSP@2010-03-05', '--publish', '--reason', 'too early', '--as', 'ah-tcm'], env), /Not allowed: the case is open/);
    expectFailure(await runCli(['warnings', 'note', 'FFDSP@2010-03-05', '--cause', 'weather', '--text', 'x', '--as', 'ah-tcm'], env), /--cause/);
    const noted = expectJson<Case>(
      await runCli(['warnings', 'note', 'FFDSP@2010-03-05', '--cause', 'speculation', '--weeks', '156', '--text', '游资炒作占据了不小的比例', '--as', 'ah-tcm', '--json'], env),
    );
    expect(noted).toMatchObject({ status: 'analysing', assignee: { username: 'ah-tcm' } });
    expect(noted.notes).toHaveLength(1);
    expect(noted.notes![0]).toMatchObject({ cause: 'speculation', expectedWeeks: 156, author: { username: 'ah-tcm' } });
    expectFailure(await runCli(['warnings', 'decide', 'FFDSP@2010-03-05', '--publish', '--dismiss', '--reason', 'both', '--as', 'ah-tcm'], env), /exactly one of --publish and --dismiss/);
    const decided = expectJson<Case>(await runCli(['warnings', 'decide', 'FFDSP@2010-03-05', '--publish', '--reason', 'Y/P 一度超过 100%', '--as', 'ah-tcm', '--json'], env));
    expect(decided).toMatchObject({ status: 'decided-publish', decision: 'publish' });
    // The table output names the case by a short id prefix, which `show` accepts.
    const table = await runCli(['warnings', 'list', '--status', 'decided-publish'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`${shown.id.slice(0, 8)}  复方丹参片 .*2010-03-05.*decided-publish.*ah-tcm`));
  });
});
