import type { NullableTimestamp, Timestamp } from '../db/column-types';
import type { TableClassification } from './classification';

export interface RateLimitTable {
  key: string;
  window_start: Timestamp;
  count: number;
}

/** A scheduled job's claimed time slot (src/platform/jobs.ts). */
export interface JobRunTable {
  job: string;
  slot_start: Timestamp;
  /** host/pid of the process that ran it */
  runner: string;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface PlatformTables {
  rate_limits: RateLimitTable;
  job_runs: JobRunTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const platformClassification: TableClassification<PlatformTables> = {
  rate_limits: { key: 'restricted', window_start: 'restricted', count: 'restricted' },
  job_runs: { job: 'restricted', slot_start: 'restricted', runner: 'restricted', started_at: 'restricted', finished_at: 'restricted' },
};
