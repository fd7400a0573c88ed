import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database';
import { lockDataDir, type DataDirLock } from './lock';
import { PgliteThread, PgliteThreadDialect } from './pglite-thread';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for an in-memory database (tests, benchmarks). */
  dataDir?: string;
  /** Postgres schema to work in (tests use one fresh schema each). */
  schema?: string;
  /** Who opens the data dir, shown to a second process that is refused. */
  command?: string;
  poolSize?: number;
  /**
   * Where PGlite runs: `thread` (the server: a worker thread, so queries never stop the event
   * loop that answers requests) or `in-process` (the CLI: one command, no other requests to keep
   * answering, and no thread to start). Default `in-process`.
   */
  pglite?: 'thread' | 'in-process';
  /** A PGlite data directory dump (tar) to start an in-memory database from (test snapshots). */
  loadDataDir?: string;
  /**
   * An idle pooled connection broke (the server restarted, an administrator ended it). The pool
   * has already dropped it and opens a new one for the next query; the server logs it.
   */
  onIdleConnectionError?: (error: Error) => void;
}

const INT8 = 20;
const DATE = 1082;

/**
 * Both drivers are told to return the same JavaScript types so that queries, tests and backups
 * behave identically: int8 → number (counts and ids stay far below 2^53), numeric → string
 * (exact money and quantities), date → 'YYYY-MM-DD' string (a calendar day has no time zone),
 * timestamptz → Date.
 */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return n;
}

function postgresTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8) return parseInt8;
      if (oid === DATE) return (value: string) => value;
      return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

function schemaNameIsSafe(schema: string): boolean {
  return /^[a-z_][a-z0-9_]{0,62}$/.test(schema);
}

export async function connectDatabase(options: ConnectOptions): Promise<DatabaseHandle> {
  const schema = options.schema;
  if (schema !== undefined && !schemaNameIsSafe(schema)) throw new Error(`Unsafe schema name "${schema}"`);

  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: postgresTypes(),
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // Without a listener, node-postgres rethrows an idle connection's error and ends the process.
    pool.on('error', (error) => options.onIdleConnectionError?.(error));
    // Fail at start-up with the server's own message rather than on the first request.
    const client = await pool.connect();
    client.release();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }

  const dataDir = options.dataDir ?? path.resolve('data');
  const inMemory = dataDir.startsWith('memory://');
  const lock: DataDirLock | undefined = inMemory ? undefined : await lockDataDir(dataDir, options.command ?? 'herbloop');
  const close = (db: Kysely<Database>) => async () => {
    try {
      await db.destroy();
    } finally {
      lock?.release();
    }
  };
  if (options.pglite === 'thread') {
    let thread: PgliteThread;
    try {
      thread = await PgliteThread.open({ dataDir: inMemory ? dataDir : path.join(dataDir, 'pgdata'), loadDataDir: options.loadDataDir, schema });
    } catch (error) {
      lock?.release();
      throw error;
    }
    const db = new Kysely<Database>({ dialect: new PgliteThreadDialect(thread) });
    return { db, kind: 'pglite', close: close(db) };
  }
  let pglite: PGlite;
  try {
    const loadDataDir = options.loadDataDir ? new Blob([fs.readFileSync(options.loadDataDir)]) : undefined;
    pglite = await PGlite.create(inMemory ? dataDir : path.join(dataDir, 'pgdata'), {
      parsers: { [pgliteTypes.DATE]: (value: string) => value },
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  if (schema) {
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema};`);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, kind: 'pglite', close: close(db) };
}

/** Creates a schema on a server (tests). PGlite creates it in `connectDatabase`. */
export async function createSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!schemaNameIsSafe(schema)) throw new Error(`Unsafe schema name "${schema}"`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.end();
  }
}

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!schemaNameIsSafe(schema)) throw new Error(`Unsafe schema name "${schema}"`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
