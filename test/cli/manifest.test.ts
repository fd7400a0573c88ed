import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseKind } from '../../src/db/connect';
import { backends } from '../helpers/app';
import { type CliDatabase, cliDemoDatabase, expectFailure, expectJson, runCli } from '../helpers/cli';

interface Manifest {
  id: string;
  number: string;
  status: string;
  events: { seq: number; kind: string; method: string }[];
}
interface Verify {
  checked: number;
  events: number;
  broken: { manifest: string; event: string | null; seq: number; reason: string }[];
}

/** The CLI's database, opened in-process to tamper with it between commands. */
async function openDirect(db: CliDatabase) {
  if (db.dataDir) return connectDatabase({ dataDir: db.dataDir });
  const url = new URL(db.env.DATABASE_URL!);
  const schema = url.searchParams.get('options')!.replace('-c search_path=', '');
  url.searchParams.delete('options');
  return connectDatabase({ databaseUrl: url.toString(), schema });
}

/** `herbloop manifest create|sign|show|list|verify --json`: a manifest through its custody, then an edited event caught with exit 1. */
describe.each(backends)('herbloop manifest on %s', (kind: DatabaseKind) => {
  let db: CliDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await cliDemoDatabase(kind, 'manifest-cli', ['platform']);
    env = { ...db.env, HERBLOOP_MANIFEST_KEY_DIR: path.join(db.work, 'keys') };
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it('creates, signs each step, shows, lists and verifies; an edited event fails verify with exit 1', { timeout: 300_000 }, async () => {
    const m = expectJson<Manifest>(
      await runCli(['manifest', 'create', '--generator', 'BZ-MFR-HUATUO', '--receiver', 'BZ-UTL-LVYUAN', '--transporter', 'BZ-TRN-TONGDA:皖S·D1234:马强', '--line', 'SW13:8.5:t:白芍药渣', '--json'], env),
    );
    expect(m).toMatchObject({ status: 'draft', events: [{ seq: 1, kind: 'created', method: 'system' }] });
    for (const [kindOf, data] of [
      ['sealed', null],
      ['picked-up', '{"weights":[{"line":1,"quantity":"8.4"}]}'],
      ['delivered', null],
    ] as const) {
      expectJson<Manifest>(await runCli(['manifest', 'sign', m.id, '--kind', kindOf, ...(data ? ['--data', data] : []), '--json'], env));
    }
    expectFailure(await runCli(['manifest', 'sign', m.id, '--kind', 'sealed'], env), /cannot be sealed/);
    expectFailure(await runCli(['manifest', 'sign', m.id, '--kind', 'teleported'], env), /--kind/);
    expectFailure(await runCli(['manifest', 'create', '--generator', 'BZ-MFR-HUATUO', '--receiver', 'BZ-UTL-LVYUAN', '--transporter', 'BZ-TRN-TONGDA:x:y', '--line', 'XX99:1:t:x'], env), /wasteCode|XX99/);
    const shown = expectJson<Manifest>(await runCli(['manifest', 'show', m.id, '--json'], env));
    expect(shown.events.map((e) => e.kind)).toEqual(['created', 'sealed', 'picked-up', 'delivered']);
    const listed = expectJson<{ items: { id: string }[] }>(await runCli(['manifest', 'list', '--json'], env));
    expect(listed.items.map((i) => i.id)).toEqual([m.id]);
    expect(expectJson<Verify>(await runCli(['manifest', 'verify', '--all', '--json'], env))).toEqual({ checked: 1, events: 4, broken: [] });
    expect(expectJson<{ seq: number; heads: number }>(await runCli(['manifest', 'checkpoint', '--json'], env))).toMatchObject({ seq: 1, heads: 1 });

    const h = await openDirect(db);
    let eventId: string;
    try {
      const e = await h.db.selectFrom('manifest_events').select(['id', 'payload']).where('manifest_id', '=', m.id).where('seq', '=', 3).executeTakeFirstOrThrow();
      eventId = e.id;
      await h.db.updateTable('manifest_events').set({ payload: e.payload.replace('"8.4"', '"8.5"') }).where('id', '=', e.id).execute();
    } finally {
      await h.close();
    }
    const broken = await runCli(['manifest', 'verify', m.id, '--json'], env);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toEqual({ checked: 1, events: 4, broken: [{ manifest: m.id, event: eventId, seq: 3, reason: 'hash-mismatch' }] });
    expect((await runCli(['manifest', 'verify', '--all', '--json'], env)).code).toBe(1);
    expectFailure(await runCli(['manifest', 'verify'], env), /--all/);
  });
});
