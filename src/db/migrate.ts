import { type Kysely, sql } from 'kysely';
import { type MigrationResultSet, Migrator } from 'kysely/migration';
import type { Database } from './database';
import { migrations } from './migrations/index';

/**
 * The bookkeeping tables live in the schema we work in. Kysely, when not told the schema,
 * looks for `kysely_migration` in every schema of the database and then queries it unqualified:
 * a database where another schema (another app, another test) has one would skip creating ours.
 */
async function migrator(db: Kysely<Database>): Promise<Migrator> {
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export interface MigrationState {
  name: string;
  executedAt: Date | null;
}

/**
 * True when the schema has recorded exactly the known migrations. The migrator finds out the
 * same by introspecting the whole catalogue, which takes about a second on PGlite; every CLI
 * command opens the database this way, so the common case gets a single cheap query.
 */
async function isUpToDate(db: Kysely<Database>): Promise<boolean> {
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  if (!schema) return false;
  const exists = await sql<{ found: string | null }>`select to_regclass(${`${schema}.kysely_migration`}) as found`.execute(db);
  if (!exists.rows[0]?.found) return false;
  const done = (await sql<{ name: string }>`select name from ${sql.table(`${schema}.kysely_migration`)}`.execute(db)).rows.map((r) => r.name).sort();
  const known = knownMigrations();
  return done.length === known.length && done.every((name, i) => name === known[i]);
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  if (await isUpToDate(db)) return [];
  const result: MigrationResultSet = await (await migrator(db)).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrationStatus(db: Kysely<Database>): Promise<MigrationState[]> {
  const infos = await (await migrator(db)).getMigrations();
  return infos.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }));
}

/**
 * Names of the applied migrations in one small query (the health check runs it on every probe;
 * the migrator's getMigrations introspects the catalogue, tens of ms under load). A schema
 * without the bookkeeping table has applied none.
 */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  try {
    const r = await sql<{ names: string[] | null }>`select array_agg(name order by name) as names from kysely_migration`.execute(db);
    return r.rows[0]?.names ?? [];
  } catch (error) {
    if ((error as { code?: unknown }).code === '42P01') return [];
    throw error;
  }
}

export function knownMigrations(): string[] {
  return Object.keys(migrations).sort();
}
