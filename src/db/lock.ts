import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * PGlite runs Postgres inside this process, so nothing else stops a second process from opening
 * the same data directory and corrupting it. The lock is a listening Unix socket named after the
 * data directory's real path, in Linux's abstract namespace: binding is atomic (two processes
 * that start together cannot both get it) and the kernel releases it the moment the holder dies,
 * however it dies (kill -9, a container's PID 1), so no lock is ever stale and no pid is guessed.
 *
 * The holder answers anyone who connects with who it is, for the refusal message. It also
 * writes that to `herbloop.lock` in the data directory for people looking at the folder; that
 * file is information only and never decides anything.
 *
 * Abstract sockets belong to a network namespace: two containers with separate network
 * namespaces sharing one volume do not see each other's lock (docs/deploy.md: run the embedded
 * database in one container, or use PostgreSQL). Other systems than Linux use a socket file in
 * the data directory; a leftover file whose socket refuses connections is removed and retried.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo | undefined,
  ) {
    super(
      `The data directory ${dataDir} is in use by another herbloop process ` +
        (holder ? `(pid ${holder.pid}, ${holder.command}, since ${holder.since}). ` : '(it did not say which). ') +
        `The embedded database allows one process at a time: stop that process first, ` +
        `or run against a PostgreSQL server with DATABASE_URL.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface LockInfo {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface DataDirLock {
  release(): void;
}

const INFO_FILE = 'herbloop.lock';
/** How long a refused process waits for the holder to say who it is. */
const HOLDER_REPLY_TIMEOUT_MS = 2_000;

/** The socket address of a data directory: one per real path, whatever path was typed. */
function lockAddress(dataDir: string): string {
  const real = fs.realpathSync(dataDir);
  if (process.platform === 'linux') return `\0herbloop-data-${createHash('sha256').update(real).digest('hex').slice(0, 40)}`;
  return path.join(real, 'herbloop.sock');
}

function listen(address: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ path: address, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Asks the holder who it is; undefined when it does not answer (a leftover socket file). */
function askHolder(address: string): Promise<{ info: LockInfo | undefined; refused: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    const socket = net.connect({ path: address });
    const done = (result: { info: LockInfo | undefined; refused: boolean }) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(HOLDER_REPLY_TIMEOUT_MS, () => done({ info: undefined, refused: false }));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('end', () => {
      try {
        done({ info: JSON.parse(text) as LockInfo, refused: false });
      } catch {
        done({ info: undefined, refused: false });
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => done({ info: undefined, refused: error.code === 'ECONNREFUSED' || error.code === 'ENOENT' }));
  });
}

export async function lockDataDir(dataDir: string, command: string): Promise<DataDirLock> {
  fs.mkdirSync(dataDir, { recursive: true });
  const address = lockAddress(dataDir);
  const info: LockInfo = { pid: process.pid, host: os.hostname(), command, since: new Date().toISOString() };
  let server: net.Server | undefined;
  for (let attempt = 0; attempt < 2 && !server; attempt++) {
    try {
      server = await listen(address);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      const holder = await askHolder(address);
      // Only a socket file can be left behind (abstract names vanish with their process).
      if (holder.refused && !address.startsWith('\0') && attempt === 0) {
        fs.rmSync(address, { force: true });
        continue;
      }
      throw new DataDirLockedError(dataDir, holder.info);
    }
  }
  if (!server) throw new DataDirLockedError(dataDir, undefined);
  const held = server;
  held.on('connection', (socket) => socket.end(JSON.stringify(info)));
  // The lock must not keep a finished CLI command alive.
  held.unref();
  const infoFile = path.join(dataDir, INFO_FILE);
  fs.writeFileSync(infoFile, JSON.stringify(info));
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      held.close();
      try {
        if ((JSON.parse(fs.readFileSync(infoFile, 'utf8')) as LockInfo).pid === process.pid) fs.rmSync(infoFile, { force: true });
      } catch {
        // Already gone or rewritten by someone else: nothing of ours to remove.
      }
    },
  };
}
