import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connect';
import { knownMigrations, migrateToLatest, migrationStatus } from '../../src/db/migrate';
import { backends, createTestDatabase, testDatabaseUrl } from '../helpers/app';

describe.each(backends)('migrations (%s)', (kind) => {
  it('migrate a fresh schema even when another schema of the database has its own migration tables', async () => {
    // `first` holds kysely_migration already; a second schema must still get its own.
    const first = await createTestDatabase(kind);
    try {
      const other = `m_${first.schema.slice(2)}`;
      if (kind === 'postgres') {
        const handle = await connectDatabase({ databaseUrl: testDatabaseUrl, schema: other, poolSize: 1 });
        try {
          await sql`create schema ${sql.id(other)}`.execute(handle.db);
          expect(await migrateToLatest(handle.db)).toEqual(knownMigrations());
          expect((await migrationStatus(handle.db)).every((m) => m.executedAt !== null)).toBe(true);
          // Running again applies nothing.
          expect(await migrateToLatest(handle.db)).toEqual([]);
        } finally {
          await sql`drop schema ${sql.id(other)} cascade`.execute(handle.db);
          await handle.close();
        }
      } else {
        // PGlite is one connection: switch its search_path to the other schema and back.
        await sql`create schema ${sql.id(other)}`.execute(first.db);
        await sql`set search_path to ${sql.id(other)}`.execute(first.db);
        try {
          expect(await migrateToLatest(first.db)).toEqual(knownMigrations());
          expect(await migrateToLatest(first.db)).toEqual([]);
          const tables = await sql<{ n: number }>`select count(*)::int8 as n from information_schema.tables where table_schema = ${other}`.execute(first.db);
          expect(tables.rows[0]!.n).toBeGreaterThan(10);
        } finally {
          await sql`set search_path to ${sql.id(first.schema)}`.execute(first.db);
          await sql`drop schema ${sql.id(other)} cascade`.execute(first.db);
        }
      }
      expect((await migrationStatus(first.db)).map((m) => m.name)).toEqual(knownMigrations());
    } finally {
      await first.close();
    }
  });
});
