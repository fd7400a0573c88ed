import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { expect } from 'vitest';
import { connectDatabase, createSchema, type DatabaseKind, dropSchema } from '../../src/db/connect';
import { migrateToLatest } from '../../src/db/migrate';
import { loadDemo } from '../../src/demo/load';
import { testDatabaseUrl } from './app';
import { demoStepIds, pgliteSnapshotFile, postgresFromSnapshot, SNAPSHOT_SCHEMA, testRun } from './demo-snapshots';

/** The repository root: CLI child processes run `node bin/herbloop.js` from here. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a node script in a child process with a clean database environment plus `env`. */
export function runNode(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliRun> {
  const base = { ...process.env };
  for (const key of ['DATABASE_URL', 'HERBLOOP_DATA_DIR', 'HERBLOOP_PASSWORD']) delete base[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** `herbloop …` as a user runs it. */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliRun> {
  return runNode(['bin/herbloop.js', ...args], env, input);
}

/** A pid that certainly belonged to a process that has exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid!;
}

/** The exit code 0 and the parsed JSON of a `--json` run (the assertion shows stderr when it fails). */
export function expectJson<T>(run: CliRun): T {
  expect(run, `exit ${run.code}: ${run.stderr}`).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout) as T;
}

/** A refused command: non-zero exit, a message matching `mentions`, and no stack trace. */
export function expectFailure(run: CliRun, mentions: RegExp): void {
  expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).not.toBe(0);
  expect(run.stderr).toMatch(mentions);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

export interface CliDatabase {
  /** Environment for runCli: HERBLOOP_DATA_DIR (PGlite) or DATABASE_URL with a fresh schema. */
  env: Record<string, string>;
  /** The PGlite data dir; undefined on PostgreSQL. */
  dataDir: string | undefined;
  /** A temporary directory for the test's files, removed by close(). */
  work: string;
  close(): Promise<void>;
}

/** An empty database for CLI child processes: a new data dir, or a new schema on the test server. */
export async function cliDatabase(kind: DatabaseKind, prefix: string): Promise<CliDatabase> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `herbloop-${prefix}-`));
  let schema: string | undefined;
  let env: Record<string, string>;
  let dataDir: string | undefined;
  if (kind === 'postgres') {
    schema = `cli_${randomBytes(5).toString('hex')}`;
    await createSchema(testDatabaseUrl!, schema);
    const url = new URL(testDatabaseUrl!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    env = { DATABASE_URL: url.toString() };
  } else {
    dataDir = path.join(work, 'data');
    env = { HERBLOOP_DATA_DIR: dataDir };
  }
  return {
    env,
    dataDir,
    work,
    async close() {
      if (schema) await dropSchema(testDatabaseUrl!, schema);
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * A CLI database with some demo steps loaded in-process first, which is much faster than
 * spawning `demo load` with every step: in a vitest run a copy of the run's demo snapshot
 * (test/helpers/demo-snapshots.ts), a data dir on PGlite, a database of its own on PostgreSQL.
 */
export async function cliDemoDatabase(kind: DatabaseKind, prefix: string, steps: readonly string[]): Promise<CliDatabase> {
  const run = testRun();
  if (kind === 'postgres' && run) {
    // A copy of the run's demo snapshot (test/helpers/demo-snapshots.ts) in a database of its own.
    const copy = await postgresFromSnapshot(testDatabaseUrl!, run, demoStepIds(steps));
    await copy.handle.close();
    const url = new URL(copy.url);
    url.searchParams.set('options', `-c search_path=${SNAPSHOT_SCHEMA}`);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `herbloop-${prefix}-`));
    return {
      env: { DATABASE_URL: url.toString() },
      dataDir: undefined,
      work,
      async close() {
        await copy.drop();
        fs.rmSync(work, { recursive: true, force: true });
      },
    };
  }
  const db = await cliDatabase(kind, prefix);
  if (kind === 'pglite' && run) {
    // The run's snapshot of these steps written into the command's data dir, its schema renamed
    // to the one the CLI works in (nothing in the schema names it: migrations and backups read
    // current_schema()).
    try {
      const snapshot = new Blob([fs.readFileSync(await pgliteSnapshotFile(run, demoStepIds(steps)))]);
      fs.mkdirSync(db.dataDir!, { recursive: true });
      const pglite = await PGlite.create(path.join(db.dataDir!, 'pgdata'), { loadDataDir: snapshot });
      try {
        await pglite.exec(`DROP SCHEMA public CASCADE; ALTER SCHEMA ${SNAPSHOT_SCHEMA} RENAME TO public;`);
      } finally {
        await pglite.close();
      }
    } catch (error) {
      await db.close();
      throw error;
    }
    return db;
  }
  const url = db.env.DATABASE_URL;
  const h = url
    ? await connectDatabase({ databaseUrl: testDatabaseUrl, schema: new URL(url).searchParams.get('options')!.replace('-c search_path=', '') })
    : await connectDatabase({ dataDir: db.dataDir! });
  try {
    await migrateToLatest(h.db);
    await loadDemo(h.db, undefined, { steps });
  } finally {
    await h.close();
  }
  return db;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until stdout matches `pattern` (or fails when the process exits or `ms` pass). */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray>;
}

/** Starts a long-running command (`serve`) without waiting for it to end. */
export function startCli(args: string[], env: Record<string, string> = {}): RunningCli {
  const base = { ...process.env };
  for (const key of ['DATABASE_URL', 'HERBLOOP_DATA_DIR', 'HERBLOOP_PASSWORD', 'PORT', 'HOST']) delete base[key];
  const child = spawn(process.execPath, ['bin/herbloop.js', ...args], { cwd: repoRoot, env: { ...base, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async waitFor(pattern, ms) {
      const deadline = Date.now() + ms;
      for (;;) {
        const match = stdout.match(pattern);
        if (match) return match;
        if (done) throw new Error(`process exited before printing ${pattern}\nstdout: ${stdout}\nstderr: ${stderr}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${ms} ms\nstdout: ${stdout}\nstderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
