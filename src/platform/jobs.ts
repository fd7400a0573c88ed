import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { DB, Trx } from '../db/database';

/**
 * Scheduled jobs. Several server processes may run against one PostgreSQL. Time is cut into
 * slots of `everyMs` (aligned to the epoch, so every process agrees on them); each slot of a job
 * runs once in the whole cluster: the run inserts (job, slot) into `job_runs` in the transaction
 * that does the job's work, so the claim and the work commit together, and a run that fails or
 * whose process dies rolls its claim back and another process takes the slot on its next tick.
 * Each run also takes a transaction-scoped advisory lock named after the job, so two runs of
 * one job never overlap and on-demand runs (CLI, API) share the lock. A slot's run waits for the
 * lock rather than giving up: a slot must not be lost because a run (or a slow process) held
 * the lock past the slot's end; it runs late instead.
 */
export interface Job {
  name: string;
  everyMs: number;
  /**
   * Runs in the transaction that holds the lock and the slot, so a job's writes and their audit commit together. It may return work for after the commit
   * (outside the lock and the transaction): network calls must not hold a database connection,
   * and on PGlite a held transaction blocks every request. Such work claims what it needs first.
   */
  run(trx: Trx): Promise<void | AfterCommit>;
}

export type AfterCommit = (db: DB) => Promise<void>;

/** Who ran a slot, as `job_runs.runner` records it. */
const defaultRunner = `${hostname()}/${process.pid}`;

/** Stable 32-bit key for pg_try_advisory_xact_lock from the job name (FNV-1a). */
export function advisoryKey(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** The start of the slot that `atMs` falls in. */
export function slotStart(everyMs: number, atMs: number): Date {
  return new Date(Math.floor(atMs / everyMs) * everyMs);
}

/** `ran`: this call ran the slot; `taken`: another run had. */
export type SlotOutcome = 'ran' | 'taken';

interface Claim {
  start: Date;
  runner: string;
}

async function runLocked(db: DB, job: Job, claim: Claim | undefined): Promise<SlotOutcome | 'locked'> {
  const outcome = await db.transaction().execute(async (trx): Promise<'taken' | 'locked' | AfterCommit | true> => {
    if (claim) {
      await sql`select pg_advisory_xact_lock(${advisoryKey(job.name)})`.execute(trx);
    } else {
      const got = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${advisoryKey(job.name)}) as locked`.execute(trx);
      if (!got.rows[0]?.locked) return 'locked';
    }
    if (claim) {
      const inserted = await trx
        .insertInto('job_runs')
        .values({ job: job.name, slot_start: claim.start, runner: claim.runner })
        .onConflict((oc) => oc.columns(['job', 'slot_start']).doNothing())
        .returning('job')
        .executeTakeFirst();
      if (!inserted) return 'taken';
    }
    const after = await job.run(trx);
    if (claim) {
      await trx
        .updateTable('job_runs')
        .set({ finished_at: sql<Date>`clock_timestamp()` })
        .where('job', '=', job.name)
        .where('slot_start', '=', claim.start)
        .execute();
    }
    return after ?? true;
  });
  if (typeof outcome === 'function') await outcome(db);
  return outcome === true || typeof outcome === 'function' ? 'ran' : outcome;
}

/** Runs the job now, outside the slots (CLI and tests); false when a run of it is in progress elsewhere. */
export async function runJobOnce(db: DB, job: Job): Promise<boolean> {
  return (await runLocked(db, job, undefined)) === 'ran';
}

/**
 * Runs the job for the slot starting at `start` unless the cluster already ran that slot; waits
 * while another run of the job holds its lock. A slot already taken is seen without the lock.
 */
export async function runJobSlot(db: DB, job: Job, start: Date, runner = defaultRunner): Promise<SlotOutcome> {
  const done = await db.selectFrom('job_runs').select('job').where('job', '=', job.name).where('slot_start', '=', start).executeTakeFirst();
  if (done) return 'taken';
  const outcome = await runLocked(db, job, { start, runner });
  if (outcome === 'locked') throw new Error(`job ${job.name}: a slot's run waits for the lock and cannot find it taken`);
  return outcome;
}

/** How often a process looks whether a slot is due: a few times per slot, at least every minute. */
export function tickMs(everyMs: number): number {
  return Math.min(60_000, Math.max(100, Math.floor(everyMs / 4)));
}

/** How many past slots a tick may still try after a stall. */
const CATCH_UP_SLOTS = 2;

export interface Scheduler {
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  runner?: string;
  /** Called after each attempt at a slot (a run: after the job's after-commit work). */
  onSlot?: (job: Job, slot: Date, outcome: SlotOutcome | 'failed', ms: number) => void;
}

/**
 * Ticks each job a few times per slot. A process takes part from the first slot that begins
 * after it started (a restart does not rerun the current slot). It tries each slot once, in
 * order (after a stall, up to CATCH_UP_SLOTS late): the
 * slot runs here, or is found taken, or fails here (another process may still take it). One
 * attempt per job at a time: ticks while it waits or runs are skipped.
 */
export function startScheduler(db: DB, jobs: Job[], onError: (job: Job, error: unknown) => void, options: SchedulerOptions = {}): Scheduler {
  const running = new Set<Promise<unknown>>();
  const started = Date.now();
  const timers = jobs.map((job) => {
    let settled = slotStart(job.everyMs, started).getTime();
    let busy = false;
    return setInterval(() => {
      const current = slotStart(job.everyMs, Date.now()).getTime();
      if (busy || settled >= current) return;
      // The oldest slot not tried here yet, so a process whose event loop stalled through a
      // slot still tries it (late), but never more than CATCH_UP_SLOTS back.
      const slot = new Date(Math.max(settled + job.everyMs, current - CATCH_UP_SLOTS * job.everyMs));
      busy = true;
      const t0 = performance.now();
      const p = runJobSlot(db, job, slot, options.runner)
        .then(
          (outcome) => {
            settled = slot.getTime();
            options.onSlot?.(job, slot, outcome, performance.now() - t0);
          },
          (error: unknown) => {
            settled = slot.getTime();
            options.onSlot?.(job, slot, 'failed', performance.now() - t0);
            onError(job, error);
          },
        )
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    }, tickMs(job.everyMs));
  });
  for (const t of timers) t.unref();
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
