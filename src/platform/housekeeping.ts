import { sql } from 'kysely';
import { deleteExpiredSessions } from '../modules/auth/auth.repository';
import type { Job } from './jobs';

export function housekeepingJob(sessionIdleHours: number): Job {
  return {
    name: 'housekeeping',
    everyMs: 10 * 60_000,
    async run(db) {
      await deleteExpiredSessions(db, sessionIdleHours);
      await db.deleteFrom('rate_limits').where('window_start', '<', sql<Date>`now() - interval '1 day'`).execute();
    },
  };
}
