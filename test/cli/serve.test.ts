import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../helpers/app';
import { type CliDatabase, cliDatabase, expectFailure, expectJson, type RunningCli, runCli, startCli } from '../helpers/cli';

/**
 * `herbloop serve` as a user runs it: a child process on port 0 (the banner tells the port),
 * stopped with SIGINT as Ctrl-C does. The embedded database is locked while it runs.
 */
const banner = /herbloop is running at http:\/\/localhost:(\d+)/;
const started: RunningCli[] = [];

async function serve(args: string[], env: Record<string, string>): Promise<{ server: RunningCli; base: string }> {
  const server = startCli(['serve', '--port', '0', ...args], env);
  started.push(server);
  const [, port] = await server.waitFor(banner, 120_000);
  // The server listens on 127.0.0.1; "localhost" in the banner may resolve to ::1 first.
  return { server, base: `http://127.0.0.1:${port}` };
}

async function health(base: string): Promise<{ status: string; db: string }> {
  const res = await fetch(`${base}/api/health`);
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; db: string };
}

/** Ctrl-C: the process drains, closes the database and exits 0 within a few seconds. */
async function interrupt(server: RunningCli): Promise<number> {
  const t0 = performance.now();
  server.child.kill('SIGINT');
  const exit = await server.exited;
  expect(exit, server.stderr()).toEqual({ code: 0, signal: null });
  return performance.now() - t0;
}

afterEach(() => {
  // A failed test must not leave a server running.
  for (const s of started.splice(0)) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
});

describe('herbloop serve on pglite', () => {
  const dbs: CliDatabase[] = [];
  afterAll(async () => {
    for (const d of dbs) await d.close();
  });

  it('serves, locks the data dir, stops on SIGINT, keeps the data across restarts', { timeout: 300_000 }, async () => {
    const d = await cliDatabase('pglite', 'serve-cli');
    dbs.push(d);
    const lock = path.join(d.dataDir!, 'herbloop.lock');

    const first = await serve(['--no-demo'], d.env);
    expect(await health(first.base)).toMatchObject({ status: 'ok', db: 'pglite' });
    expect(first.server.stdout()).not.toMatch(/Demo logins/);
    expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toMatchObject({ pid: first.server.child.pid, command: 'herbloop serve' });

    // A second process on the same data dir is refused, with the holder and the way out.
    const second = await runCli(['db', 'status'], d.env);
    expectFailure(second, /The data directory .* is in use by another herbloop process \(pid \d+, herbloop serve/);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/stop that process first, or run against a PostgreSQL server with DATABASE_URL/);

    expect(await interrupt(first.server)).toBeLessThan(5_000);
    expect(fs.existsSync(lock)).toBe(false);

    // Between the runs the data dir is free for the CLI.
    const org = expectJson<{ code: string }>(
      await runCli(['org', 'create', '--code', 'SERVE-TEST', '--name-zh', '重启测试', '--name-en', 'Restart test', '--type', 'utilizer', '--region', '330000', '--json'], d.env),
    );
    expect(org.code).toBe('SERVE-TEST');

    // Restarted (demo allowed): the database is not empty, so the demo is not loaded over it.
    const again = await serve([], d.env);
    expect(await health(again.base)).toMatchObject({ status: 'ok', db: 'pglite' });
    // The firm directory is public: the org made between the runs, and no demo firms.
    const orgs = await fetch(`${again.base}/api/v1/organisations`);
    expect(orgs.status).toBe(200);
    expect(((await orgs.json()) as { items: { code: string }[] }).items.map((o) => o.code)).toEqual(['SERVE-TEST']);
    // …so the banner must not offer demo logins that do not exist.
    expect(again.server.stdout()).not.toMatch(/Demo logins|herbloop-demo/);
    await interrupt(again.server);
    expect(fs.existsSync(lock)).toBe(false);

    const list = expectJson<{ items: { code: string }[]; total: number }>(await runCli(['org', 'list', '--json'], d.env));
    expect(list.items.map((o) => o.code)).toEqual(['SERVE-TEST']);
    expect(list.total).toBe(1);
  });

  it('loads the demo into a fresh data dir and prints the demo logins', { timeout: 300_000 }, async () => {
    const d = await cliDatabase('pglite', 'serve-demo-cli');
    dbs.push(d);
    const { server, base } = await serve([], d.env);
    await server.waitFor(/Demo logins \(password for all: herbloop-demo\):[\s\S]*\n\s+admin\s/, 5_000);
    expect(server.stdout()).toContain('herbloop-demo');
    expect(server.stdout()).toMatch(/^\s+admin\s+platform-admin/m);
    // The logins work.
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'herbloop-demo' }) });
    expect(login.status).toBe(200);
    await interrupt(server);
  });

  it('refuses a bad --port before opening anything', async () => {
    const d = await cliDatabase('pglite', 'serve-port-cli');
    dbs.push(d);
    expectFailure(await runCli(['serve', '--port', '99999'], d.env), /--port: "99999" is not a port number/);
    expect(fs.existsSync(d.dataDir!)).toBe(false);
  });
});

describe.skipIf(!testDatabaseUrl)('herbloop serve on postgres', () => {
  let d: CliDatabase;
  afterAll(async () => {
    await d?.close();
  });

  it('serves on a PostgreSQL schema; other commands run alongside; SIGINT stops it', { timeout: 120_000 }, async () => {
    d = await cliDatabase('postgres', 'serve-pg-cli');
    const { server, base } = await serve(['--no-demo'], d.env);
    expect(await health(base)).toMatchObject({ status: 'ok', db: 'postgres' });
    // No lock on a server database: the CLI works while serve runs.
    const status = await runCli(['db', 'status'], d.env);
    expect(status.code, status.stderr).toBe(0);
    expect(await interrupt(server)).toBeLessThan(5_000);
  });
});
