import { sql } from 'kysely';
import { deleteExpiredSessions } from '../modules/auth/auth.repository';
import type { Job } from './jobs';

export function housekeepingJob(sessionIdleHours: number, everyMs = 10 * 60_000): Job {
  return {
    name: 'housekeeping',
    everyMs,
    async run(db) {
      await deleteExpiredSessions(db, sessionIdleHours);
      await db.deleteFrom('rate_limits').where('window_start', '<', sql<Date>`now() - interval '1 day'`).execute();
      // The slot claims only need to outlive the slot; a week is kept to look into runs.
      await db.deleteFrom('job_runs').where('slot_start', '<', sql<Date>`now() - interval '7 days'`).execute();
    },
  };
}
