import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';

/** Supply-warning bulletins (issue 3, stage 4); see the bulletins migration. */
export type BulletinStatus = 'draft' | 'published' | 'withdrawn';

export type BulletinLevel = 'blue' | 'yellow' | 'orange' | 'red';

export interface BulletinTable {
  id: Generated<string>;
  number: string | null;
  status: ColumnType<BulletinStatus, BulletinStatus | undefined, BulletinStatus>;
  title: string;
  level: BulletinLevel;
  formula_ids: string[];
  analysis: string;
  recommendations: ColumnType<unknown, string, string>;
  audiences: string[];
  case_ids: ColumnType<string[], string[] | undefined, string[]>;
  include_snapshot: ColumnType<boolean, boolean | undefined, boolean>;
  snapshot: ColumnType<unknown, string | null | undefined, string | null>;
  organisation_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: NullableTimestamp;
  published_by: string | null;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
}

export type BulletinRow = Selectable<BulletinTable>;

/** The webhook events of bulletins (notifications.events.ts lists every event). */
export type BulletinEvent = 'bulletin.published' | 'bulletin.withdrawn';

export interface BulletinCounterTable {
  year: number;
  last_number: number;
}

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface BulletinsTables {
  bulletins: BulletinTable;
  bulletin_counters: BulletinCounterTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const bulletinsClassification: TableClassification<BulletinsTables> = {
  // Published bulletins are public (drafts are only served to supply monitors and admins, by policy).
  bulletins: {
    id: 'public',
    number: 'public',
    status: 'public',
    title: 'public',
    level: 'public',
    formula_ids: 'public',
    analysis: 'public',
    recommendations: 'public',
    audiences: 'public',
    case_ids: 'internal',
    include_snapshot: 'public',
    snapshot: 'public',
    organisation_id: 'public',
    created_by: 'internal',
    created_at: 'public',
    updated_at: 'public',
    published_at: 'public',
    published_by: 'internal',
    withdrawn_at: 'public',
    withdrawn_by: 'internal',
    withdrawal_reason: 'public',
  },
  bulletin_counters: { year: 'internal', last_number: 'internal' },
};
