import { sql } from 'kysely';
import type { DB, Trx } from '../db/database';

/**
 * Scheduled jobs. Several server processes may run against one PostgreSQL, so each run takes
 * a transaction-scoped advisory lock named after the job; a process that does not get it skips
 * the run. Jobs must be idempotent: a skipped or repeated run does no harm.
 */
export interface Job {
  name: string;
  everyMs: number;
  /**
   * Runs in the transaction that holds the lock, so a job's writes and their audit commit together. It may return work for after the commit
   * (outside the lock and the transaction): network calls must not hold a database connection,
   * and on PGlite a held transaction blocks every request. Such work claims what it needs first.
   */
  run(trx: Trx): Promise<void | AfterCommit>;
}

export type AfterCommit = (db: DB) => Promise<void>;

/** Stable 32-bit key for pg_try_advisory_xact_lock from the job name (FNV-1a). */
export function advisoryKey(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export async function runJobOnce(db: DB, job: Job): Promise<boolean> {
  const outcome = await db.transaction().execute(async (trx): Promise<boolean | AfterCommit> => {
    const got = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${advisoryKey(job.name)}) as locked`.execute(trx);
    if (!got.rows[0]?.locked) return false;
    return (await job.run(trx)) ?? true;
  });
  if (typeof outcome === 'function') await outcome(db);
  return outcome !== false;
}

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(db: DB, jobs: Job[], onError: (job: Job, error: unknown) => void): Scheduler {
  const running = new Set<Promise<unknown>>();
  const timers = jobs.map((job) =>
    setInterval(() => {
      const p = runJobOnce(db, job)
        .catch((error: unknown) => onError(job, error))
        .finally(() => running.delete(p));
      running.add(p);
    }, job.everyMs),
  );
  for (const t of timers) t.unref();
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
