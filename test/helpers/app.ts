import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import fs from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { Kysely } from 'kysely';
import { loadConfig, type AppConfig } from '../../src/config';
import type { DatabaseKind } from '../../src/db/connect';
import { connectDatabase, createSchema, dropSchema } from '../../src/db/connect';
import type { Database, DB } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { DEMO_PASSWORD } from '../../src/demo/platform.dataset';
import { loadDemo } from '../../src/demo/load';
import { type AppInstance, buildApp } from '../../src/server/app';
import { PgliteThread, PgliteThreadDialect } from '../../src/db/pglite-thread';
import { demoStepIds, pgliteSnapshotFile, postgresFromSnapshot, SNAPSHOT_SCHEMA, testRun } from './demo-snapshots';
import type { TestRun } from './test-run';

/**
 * Test databases. Every suite runs against PGlite; it also runs against a PostgreSQL server
 * when HERBLOOP_TEST_DATABASE_URL is set (CI sets it and HERBLOOP_REQUIRE_POSTGRES=1, which
 * turns a missing or unreachable server into a failure instead of a skip). Each test app gets a
 * fresh schema (or, with a demo, a fresh copy of that demo), so tests never see each other's rows.
 */
export const testDatabaseUrl = process.env.HERBLOOP_TEST_DATABASE_URL || undefined;
if (process.env.HERBLOOP_REQUIRE_POSTGRES === '1' && !testDatabaseUrl) {
  throw new Error('HERBLOOP_REQUIRE_POSTGRES=1 but HERBLOOP_TEST_DATABASE_URL is not set');
}
export const backends: DatabaseKind[] = testDatabaseUrl ? ['pglite', 'postgres'] : ['pglite'];

let sharedPglite: Promise<PgliteThread> | undefined;
let openPgliteSchema: { schema: string; testFile: string } | undefined;
/**
 * One in-memory PGlite per test worker (its test files run one after another) for the test databases without a demo; schemas keep
 * tests apart. It starts from the data directory made once by test/global-setup.ts rather than
 * running initdb. (A database with a demo gets its own instance, from a demo snapshot.) Each runs
 * in a worker thread, as `herbloop serve` runs the embedded database (src/db/pglite-thread.ts).
 */
function pglite(): Promise<PgliteThread> {
  const template = testRun()?.pgliteTemplate;
  sharedPglite ??= PgliteThread.open({ dataDir: 'memory://', loadDataDir: template && fs.existsSync(template) ? template : undefined });
  return sharedPglite;
}

export interface TestDatabase {
  db: DB;
  kind: DatabaseKind;
  schema: string;
  /** PostgreSQL: the URL of the database the schema is in (a database of its own when it has a demo). */
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * A fresh database: an empty migrated schema, or with `demo` (true: every step; a list: those
 * steps plus `platform`) a copy of that demo, which in a vitest run is loaded once per run and
 * copied for each database (test/helpers/demo-snapshots.ts).
 */
export async function createTestDatabase(kind: DatabaseKind, options: { demo?: true | readonly string[] } = {}): Promise<TestDatabase> {
  const run = testRun();
  if (options.demo && run) return databaseFromSnapshot(kind, run, demoStepIds(options.demo));
  const database = await emptyTestDatabase(kind);
  if (options.demo) {
    try {
      await loadDemo(database.db, undefined, options.demo === true ? {} : { steps: options.demo });
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

async function databaseFromSnapshot(kind: DatabaseKind, run: TestRun, steps: string[]): Promise<TestDatabase> {
  if (kind === 'postgres') {
    if (!testDatabaseUrl) throw new Error('postgres backend requested without HERBLOOP_TEST_DATABASE_URL');
    const copy = await postgresFromSnapshot(testDatabaseUrl, run, steps);
    return {
      db: copy.handle.db,
      kind,
      schema: SNAPSHOT_SCHEMA,
      databaseUrl: copy.url,
      async close() {
        await copy.handle.close();
        await copy.drop();
      },
    };
  }
  const handle = await connectDatabase({ dataDir: 'memory://', pglite: 'thread', loadDataDir: await pgliteSnapshotFile(run, steps), schema: SNAPSHOT_SCHEMA });
  return { db: handle.db, kind, schema: SNAPSHOT_SCHEMA, databaseUrl: undefined, close: () => handle.close() };
}

async function emptyTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  if (kind === 'postgres') {
    if (!testDatabaseUrl) throw new Error('postgres backend requested without HERBLOOP_TEST_DATABASE_URL');
    await createSchema(testDatabaseUrl, schema);
    const handle = await connectDatabase({ databaseUrl: testDatabaseUrl, schema, poolSize: 4 });
    await migrateToLatest(handle.db);
    return {
      db: handle.db,
      kind,
      schema,
      databaseUrl: testDatabaseUrl,
      async close() {
        await handle.close();
        await dropSchema(testDatabaseUrl, schema);
      },
    };
  }
  const pg = await pglite();
  // PGlite is a single connection: switching search_path switches the whole instance, so tests
  // in one file run one after another (vitest's default within a file), and two PGlite test
  // databases without a demo must not be open at the same time: close one before the next.
  const testFile = expect.getState().testPath ?? '';
  if (openPgliteSchema?.testFile === testFile) {
    throw new Error(`PGlite test database ${openPgliteSchema.schema} is still open: close it before creating another (one search_path per PGlite instance).`);
  }
  // Test files share a worker's instance (isolate: false): one that failed before closing its
  // database must not fail the next file.
  if (openPgliteSchema) await pg.exec(`DROP SCHEMA IF EXISTS ${openPgliteSchema.schema} CASCADE;`);
  openPgliteSchema = { schema, testFile };
  await pg.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
  const db = new Kysely<Database>({ dialect: new PgliteThreadDialect(pg, { closeOnDestroy: false }) });
  await migrateToLatest(db);
  return {
    db,
    kind,
    schema,
    databaseUrl: undefined,
    async close() {
      // Not db.destroy(): that would close the shared PGlite instance.
      await pg.exec(`SET search_path TO public; DROP SCHEMA ${schema} CASCADE;`);
      openPgliteSchema = undefined;
    },
  };
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({}), dataDir: 'memory://', ...overrides };
}

export interface TestApp {
  app: AppInstance;
  db: DB;
  kind: DatabaseKind;
  /** PostgreSQL: the URL of the app's database (with `db`'s schema); undefined on PGlite. */
  databaseUrl: string | undefined;
  /** Logs in as a demo (or any) user and returns a client that sends the cookie and CSRF token. */
  login(username: string, password?: string, organisationId?: string): Promise<TestClient>;
  /** A client without a session (public access, or Bearer tokens). */
  anonymous(headers?: Record<string, string>): TestClient;
  close(): Promise<void>;
}

export interface TestClient {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
  cookie: string | null;
  csrf: string | null;
}

/**
 * `demo`: a list loads those demo steps (plus `platform`); omitted, only `platform` (the
 * organisations, sites and users); true every step; false none. Each set of steps is loaded once
 * per run and copied for each app; still ask only for what a test exercises: the first load of
 * the supply step's price history takes seconds.
 */
export async function createTestApp(
  options: { kind?: DatabaseKind; demo?: boolean | readonly string[]; config?: Partial<AppConfig> } = {},
): Promise<TestApp> {
  const demo = options.demo === false ? undefined : options.demo === true ? true : (options.demo ?? ['platform']);
  const database = await createTestDatabase(options.kind ?? 'pglite', demo ? { demo } : {});
  const app = await buildApp({ db: database.db, dbKind: database.kind, config: testConfig(options.config), logger: false, webDist: null });
  await app.ready();

  const client = (cookie: string | null, csrf: string | null, extra: Record<string, string> = {}): TestClient => {
    const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
      app.inject({
        method,
        url,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
          ...extra,
        },
        ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
      });
    return {
      cookie,
      csrf,
      get: (url) => send('GET', url),
      post: (url, body) => send('POST', url, body ?? {}),
      patch: (url, body) => send('PATCH', url, body ?? {}),
      delete: (url) => send('DELETE', url),
    };
  };

  return {
    app,
    db: database.db,
    kind: database.kind,
    databaseUrl: database.databaseUrl,
    anonymous: (headers) => client(null, null, headers),
    async login(username, password = DEMO_PASSWORD, organisationId) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...(organisationId ? { organisationId } : {}) } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const session = res.cookies.find((c) => c.name === 'herbloop_session');
      const body = res.json<{ csrfToken: string }>();
      return client(`herbloop_session=${session!.value}`, body.csrfToken);
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

