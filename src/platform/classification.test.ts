import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../test/helpers/app';
import { classificationLevels, columnLevel, dataClassification, maySee, redactRow } from './classification';

/** Bookkeeping of the migrator: holds no herbloop data. */
const migrationTables = new Set(['kysely_migration', 'kysely_migration_lock']);

describe.each(backends)('data classification registry (%s)', (kind) => {
  let database: TestDatabase;
  let columns: { table: string; column: string }[];
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const result = await sql<{ table: string; column: string }>`
      select c.table_name as "table", c.column_name as "column"
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by 1, 2`.execute(database.db);
    columns = result.rows.filter((r) => !migrationTables.has(r.table));
  });
  afterAll(() => database.close());

  it('registers every column of every table of the migrated database', () => {
    expect(columns.length).toBeGreaterThan(50);
    const missing = columns.filter((c) => columnLevel(c.table, c.column) === undefined).map((c) => `${c.table}.${c.column}`);
    expect(missing, 'add these columns to src/platform/classification.ts').toEqual([]);
  });

  it('lists no column that does not exist (a renamed column must be re-registered)', () => {
    const existing = new Set(columns.map((c) => `${c.table}.${c.column}`));
    const stale = Object.entries(dataClassification).flatMap(([table, cols]) =>
      Object.keys(cols as object).filter((c) => !existing.has(`${table}.${c}`)).map((c) => `${table}.${c}`),
    );
    expect(stale).toEqual([]);
  });

  it('uses only known levels, and keeps secrets restricted', () => {
    for (const cols of Object.values(dataClassification)) {
      for (const level of Object.values(cols as Record<string, string>)) expect(classificationLevels).toContain(level);
    }
    expect(columnLevel('users', 'password_hash')).toBe('restricted');
    expect(columnLevel('api_tokens', 'token_hash')).toBe('restricted');
    expect(columnLevel('sessions', 'token_hash')).toBe('restricted');
    expect(columnLevel('sessions', 'csrf_token')).toBe('restricted');
  });
});

describe('clearance rules', () => {
  it('restricted is never visible; other levels by rank', () => {
    expect(maySee('confidential', 'restricted')).toBe(false);
    expect(maySee('confidential', 'confidential')).toBe(true);
    expect(maySee('internal', 'confidential')).toBe(false);
    expect(maySee('public', 'internal')).toBe(false);
    expect(maySee('public', 'public')).toBe(true);
  });

  it('redactRow keeps only what the clearance allows and drops unregistered keys (fail closed)', () => {
    const row = { id: 'u1', code: 'X', contact_phone: '1', credit_code: 'C', surprise: 'leak' };
    expect(redactRow('organisations', row, 'public')).toEqual({ id: 'u1', code: 'X' });
    expect(redactRow('organisations', row, 'internal')).toEqual({ id: 'u1', code: 'X', credit_code: 'C' });
    expect(redactRow('organisations', row, 'confidential')).toEqual({ id: 'u1', code: 'X', credit_code: 'C', contact_phone: '1' });
    expect(redactRow('users', { username: 'a', password_hash: 'scrypt$…' }, 'confidential')).toEqual({ username: 'a' });
  });
});
