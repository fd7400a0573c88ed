import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect';
import { DataDirLockedError, lockDataDir } from '../../src/db/lock';
import { deadPid, runCli } from '../helpers/cli';

/** PGlite is one process per data dir: a second process is refused, a crashed one's lock is taken over. */
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

describe('lockDataDir', () => {
  it('takes over a stale lock whose process is gone', async () => {
    const dir = tmpDir();
    fs.writeFileSync(lockFile(dir), JSON.stringify({ pid: await deadPid(), host: os.hostname(), command: 'herbloop serve', since: '2026-01-01T00:00:00Z' }));
    const lock = lockDataDir(dir, 'herbloop test');
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'))).toMatchObject({ pid: process.pid, command: 'herbloop test' });
    lock.release();
    lock.release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it('takes over an unreadable lock file', () => {
    const dir = tmpDir();
    fs.writeFileSync(lockFile(dir), '{"pid": 12');
    lockDataDir(dir, 'herbloop test').release();
  });

  it('respects a live process, and a lock held from another host (its pid says nothing here)', () => {
    const dir = tmpDir();
    fs.writeFileSync(lockFile(dir), JSON.stringify({ pid: process.ppid, host: os.hostname(), command: 'herbloop serve', since: '2026-01-01T00:00:00Z' }));
    expect(() => lockDataDir(dir, 'herbloop test')).toThrow(DataDirLockedError);
    fs.writeFileSync(lockFile(dir), JSON.stringify({ pid: 999_999_999, host: `not-${os.hostname()}`, command: 'herbloop serve', since: '2026-01-01T00:00:00Z' }));
    expect(() => lockDataDir(dir, 'herbloop test')).toThrow(/in use by another herbloop process \(pid 999999999/);
  });

  it('does not remove a lock that another process took over', () => {
    const dir = tmpDir();
    const lock = lockDataDir(dir, 'herbloop test');
    const other = JSON.stringify({ pid: process.ppid, host: os.hostname(), command: 'other', since: '2026-01-01T00:00:00Z' });
    fs.writeFileSync(lockFile(dir), other);
    lock.release();
    expect(fs.readFileSync(lockFile(dir), 'utf8')).toBe(other);
  });
});
