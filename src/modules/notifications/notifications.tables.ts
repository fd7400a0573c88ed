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

/** The tables this module owns (combined into `Database` in src/db/database.ts). */
export interface NotificationsTables {
  notifications: NotificationTable;
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
};
