import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect';
import { DataDirLockedError, lockDataDir } from '../../src/db/lock';
import { runCli } from '../helpers/cli';

/** PGlite is one process per data dir: a second process is refused; a killed holder's lock is gone with it. */
const lockFile = (dir: string) => path.join(dir, 'herbloop.lock');
const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-lock-'));

describe('PGlite data dir lock', () => {
  let dir: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    dir = tmpDir();
    handle = await connectDatabase({ dataDir: dir, command: 'herbloop serve (test)' });
  });
  afterAll(async () => {
    await handle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second process with a clear message and a non-zero exit', async () => {
    const run = await runCli(['db', 'status'], { HERBLOOP_DATA_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The data directory ${dir} is in use by another herbloop process (pid ${process.pid}, herbloop serve (test)`);
    expect(run.stderr).toContain('DATABASE_URL');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    // The holder is unharmed.
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('refuses a second open in the same process too', async () => {
    await expect(connectDatabase({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
  });

  it('releases the lock on close', async () => {
    await handle.close();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    handle = await connectDatabase({ dataDir: dir });
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'))).toMatchObject({ pid: process.pid });
  });
});

const holderSource = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/lock-holder.ts');
/**
 * The holder bundled once to plain JavaScript: 22 holders started through tsx spent most of this
 * file's CPU transpiling at start-up. The lock code they run is the same.
 */
let holderScript: string;
let holderDir: string;
beforeAll(async () => {
  holderDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-lock-holder-'));
  holderScript = path.join(holderDir, 'lock-holder.mjs');
  await build({ entryPoints: [holderSource], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: holderScript, logLevel: 'silent' });
});
afterAll(() => fs.rmSync(holderDir, { recursive: true, force: true }));

/** A separate process that tries to take the lock; resolves with its first line of output. */
function startHolder(dir: string): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(process.execPath, [holderScript, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const firstLine = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(out.trim() || `exited ${code}`));
  });
  return { child, firstLine };
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('close', () => resolve())));

describe('lockDataDir', () => {
  it('is released by the kernel when the holder is killed (kill -9): no stale lock, no pid guess', async () => {
    const dir = tmpDir();
    const holder = startHolder(dir);
    expect(await holder.firstLine).toBe('locked');
    await expect(lockDataDir(dir, 'herbloop test')).rejects.toThrow(/in use by another herbloop process \(pid \d+, lock-holder \(test\)/);
    holder.child.kill('SIGKILL');
    await exited(holder.child);
    // The killed holder's information file is still there: it decides nothing.
    expect(fs.existsSync(lockFile(dir))).toBe(true);
    const lock = await lockDataDir(dir, 'herbloop test');
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'))).toMatchObject({ pid: process.pid, command: 'herbloop test' });
    lock.release();
    lock.release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it('gives the lock to exactly one of two processes that start together, every time', { timeout: 120_000 }, async () => {
    const trials = 10;
    for (let t = 0; t < trials; t++) {
      const dir = tmpDir();
      const a = startHolder(dir);
      const b = startHolder(dir);
      const lines = await Promise.all([a.firstLine, b.firstLine]);
      expect(lines.filter((l) => l === 'locked'), `trial ${t}: ${lines.join(' | ')}`).toHaveLength(1);
      expect(lines.filter((l) => l.startsWith('refused The data directory'))).toHaveLength(1);
      for (const h of [a, b]) h.child.stdin!.end();
      await Promise.all([exited(a.child), exited(b.child)]);
    }
  });

  it('ignores a leftover information file, also one naming pid 1 (a killed container), or one that is unreadable', async () => {
    const dir = tmpDir();
    fs.writeFileSync(lockFile(dir), JSON.stringify({ pid: 1, host: os.hostname(), command: 'herbloop serve', since: '2026-01-01T00:00:00Z' }));
    (await lockDataDir(dir, 'herbloop test')).release();
    fs.writeFileSync(lockFile(dir), '{"pid": 12');
    (await lockDataDir(dir, 'herbloop test')).release();
  });

  it('locks the real path: another spelling of the same directory is refused', async () => {
    const dir = tmpDir();
    const link = `${dir}-link`;
    fs.symlinkSync(dir, link);
    const lock = await lockDataDir(dir, 'herbloop test');
    await expect(lockDataDir(link, 'herbloop test')).rejects.toThrow(DataDirLockedError);
    lock.release();
    (await lockDataDir(link, 'herbloop test')).release();
  });

  it('does not remove an information file that another process rewrote', async () => {
    const dir = tmpDir();
    const lock = await lockDataDir(dir, 'herbloop test');
    const other = JSON.stringify({ pid: process.ppid, host: os.hostname(), command: 'other', since: '2026-01-01T00:00:00Z' });
    fs.writeFileSync(lockFile(dir), other);
    lock.release();
    expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe(other);
  });
});
