import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema, type DatabaseKind, dropSchema } from '../../src/db/connect';
import { backends, testDatabaseUrl } from '../helpers/app';
import { type CliRun as Run, deadPid, runCli, runNode } from '../helpers/cli';

/**
 * The CLI as a user runs it: `node bin/herbloop.js …` in a child process, on an embedded data
 * dir or on a PostgreSQL schema of its own. Each spawn costs a few seconds (tsx, PGlite start),
 * so one test runs a whole session of commands.
 */
function json<T>(run: Run): T {
  expect(run, `exit ${run.code}: ${run.stderr}`).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout) as T;
}

function failed(run: Run, mentions: RegExp): void {
  expect(run.code, run.stdout).not.toBe(0);
  expect(run.stderr).toMatch(mentions);
  // An expected error is a message, not a stack trace.
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('herbloop --help', () => {
  it('every command has --help and exits 0', async () => {
    const real = await runCli(['--help'], {});
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/Usage: herbloop/);
    for (const group of ['serve', 'db', 'demo', 'org', 'user', 'token']) expect(real.stdout).toContain(group);

    // All the others in one process (see help-runner.ts): same program, same exit codes.
    const runner = await runNode(['--import', 'tsx', 'test/cli/help-runner.ts']);
    expect(runner.code, runner.stderr).toBe(0);
    const results = JSON.parse(runner.stdout.split('HELP-RESULTS ')[1]!) as { command: string; exitCode: number; output: string }[];
    const commands = results.map((r) => r.command);
    for (const expected of ['serve', 'db migrate', 'db status', 'db backup', 'db restore', 'demo load', 'org create', 'org list', 'user create', 'user list', 'token create', 'token revoke']) {
      expect(commands).toContain(expected);
    }
    const bad = results.filter((r) => r.exitCode !== 0 || !r.output.includes(`Usage: herbloop ${r.command}`.trim()));
    expect(bad.map((r) => `${r.command} → ${r.exitCode}`)).toEqual([]);
  });

  it('refuses an unknown command and a missing required option with a message', async () => {
    failed(await runCli(['frobnicate'], {}), /unknown command 'frobnicate'/);
    failed(await runCli(['org', 'create', '--code', 'X'], {}), /required option '--name-zh <name>' not specified/);
  });
});

describe.each(backends)('herbloop on %s', (kind: DatabaseKind) => {
  let env: Record<string, string>;
  let dataDir: string | undefined;
  let schema: string | undefined;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-cli-'));

  beforeAll(async () => {
    if (kind === 'postgres') {
      schema = `cli_${randomBytes(5).toString('hex')}`;
      await createSchema(testDatabaseUrl!, schema);
      const url = new URL(testDatabaseUrl!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      env = { DATABASE_URL: url.toString() };
    } else {
      dataDir = path.join(work, 'data');
      fs.mkdirSync(dataDir);
      // A lock left by a crashed process: the first command takes it over.
      fs.writeFileSync(path.join(dataDir, 'herbloop.lock'), JSON.stringify({ pid: await deadPid(), host: os.hostname(), command: 'herbloop serve', since: new Date().toISOString() }));
      env = { HERBLOOP_DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    if (schema) await dropSchema(testDatabaseUrl!, schema);
    fs.rmSync(work, { recursive: true, force: true });
  });

  // One session of commands: ~10 of them open the database (a PGlite start each), hence the timeout.
  it('demo load, org list/create, user create, token create/revoke, db backup/restore', { timeout: 300_000 }, async () => {
    // The platform step only: the full demo's price history would add a minute of loading and
    // backing up to a test about the CLI (test/db/backup.test.ts round-trips the full demo).
    failed(await runCli(['demo', 'load', '--steps', 'platform,nonsense'], env), /--steps: unknown step nonsense/);
    const demo = json<{ loaded: boolean; logins: { username: string }[] }>(await runCli(['demo', 'load', '--steps', 'platform', '--json'], env));
    expect(demo.loaded).toBe(true);
    expect(demo.logins.map((l) => l.username)).toContain('admin');
    if (dataDir) expect(fs.existsSync(path.join(dataDir, 'herbloop.lock'))).toBe(false);

    const list = json<{ items: { code: string }[]; total: number }>(await runCli(['org', 'list', '--json'], env));
    expect(list.items).toHaveLength(27);
    expect(list.total).toBe(27);

    const file = path.join(work, 'backup.ndjson.gz');
    const backup = json<{ tables: { name: string; rows: number }[] }>(await runCli(['db', 'backup', file, '--json'], env));
    expect(backup.tables.find((t) => t.name === 'organisations')!.rows).toBe(27);
    failed(await runCli(['db', 'backup', file], env), /exists; add --force/);

    const org = ['org', 'create', '--code', 'CLI-TEST', '--name-zh', '命令行', '--name-en', 'CLI test'];
    failed(await runCli([...org, '--type', 'utilizer', '--region', '999999'], env), /--region: unknown region 999999/);
    failed(await runCli([...org, '--type', 'bakery', '--region', '341602'], env), /--type:/);
    failed(await runCli([...org, '--type', 'utilizer', '--region', '34'], env), /--region: a 6-digit region code/);

    const user = ['user', 'create', '--org', 'BZ-MFR-HUATUO', '--username', 'cli-user', '--display-name', 'CLI User', '--role', 'reader', '--password-stdin', '--json'];
    failed(await runCli(user, env, 'short\n'), /--password-stdin: at least 10 characters/);
    const created = json<{ username: string; role: string; created: boolean }>(await runCli(user, env, 'cli-password-123\n'));
    expect(created).toMatchObject({ username: 'cli-user', role: 'reader', created: true });

    const token = json<{ id: string; token: string; revokedAt: string | null }>(
      await runCli(['token', 'create', '--org', 'BZ-MFR-HUATUO', '--name', 'price feed', '--role', 'reader', '--json'], env),
    );
    expect(token.token).toMatch(/^hlp_/);
    expect(token.revokedAt).toBeNull();
    // Revoke by the secret itself (its prefix identifies it), as an operator pasting it would.
    const revoked = json<{ id: string; revokedAt: string | null }>(await runCli(['token', 'revoke', token.token, '--json'], env));
    expect(revoked.id).toBe(token.id);
    expect(revoked.revokedAt).not.toBeNull();

    failed(await runCli(['db', 'restore', file], env), /Add --yes to confirm/);
    const restored = json<{ restoredRows: number }>(await runCli(['db', 'restore', file, '--yes', '--json'], env));
    expect(restored.restoredRows).toBe(backup.tables.reduce((s, t) => s + t.rows, 0));
    // The user made after the backup is gone again.
    const members = json<{ items: { username: string }[] }>(await runCli(['user', 'list', '--org', 'BZ-MFR-HUATUO', '--json'], env));
    expect(members.items.map((m) => m.username).sort()).toEqual(['huatuo', 'huatuo-ops']);
  });
});
