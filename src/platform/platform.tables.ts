import type { Timestamp } from '../db/column-types';
import type { TableClassification } from './classification';

export interface RateLimitTable {
  key: string;
  window_start: Timestamp;
  count: number;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface PlatformTables {
  rate_limits: RateLimitTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const platformClassification: TableClassification<PlatformTables> = {
  rate_limits: { key: 'restricted', window_start: 'restricted', count: 'restricted' },
};
