import { type RawBuilder, sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { NotificationEvent } from './notifications.events';
import type { NotificationRow } from './notifications.tables';

export interface InboxInsert {
  event: NotificationEvent;
  subjectType: string;
  subjectId: string;
  params: Record<string, string | number>;
  link: string | null;
  organisationIds: readonly string[];
  userIds: readonly string[];
  exceptUserIds: readonly string[];
  at: Date;
}

/**
 * One row per recipient user in one statement: every enabled member of each addressed
 * organisation (with that organisation), and each addressed user (without one) unless already
 * reached through an organisation. A user is addressed once per event.
 */
export async function insertInboxRows(trx: Trx, e: InboxInsert): Promise<number> {
  const result = await inboxInsert(e).execute(trx);
  return result.rows.length;
}

/** The insert of insertInboxRows, not yet run (`notify` sends it with the other writes of the event in one statement). */
export function inboxInsert(e: InboxInsert): RawBuilder<{ one: number }> {
  const params = JSON.stringify(e.params);
  const orgs = [...new Set(e.organisationIds)];
  const users = [...new Set(e.userIds)];
  const except = [...new Set(e.exceptUserIds)];
  return sql<{ one: number }>`
    insert into notifications (user_id, organisation_id, event, subject_type, subject_id, params, link, created_at)
    select distinct on (r.user_id) r.user_id, r.organisation_id, ${e.event}, ${e.subjectType}, ${e.subjectId}, ${params}::jsonb, ${e.link}, ${e.at}
    from (
      select m.user_id, m.organisation_id, 0 as rank from memberships m where m.organisation_id = any(${orgs}::uuid[])
      union all
      select u.id, null::uuid, 1 from users u where u.id = any(${users}::uuid[])
    ) r
    join users u on u.id = r.user_id and not u.disabled
    where not (r.user_id = any(${except}::uuid[]))
    order by r.user_id, r.rank, r.organisation_id
    returning 1 as one`;
}

export async function listInbox(db: Executor, q: { userId: string; unreadOnly: boolean; before: { at: Date; id: string } | null; limit: number }): Promise<NotificationRow[]> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', q.userId)
    .$if(q.unreadOnly, (qb) => qb.where('read_at', 'is', null))
    .$if(q.before !== null, (qb) => qb.where(sql<boolean>`(created_at, id) < (${q.before!.at}, ${q.before!.id}::uuid)`))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit)
    .execute();
}

export async function findNotification(db: Executor, id: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const row = await db.selectFrom('notifications').select(sql<number>`count(*)::int8`.as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return row.n;
}

/** Marks the user's notifications read (the given ids, or all of them); returns how many changed. */
export async function markRead(trx: Trx, userId: string, ids: readonly string[] | 'all', at: Date): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  const result = await trx
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .$if(ids !== 'all', (qb) => qb.where('id', 'in', [...(ids as readonly string[])]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
