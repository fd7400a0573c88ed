import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

interface Item { organisation: { id: string; nameZh: string }; grade: string; suspended: boolean; score: number | null; reasons: { code: string }[] | null }

/**
 * `herbloop ratings list|show|recompute` on the demo's ratings (the exchange's two years of
 * deliveries, the manifests, the demo's findings and disputes): as the database operator, every
 * firm with its score and reasons.
 */
describe.each(backends)('herbloop ratings on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'ratings-cli', ['byproducts', 'exchange', 'manifests', 'ratings']);
    ({ env } = db);
  }, 300_000);
  afterAll(() => db.close());

  it('list, filter, show, recompute; bad options refused', { timeout: 300_000 }, async () => {
    const list = expectJson<{ items: Item[]; suspendBelow: string }>(await runCli(['ratings', 'list', '--json'], env));
    expect(list.suspendBelow).toBe('B');
    expect(list.items.length).toBeGreaterThan(10);
    expect(list.items.every((i) => i.score !== null && i.reasons !== null)).toBe(true);
    const suspended = expectJson<{ items: Item[] }>(await runCli(['ratings', 'list', '--suspended', '--json'], env)).items;
    expect(suspended.map((i) => i.organisation.nameZh)).toContain('亳州通达环保运输有限公司');
    expect(suspended.every((i) => i.suspended)).toBe(true);

    const shown = expectJson<{ organisation: { id: string }; current: { grade: string; reasons: { code: string }[] }; history: unknown[]; appeals: { status: string }[] }>(await runCli(['ratings', 'show', 'BZ-TRN-TONGDA', '--json'], env));
    expect(shown.current.reasons.map((r) => r.code)).toContain('ratings.reason.findings');
    expect(shown.history.length).toBeGreaterThanOrEqual(24);
    expect(shown.appeals.map((a) => a.status)).toEqual(['open']);
    const text = await runCli(['ratings', 'show', 'BZ-TRN-TONGDA'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/SUSPENDED/);

    const run = expectJson<{ organisations: number; suspensionsStarted: number }>(await runCli(['ratings', 'recompute', '--json'], env));
    // The same record the same day: nothing new is suspended.
    expect(run).toMatchObject({ organisations: list.items.length, suspensionsStarted: 0 });

    expectFailure(await runCli(['ratings', 'list', '--grade', 'Z'], env), /--grade/);
    expectFailure(await runCli(['ratings', 'show', 'NO-SUCH-ORG'], env), /NO-SUCH-ORG/);
  });
});
