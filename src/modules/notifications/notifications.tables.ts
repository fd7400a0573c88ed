import type { ColumnType, Generated, Selectable } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../db/column-types';
import type { TableClassification } from '../../platform/classification';
import type { NotificationEvent } from './notifications.events';

/**
 * One row per recipient user and event: the in-app inbox. Written in the transaction of the
 * change that caused it; the text is not stored, only the event and its params, so each reader
 * sees it in their own language.
 */
export interface NotificationTable {
  id: Generated<string>;
  user_id: string;
  /** The organisation the event was addressed to (the user's membership), or null when addressed to the user. */
  organisation_id: string | null;
  event: NotificationEvent;
  subject_type: string;
  subject_id: string;
  params: ColumnType<Record<string, string | number>, string, string>;
  /** A path in the web app (`/exchange/proposals/…`), never an external URL. */
  link: string | null;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}

export type NotificationRow = Selectable<NotificationTable>;

/**
 * A webhook receiver: the events it wants (`events`), signed with its `secret`. Bulletin events
 * go to every active subscription whose `audiences` meet the bulletin's (subscribers managed by
 * supply monitors); every other event goes to the active subscriptions of the organisations it
 * is addressed to (`organisation_id`, managed by that organisation's admins).
 */
export interface WebhookSubscriptionTable {
  id: Generated<string>;
  name: string;
  url: string;
  events: ColumnType<NotificationEvent[], NotificationEvent[], NotificationEvent[]>;
  audiences: string[];
  secret: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  organisation_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionTable>;

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

/** The outbox: one row per subscription and event, written in the event's transaction and sent by the delivery job. */
export interface WebhookDeliveryTable {
  id: Generated<string>;
  subscription_id: string;
  event: NotificationEvent;
  subject_type: string;
  subject_id: string;
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

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface NotificationsTables {
  notifications: NotificationTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
}

/** Every column's classification level (see src/platform/classification.ts). */
export const notificationsClassification: TableClassification<NotificationsTables> = {
  notifications: {
    id: 'confidential',
    user_id: 'confidential',
    organisation_id: 'confidential',
    event: 'confidential',
    subject_type: 'confidential',
    subject_id: 'confidential',
    params: 'confidential',
    link: 'confidential',
    created_at: 'confidential',
    read_at: 'confidential',
  },
  webhook_subscriptions: {
    id: 'internal',
    name: 'internal',
    url: 'internal',
    events: 'internal',
    audiences: 'internal',
    secret: 'restricted',
    active: 'internal',
    organisation_id: 'internal',
    created_by: 'internal',
    created_at: 'internal',
    updated_at: 'internal',
  },
  webhook_deliveries: {
    id: 'internal',
    subscription_id: 'internal',
    event: 'internal',
    subject_type: 'internal',
    subject_id: 'internal',
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
