import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, testDatabaseUrl, type TestDatabase } from '../../test/helpers/app';
import { connectDatabase, type DatabaseHandle } from '../db/connect';
import type { Executor } from '../db/database';
import type { DB } from '../db/database';
import { advisoryKey, type Job, runJobOnce, runJobSlot, slotStart, startScheduler, tickMs } from './jobs';

/** A job that reports when it is inside its run and waits for the test to let it finish. */
function gatedJob(name: string) {
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const state = { active: 0, maxActive: 0, runs: 0 };
  const job: Job = {
    name,
    everyMs: 60_000,
    async run(db: Executor) {
      state.active += 1;
      state.maxActive = Math.max(state.maxActive, state.active);
      state.runs += 1;
      entered();
      await gate;
      await sql`select 1`.execute(db);
      state.active -= 1;
    },
  };
  return { job, release, inside, state };
}

describe('advisoryKey', () => {
  it('is a stable signed 32-bit key per job name', () => {
    expect(advisoryKey('housekeeping')).toBe(advisoryKey('housekeeping'));
    expect(advisoryKey('housekeeping')).not.toBe(advisoryKey('housekeeping2'));
    for (const name of ['a', 'housekeeping', 'a much longer job name with unicode 价格']) {
      const key = advisoryKey(name);
      expect(Number.isInteger(key) && key >= -(2 ** 31) && key < 2 ** 31).toBe(true);
    }
  });
});

describe('slots', () => {
  it('cuts time into epoch-aligned slots and ticks a few times per slot, at least every minute', () => {
    expect(slotStart(5000, Date.parse('2026-12-02T04:00:07.300Z')).toISOString()).toBe('2026-12-02T04:00:05.000Z');
    expect(slotStart(6 * 3_600_000, Date.parse('2026-12-02T13:59:59Z')).toISOString()).toBe('2026-12-02T12:00:00.000Z');
    expect(tickMs(5000)).toBe(1250);
    expect(tickMs(6 * 3_600_000)).toBe(60_000);
    expect(tickMs(20)).toBe(100);
  });
});

describe.each(backends)('runJobOnce (%s)', (kind) => {
  let database: TestDatabase;
  /** A second, separate connection pool to the same schema: another server process. */
  let other: DatabaseHandle | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    if (kind === 'postgres') other = await connectDatabase({ databaseUrl: testDatabaseUrl, schema: database.schema, poolSize: 2 });
  });
  afterAll(async () => {
    await other?.close();
    await database.close();
  });

  it('two concurrent runs of one job never both run at once; the lock ends with the transaction', async () => {
    const first = gatedJob('report-prices');
    const running = runJobOnce(database.db, first.job);
    await first.inside;
    if (other) {
      // Another process: the advisory lock is taken, so it skips this run.
      const second = gatedJob('report-prices');
      second.release();
      expect(await runJobOnce(other.db, second.job)).toBe(false);
      expect(second.state.runs).toBe(0);
      // Another job is not blocked by it.
      const unrelated = gatedJob('other-job');
      unrelated.release();
      expect(await runJobOnce(other.db, unrelated.job)).toBe(true);
      first.release();
      expect(await running).toBe(true);
      // Released at commit: the next run gets the lock.
      expect(await runJobOnce(other.db, second.job)).toBe(true);
    } else {
      // PGlite is one connection in one process: the second run waits for the first one's
      // transaction and then runs; they never overlap.
      const second = gatedJob('report-prices');
      second.release();
      const queued = runJobOnce(database.db, second.job);
      first.release();
      expect(await running).toBe(true);
      expect(await queued).toBe(true);
      expect(first.state.maxActive + second.state.maxActive).toBe(2);
      expect(first.state.active + second.state.active).toBe(0);
    }
  });

  it('rolls back the job’s writes when it fails, and releases the lock', async () => {
    const failing: Job = {
      name: 'failing',
      everyMs: 60_000,
      async run(db) {
        await db.insertInto('rate_limits').values({ key: 'job-test', window_start: new Date(), count: 1 }).execute();
        throw new Error('job failed');
      },
    };
    await expect(runJobOnce(database.db, failing)).rejects.toThrow('job failed');
    expect(await database.db.selectFrom('rate_limits').selectAll().where('key', '=', 'job-test').execute()).toEqual([]);
    const ok = gatedJob('failing');
    ok.release();
    expect(await runJobOnce(database.db, ok.job)).toBe(true);
  });

  it('the scheduler runs jobs on their interval, reports failures, and stop() waits for a running job', async () => {
    let runs = 0;
    const errors: string[] = [];
    const ticking: Job = {
      name: 'ticking',
      everyMs: 20,
      async run() {
        runs += 1;
      },
    };
    const broken: Job = {
      name: 'broken',
      everyMs: 20,
      async run() {
        throw new Error('boom');
      },
    };
    const scheduler = startScheduler(database.db, [ticking, broken], (job, error) => errors.push(`${job.name}: ${(error as Error).message}`));
    await expect.poll(() => runs, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await scheduler.stop();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs).toBe(after);
    expect(errors[0]).toBe('broken: boom');
  });

  it('a slot runs once: a second claim finds it taken, another slot runs, a failed run leaves its slot to run again', async () => {
    const slot = new Date('2026-12-02T04:00:00Z');
    const job = gatedJob('slotted');
    job.release();
    expect(await runJobSlot(database.db, job.job, slot, 'test/1')).toBe('ran');
    expect(await runJobSlot(database.db, job.job, slot, 'test/2')).toBe('taken');
    expect(await runJobSlot(database.db, job.job, new Date(slot.getTime() + 5000), 'test/2')).toBe('ran');
    expect(job.state.runs).toBe(2);
    const rows = await database.db.selectFrom('job_runs').selectAll().where('job', '=', 'slotted').orderBy('slot_start').execute();
    expect(rows.map((r) => [r.slot_start.toISOString(), r.runner])).toEqual([
      ['2026-12-02T04:00:00.000Z', 'test/1'],
      ['2026-12-02T04:00:05.000Z', 'test/2'],
    ]);
    expect(rows.every((r) => r.finished_at !== null && r.finished_at >= r.started_at)).toBe(true);

    let attempts = 0;
    const flaky: Job = {
      name: 'flaky',
      everyMs: 5000,
      async run() {
        attempts += 1;
        if (attempts === 1) throw new Error('first attempt fails');
      },
    };
    await expect(runJobSlot(database.db, flaky, slot)).rejects.toThrow('first attempt fails');
    expect(await database.db.selectFrom('job_runs').select('job').where('job', '=', 'flaky').execute()).toEqual([]);
    expect(await runJobSlot(database.db, flaky, slot)).toBe('ran');
    expect(await runJobSlot(database.db, flaky, slot)).toBe('taken');
    expect(attempts).toBe(2);
  });

  it('while one process runs a slot another waits, then finds it taken; a process that dies mid-run leaves the slot to another', async () => {
    if (!other) {
      // PGlite serves one process: its runs queue on the one connection, so a second claim of
      // the slot waits for the first and finds it taken.
      const slot = new Date('2026-12-02T05:00:00Z');
      const first = gatedJob('shared');
      const running = runJobSlot(database.db, first.job, slot);
      await first.inside;
      const second = gatedJob('shared');
      second.release();
      const queued = runJobSlot(database.db, second.job, slot);
      first.release();
      expect(await running).toBe('ran');
      expect(await queued).toBe('taken');
      expect(second.state.runs).toBe(0);
      return;
    }
    const slot = new Date('2026-12-02T05:00:00Z');
    const first = gatedJob('shared');
    const running = runJobSlot(database.db, first.job, slot, 'process-a');
    await first.inside;
    const second = gatedJob('shared');
    second.release();
    let waited: string | undefined;
    const waiting = runJobSlot(other.db, second.job, slot, 'process-b').then((outcome) => (waited = outcome));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(waited).toBeUndefined();
    first.release();
    expect(await running).toBe('ran');
    expect(await waiting).toBe('taken');
    // Seen taken without waiting for the lock.
    expect(await runJobSlot(other.db, second.job, slot, 'process-b')).toBe('taken');
    expect(second.state.runs).toBe(0);

    // A process killed in the middle of a run (SIGKILL: the kernel closes its connection):
    // PostgreSQL rolls back its claim with its work and frees the lock, and the next tick of
    // another process runs the slot.
    const next = new Date(slot.getTime() + 5000);
    const script = `
      const pg = require('pg');
      const c = new pg.Client({ connectionString: process.env.URL });
      c.connect()
        .then(() => c.query('set search_path to ' + process.env.SCHEMA))
        .then(() => c.query('begin'))
        .then(() => c.query('select pg_advisory_xact_lock($1)', [Number(process.env.KEY)]))
        .then(() => c.query("insert into job_runs (job, slot_start, runner) values ('shared', $1, 'process-doomed')", [process.env.SLOT]))
        .then(() => process.stdout.write('claimed\\n'));
      setInterval(() => undefined, 1000);`;
    const doomed = spawn(process.execPath, ['-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, URL: testDatabaseUrl, SCHEMA: database.schema, KEY: String(advisoryKey('shared')), SLOT: next.toISOString() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      doomed.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('claimed') && resolve());
      doomed.once('exit', (code) => reject(new Error(`the doomed process exited early (${code})`)));
    });
    // Another process's tick waits for the lock; the kill hands it the slot.
    const successor = runJobSlot(other.db, second.job, next, 'process-b');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.state.runs).toBe(0);
    const exited = new Promise((resolve) => doomed.once('exit', resolve));
    doomed.kill('SIGKILL');
    await exited;
    expect(await successor).toBe('ran');
    const rows = await database.db.selectFrom('job_runs').select(['slot_start', 'runner']).where('job', '=', 'shared').orderBy('slot_start').execute();
    expect(rows.map((r) => r.runner)).toEqual(['process-a', 'process-b']);
  });

  it('three schedulers on one database run each slot once between them', async () => {
    const pools: DB[] = [database.db];
    const extra: DatabaseHandle[] = [];
    if (kind === 'postgres') {
      for (let i = 0; i < 2; i++) {
        const h = await connectDatabase({ databaseUrl: testDatabaseUrl!, schema: database.schema, poolSize: 2 });
        extra.push(h);
        pools.push(h.db);
      }
    } else {
      pools.push(database.db, database.db);
    }
    let runs = 0;
    const ranBy: string[] = [];
    const job: Job = {
      name: 'cluster-tick',
      everyMs: 400,
      async run(trx) {
        runs += 1;
        await sql`select pg_sleep(0.02)`.execute(trx);
      },
    };
    const schedulers = pools.map((db, i) =>
      startScheduler(db, [job], (_job, error) => {
        throw error;
      }, { runner: `p${i}`, onSlot: (_job, _slot, outcome) => outcome === 'ran' && ranBy.push(`p${i}`) }),
    );
    await expect.poll(() => runs, { timeout: 15_000, interval: 50 }).toBeGreaterThanOrEqual(4);
    await Promise.all(schedulers.map((s) => s.stop()));
    for (const h of extra) await h.close();
    const rows = await database.db.selectFrom('job_runs').select(['slot_start', 'runner']).where('job', '=', 'cluster-tick').orderBy('slot_start').execute();
    expect(rows.length).toBe(runs);
    expect(ranBy.length).toBe(runs);
    const slots = rows.map((r) => r.slot_start.getTime());
    expect(new Set(slots).size).toBe(slots.length);
    expect(slots.every((t) => t % 400 === 0)).toBe(true);
  });

  it('a process whose event loop stalled through slots tries them late, in order', async () => {
    const seen: string[] = [];
    const job: Job = { name: 'stalled', everyMs: 300, async run() {} };
    const scheduler = startScheduler(database.db, [job], (_job, error) => {
      throw error;
    }, { onSlot: (_job, slot, outcome) => seen.push(`${slot.getTime()}:${outcome}`) });
    await expect.poll(() => seen.length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(1);
    // Block the event loop for more than a slot: no tick fires meanwhile.
    const until = Date.now() + 500;
    while (Date.now() < until);
    const after = seen.length;
    await expect.poll(() => seen.length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(after + 3);
    await scheduler.stop();
    const slots = seen.map((s) => Number(s.split(':')[0]));
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBe(300);
    expect(seen.every((s) => s.endsWith(':ran'))).toBe(true);
  });
});
