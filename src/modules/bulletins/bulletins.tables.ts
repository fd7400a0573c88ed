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

export interface BulletinCounterTable {
  year: number;
  last_number: number;
}

export interface BulletinSubscriptionTable {
  id: Generated<string>;
  name: string;
  url: string;
  audiences: string[];
  secret: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  organisation_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type BulletinSubscriptionRow = Selectable<BulletinSubscriptionTable>;

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export type BulletinEvent = 'bulletin.published' | 'bulletin.withdrawn';

export interface BulletinDeliveryTable {
  id: Generated<string>;
  subscription_id: string;
  bulletin_id: string;
  event: BulletinEvent;
  body: string;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  lease_until: NullableTimestamp;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  created_at: Timestamp;
}

export type BulletinDeliveryRow = Selectable<BulletinDeliveryTable>;

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface BulletinsTables {
  bulletins: BulletinTable;
  bulletin_counters: BulletinCounterTable;
  bulletin_subscriptions: BulletinSubscriptionTable;
  bulletin_deliveries: BulletinDeliveryTable;
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
  bulletin_subscriptions: {
    id: 'internal',
    name: 'internal',
    url: 'internal',
    audiences: 'internal',
    secret: 'restricted',
    active: 'internal',
    organisation_id: 'internal',
    created_by: 'internal',
    created_at: 'internal',
    updated_at: 'internal',
  },
  bulletin_deliveries: {
    id: 'internal',
    subscription_id: 'internal',
    bulletin_id: 'internal',
    event: 'internal',
    body: 'internal',
    status: 'internal',
    attempts: 'internal',
    next_attempt_at: 'internal',
    lease_until: 'internal',
    last_status_code: 'internal',
    last_error: 'internal',
    last_attempt_at: 'internal',
    delivered_at: 'internal',
    created_at: 'internal',
  },
};
