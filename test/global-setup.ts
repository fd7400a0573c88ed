import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { dropRunDatabases, type TestRun } from './helpers/test-run';

declare module 'vitest' {
  export interface ProvidedContext {
    testRun: TestRun;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * PGlite's initdb costs seconds of CPU; loading a data directory made once is several times
 * faster. It depends only on the PGlite version, so it is kept between runs (written whole, then
 * renamed, as several runs may make it at once).
 */
async function pgliteInitdbTemplate(): Promise<string> {
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  const cache = path.join(os.tmpdir(), 'herbloop-test-cache');
  const file = path.join(cache, `pglite-${version}-initdb.tar`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(cache, { recursive: true });
  const pg = await PGlite.create('memory://');
  const dump = await pg.dumpDataDir('none');
  await pg.close();
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, file);
  return file;
}

/**
 * One test run (all projects of one vitest process share it): the PGlite template and the run's
 * demo snapshots (test/helpers/demo-snapshots.ts), removed when the last project is done.
 */
interface SharedRun {
  run: Promise<TestRun>;
  users: number;
}
const shared = globalThis as { herbloopTestRun?: SharedRun };

async function startRun(): Promise<TestRun> {
  const serverUrl = process.env.HERBLOOP_TEST_DATABASE_URL;
  // Databases left by runs that were killed before their teardown.
  if (serverUrl) await dropRunDatabases(serverUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `herbloop-test-run-${process.pid}-`));
  return { dir, databasePrefix: `hl_${process.pid}_`, pgliteTemplate: await pgliteInitdbTemplate() };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.herbloopTestRun ??= { run: startRun(), users: 0 };
  const state = shared.herbloopTestRun;
  state.users++;
  project.provide('testRun', await state.run);
  return async () => {
    if (--state.users > 0) return;
    shared.herbloopTestRun = undefined;
    const run = await state.run;
    fs.rmSync(run.dir, { recursive: true, force: true });
    const serverUrl = process.env.HERBLOOP_TEST_DATABASE_URL;
    if (serverUrl) await dropRunDatabases(serverUrl, process.pid);
  };
}
