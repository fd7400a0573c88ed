import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import type pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { demoSteps, loadDemo } from '../../src/demo/load';
import { isAlive, type TestRun, withClient } from './test-run';

/**
 * Demo snapshots: loading a demo (the supply step's price history above all) costs seconds of
 * CPU, and many test apps load the same steps. The first app of a run that asks for a set of
 * steps migrates and loads them once (and keeps that database); every app after it, in any
 * worker, starts from a physical copy of it, so each app still gets its own fresh rows:
 *
 * - PGlite: a data directory dump in the run's directory, loaded into a new in-memory instance
 *   in a worker thread (as `herbloop serve` runs it);
 * - PostgreSQL: a template database, copied with `CREATE DATABASE … TEMPLATE` (a block copy).
 *
 * Builders of the same snapshot are serialised across worker processes (a lock file, an advisory
 * lock), so a snapshot is built once per run. test/global-setup.ts provides the run and removes
 * its snapshots at the end; outside a vitest run there are none and callers load the demo.
 *
 * A snapshot of a partial demo is built on the snapshot of the same steps without the last one
 * (`baseOf`): steps load in a fixed order, each on the ones before it, so `supply, warnings,
 * bulletins` is `supply, warnings` plus one step, and the price history (seconds of CPU) is
 * loaded once per run instead of once per set of steps that contains it.
 */

/** The schema a snapshot's rows live in (the app's search_path). */
export const SNAPSHOT_SCHEMA = 't_demo';

export function testRun(): TestRun | undefined {
  try {
    return inject('testRun');
  } catch {
    // Outside a vitest worker (a script reusing the helpers): no run, no snapshots.
    return undefined;
  }
}

/** The demo step ids as loadDemo selects them (platform first, in loading order). */
export function demoStepIds(demo: true | readonly string[]): string[] {
  if (demo === true) return demoSteps.map((s) => s.id);
  const unknown = demo.filter((id) => !demoSteps.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`Unknown demo step(s): ${unknown.join(', ')}; known: ${demoSteps.map((s) => s.id).join(', ')}`);
  return demoSteps.filter((s) => s.id === 'platform' || demo.includes(s.id)).map((s) => s.id);
}

function snapshotKey(steps: readonly string[]): string {
  return createHash('sha256').update(steps.join(',')).digest('hex').slice(0, 12);
}

/**
 * The steps whose snapshot `steps` is built on: the same without the last step. None for the
 * platform and one step (the base would be the platform step alone, which migrating and loading
 * cost about as much as dumping and loading a copy), nor for the whole demo: no test asks for
 * its prefixes, and each link of a chain costs a dump and a load of a larger database.
 */
function baseOf(steps: readonly string[]): string[] | undefined {
  if (steps.length <= 2 || steps.length === demoSteps.length) return undefined;
  return steps.slice(0, -1);
}

/** Loads these demo steps (ids, in loading order) in one transaction, as loadDemo does, on a database that holds the steps before them. */
async function loadSteps(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  const steps = ids.map((id) => demoSteps.find((s) => s.id === id)!);
  await db.transaction().execute(async (trx) => {
    for (const step of steps) await step.load(trx, () => undefined);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` holding `lock` (a file with the holder's pid) against other processes; a dead holder's lock is taken over. */
async function withFileLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lock, { encoding: 'utf8', flag: 'a+' }));
      if (holder > 0 && !isAlive(holder)) fs.rmSync(lock, { force: true });
      else await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** A new in-memory PGlite from a data directory dump (the test run's initdb template, or a snapshot). */
async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  const loadDataDir = dataDir && fs.existsSync(dataDir) ? new Blob([fs.readFileSync(dataDir)]) : undefined;
  return PGlite.create('memory://', {
    parsers: { 1082: (value: string) => value },
    ...(loadDataDir ? { loadDataDir } : {}),
  });
}

/**
 * The data directory dump holding these demo steps in SNAPSHOT_SCHEMA, built (in process) by the
 * first caller of the run; test apps open it in a worker thread, as the server does.
 */
export async function pgliteSnapshotFile(run: TestRun, steps: readonly string[]): Promise<string> {
  const file = path.join(run.dir, `pglite-demo-${snapshotKey(steps)}.tar`);
  if (fs.existsSync(file)) return file;
  return withFileLock(`${file}.lock`, async () => {
    if (fs.existsSync(file)) return file;
    const base = baseOf(steps);
    const pglite = await openPglite(base ? await pgliteSnapshotFile(run, base) : run.pgliteTemplate);
    try {
      const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
      if (base) {
        await pglite.exec(`SET search_path TO ${SNAPSHOT_SCHEMA};`);
        await loadSteps(db, steps.slice(base.length));
      } else {
        await pglite.exec(`CREATE SCHEMA ${SNAPSHOT_SCHEMA}; SET search_path TO ${SNAPSHOT_SCHEMA};`);
        await migrateToLatest(db);
        await loadDemo(db, undefined, { steps });
      }
      const dump = await pglite.dumpDataDir('none');
      const partial = `${file}.${process.pid}.partial`;
      fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(partial, file);
      return file;
    } finally {
      await pglite.close();
    }
  });
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates database `name` as a copy of `template` (a block copy on the server). */
async function copyDatabase(admin: pg.Client, name: string, template: string): Promise<void> {
  // Two copies of one template at once are fine; a copy while the template is still connected
  // to (its builder's pool closing) is refused as "being accessed by other users": try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
      await sleep(100);
    }
  }
}

/** The name of this run's template database of these steps, built now if it does not exist yet. */
async function postgresTemplate(serverUrl: string, run: TestRun, steps: readonly string[]): Promise<string> {
  const name = `${run.databasePrefix}tpl_${snapshotKey(steps)}`;
  return withClient(serverUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return name;
      // Built under another name and renamed when complete: a crashed build leaves no half template.
      const building = `${name}_build`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      const base = baseOf(steps);
      if (base) await copyDatabase(admin, building, await postgresTemplate(serverUrl, run, base));
      else {
        await admin.query(`CREATE DATABASE ${building}`);
        await withClient(databaseUrl(serverUrl, building), (c) => c.query(`CREATE SCHEMA ${SNAPSHOT_SCHEMA}`));
      }
      const handle = await connectDatabase({ databaseUrl: databaseUrl(serverUrl, building), schema: SNAPSHOT_SCHEMA, poolSize: 4 });
      try {
        if (base) await loadSteps(handle.db, steps.slice(base.length));
        else {
          await migrateToLatest(handle.db);
          await loadDemo(handle.db, undefined, { steps });
        }
      } finally {
        await handle.close();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
}

/** A new database on the server, copied from this run's template of these steps. */
export async function postgresFromSnapshot(
  serverUrl: string,
  run: TestRun,
  steps: readonly string[],
): Promise<{ handle: DatabaseHandle; url: string; drop(): Promise<void> }> {
  const template = await postgresTemplate(serverUrl, run, steps);
  const name = `${run.databasePrefix}${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (c) => copyDatabase(c, name, template));
  const url = databaseUrl(serverUrl, name);
  const handle = await connectDatabase({ databaseUrl: url, schema: SNAPSHOT_SCHEMA, poolSize: 4 });
  return {
    handle,
    url,
    drop: () => withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
