import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, testDatabaseUrl, type TestDatabase } from '../../test/helpers/app';
import { connectDatabase, type DatabaseHandle } from '../db/connect';
import type { Executor } from '../db/database';
import { advisoryKey, type Job, runJobOnce, startScheduler } from './jobs';

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
});
