import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupFormatError, backupDatabase, restoreDatabase } from '../../src/db/backup';
import type { DB } from '../../src/db/database';
import { knownMigrations, migrationStatus } from '../../src/db/migrate';
import { systemServiceContext } from '../../src/platform/viewer';
import { createOrganisation } from '../../src/modules/organisations/organisations.service';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/app';
import { makeSite, makeToken, orgId } from '../helpers/fixtures';

/**
 * Every row of every table as PostgreSQL's own text form of the record, in UTC: numerics keep
 * every digit, timestamps their microseconds, jsonb its exact value (and SQL NULL stays
 * distinct from JSON null). Sorted, so physical order does not matter.
 */
async function snapshot(db: DB): Promise<Record<string, string[]>> {
  return db.transaction().execute(async (trx) => {
    await sql`set local timezone = 'UTC'`.execute(trx);
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'kysely_migration_lock'
      order by 1`.execute(trx);
    const out: Record<string, string[]> = {};
    for (const { name } of tables.rows) {
      const rows = await sql<{ r: string }>`select t::text as r from ${sql.table(name)} t`.execute(trx);
      out[name] = rows.rows.map((x) => x.r).sort();
    }
    return out;
  });
}

/** Rows that exercise the awkward types: exact numerics, microsecond timestamps, nested jsonb, nulls. */
async function addAwkwardRows(db: DB): Promise<void> {
  const huatuo = await orgId(db, 'BZ-MFR-HUATUO');
  await db
    .insertInto('sites')
    .values({ organisation_id: huatuo, name: 'edge "quoted" \\ site\nline 2 🌿', address: '亳州 1 号', latitude: '-89.999999', longitude: '179.000001' })
    .execute();
  await makeSite(db, huatuo);
  await makeToken(db, huatuo, 'reader');
  await db
    .insertInto('audit_log')
    .values({
      action: 'test.awkward',
      entity_type: 'test',
      entity_id: null,
      organisation_id: null,
      before: JSON.stringify({ nested: { list: [1, 2.5, '3', null, true], big: '12345678901234567890.123456789' }, text: 'a "b" \\ c\n中文' }),
      after: JSON.stringify([]),
      at: sql<Date>`'2026-01-02 03:04:05.123456+08'::timestamptz`,
      request_id: 'round-trip',
    })
    .execute();
  await db.insertInto('rate_limits').values({ key: 'login:user:x', window_start: new Date('2026-11-22T06:00:00Z'), count: 7 }).execute();
  await db.transaction().execute((trx) =>
    createOrganisation(trx, systemServiceContext('test'), { code: 'NO-OPTIONALS', nameZh: '空', nameEn: 'Empty optionals', type: 'utilizer', regionCode: '341602' }),
  );
}

/**
 * Keeps at most `keep` rows of each big table that no foreign key points to (the demo's price
 * history has 10^5+ rows): every table still has rows of every kind, and the test stays fast.
 */
async function thinOut(db: DB, keep: number): Promise<void> {
  const referenced = await sql<{ name: string }>`
    select distinct ccu.table_name as name
    from information_schema.table_constraints tc
    join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.constraint_schema = tc.constraint_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db);
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  const skip = new Set(referenced.rows.map((r) => r.name));
  for (const { name } of tables.rows) {
    if (skip.has(name)) continue;
    await sql`delete from ${sql.table(name)} where ctid not in (select ctid from ${sql.table(name)} limit ${keep})`.execute(db);
  }
}

function tmpFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-backup-')), name);
}

/** The round trip goes through PostgreSQL when a server is configured, else through another PGlite schema. */
const through = backends.at(-1)!;

describe('backup and restore round trip', () => {
  // The whole demo (price history included), copied from the run's snapshot; backing it up and
  // restoring it twice takes minutes on a loaded 2-core machine.
  it(`PGlite → ${through} → PGlite loses nothing, and identities continue`, { timeout: 240_000 }, async () => {
    // The source is PGlite with every demo step (price history included) plus awkward rows.
    const source = await createTestDatabase('pglite', { demo: true });
    let file: string;
    let original: Record<string, string[]>;
    try {
      await thinOut(source.db, 2000);
      await addAwkwardRows(source.db);
      original = await snapshot(source.db);
      file = tmpFile('source.ndjson.gz');
      const header = await backupDatabase(source.db, file);
      const rows = Object.entries(original).filter(([t]) => t !== 'kysely_migration');
      expect(header.tables.map((t) => [t.name, t.rows]).sort()).toEqual(rows.map(([t, r]) => [t, r.length]).sort());
    } finally {
      await source.close();
    }
    expect(original.organisations!.length).toBeGreaterThanOrEqual(28);
    expect(Object.keys(original)).toContain('kysely_migration');

    // The target holds other data first: restore replaces all of it.
    const target = await createTestDatabase(through, { demo: ['platform'] });
    let second: string;
    try {
      await target.db.deleteFrom('sites').execute();
      await restoreDatabase(target.db, file);
      expect(await snapshot(target.db)).toEqual(original);
      second = tmpFile('second.ndjson.gz');
      await backupDatabase(target.db, second);
    } finally {
      await target.close();
    }

    const back = await createTestDatabase('pglite');
    try {
      await restoreDatabase(back.db, second);
      expect(await snapshot(back.db)).toEqual(original);
      const maxId = Math.max(...(await back.db.selectFrom('audit_log').select('id').execute()).map((r) => Number(r.id)));
      const next = await back.db
        .insertInto('audit_log')
        .values({ action: 'after.restore', entity_type: 'test', request_id: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(Number(next.id)).toBe(maxId + 1);
      expect((await migrationStatus(back.db)).every((m) => m.executedAt !== null)).toBe(true);
    } finally {
      await back.close();
    }
  });
});

describe.each(backends)('a damaged backup on %s', (kind) => {
  describe('is refused and leaves the database as it was', () => {
    let target: TestDatabase;
    let before: Record<string, string[]>;
    let file: string;
    beforeAll(async () => {
      target = await createTestDatabase(kind, { demo: ['platform'] });
      before = await snapshot(target.db);
      file = tmpFile('good.ndjson.gz');
      await backupDatabase(target.db, file);
    });
    afterAll(() => target.close());

    const lines = () => gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
    const writeGz = (name: string, content: string) => {
      const f = tmpFile(name);
      fs.writeFileSync(f, gzipSync(content));
      return f;
    };

    it('truncated file (cut in the middle of the gzip stream)', async () => {
      const bytes = fs.readFileSync(file);
      const cut = tmpFile('cut.ndjson.gz');
      fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      await expect(restoreDatabase(target.db, cut)).rejects.toThrow(BackupFormatError);
      expect(await snapshot(target.db)).toEqual(before);
    });

    it('a row missing (valid gzip, counts disagree with the header)', async () => {
      const all = lines();
      const f = writeGz('missing.ndjson.gz', [...all.slice(0, -1)].join('\n'));
      await expect(restoreDatabase(target.db, f)).rejects.toThrow(/truncated or altered/);
      expect(await snapshot(target.db)).toEqual(before);
    });

    it('a garbled row', async () => {
      const all = lines();
      all[5] = all[5]!.slice(0, 20);
      await expect(restoreDatabase(target.db, writeGz('garbled.ndjson.gz', all.join('\n')))).rejects.toThrow(BackupFormatError);
      expect(await snapshot(target.db)).toEqual(before);
    });

    it('not a backup at all, or from a newer herbloop', async () => {
      const plain = tmpFile('plain.txt');
      fs.writeFileSync(plain, 'hello, this is not gzip');
      await expect(restoreDatabase(target.db, plain)).rejects.toThrow(BackupFormatError);
      await expect(restoreDatabase(target.db, writeGz('json.gz', '{"hello":1}\n'))).rejects.toThrow(/not a herbloop backup/);
      const [header, ...rows] = lines();
      const newer = JSON.parse(header!) as { migrations: { name: string; timestamp: string }[] };
      newer.migrations.push({ name: '29991231T2359_future', timestamp: new Date().toISOString() });
      await expect(restoreDatabase(target.db, writeGz('newer.ndjson.gz', [JSON.stringify(newer), ...rows].join('\n')))).rejects.toThrow(/newer herbloop/);
      expect(await snapshot(target.db)).toEqual(before);
    });

    it('migration status lists every known migration as applied', async () => {
      const status = await migrationStatus(target.db);
      expect(status.map((m) => m.name)).toEqual(knownMigrations());
      expect(status.every((m) => m.executedAt instanceof Date)).toBe(true);
    });
  });
});
