/**
 * The platform's one notification service. A module calls `notify` in the transaction of the
 * change that causes an event: the recipients' inbox rows (and the matching webhook deliveries,
 * see notifications.webhooks.ts) commit or roll back with the change.
 */
import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import { assertAudited, type AuditEntry, auditInsert } from '../../platform/audit';
import { errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext } from '../../platform/viewer';
import type { NotificationEvent } from './notifications.events';
import { notificationsPolicy } from './notifications.policy';
import { presentNotification } from './notifications.presenter';
import * as repo from './notifications.repository';
import type { InboxQuery, NotificationView } from './notifications.schema';
import { eventWebhooksInsert } from './notifications.webhooks.service';

export interface NotifyInput {
  event: NotificationEvent;
  /** What the event is about (`exchange_proposals`, id): webhook receivers and the inbox refer to it. */
  subject: { type: string; id: string };
  /** Every enabled member of each organisation, and each user, gets one inbox row. */
  recipients: { organisationIds?: readonly string[]; userIds?: readonly string[] };
  /** The values the event's text quotes (`notifications.event.<event>` in the locale files). */
  params?: Record<string, string | number>;
  /** Where the web app opens it: a path such as `/exchange/proposals/<id>`. */
  link?: string | null;
  /** The webhook body's `data` for the recipients' subscriptions; default: `params`. */
  data?: Record<string, unknown>;
  at?: Date;
  /**
   * The audit record of the change that causes the event, written in the same statement as the
   * notifications (one round trip instead of two; platform/audit.ts `auditInsert`).
   */
  audit?: AuditEntry;
}

export interface NotifyOutcome {
  inbox: number;
  webhooks: number;
}

/**
 * Writes the event for its recipients in the caller's transaction. The acting user is not told
 * about their own act (other members of their organisation are).
 */
export async function notify(trx: Trx, ctx: ServiceContext, input: NotifyInput): Promise<NotifyOutcome> {
  const link = input.link ?? null;
  if (link !== null && (!link.startsWith('/') || link.startsWith('//'))) throw new Error(`notify(${input.event}): link must be a path of the web app, not ${link}`);
  const at = input.at ?? new Date();
  const actor = actorOf(ctx.viewer);
  const params = input.params ?? {};
  const organisationIds = input.recipients.organisationIds ?? [];
  const inbox = repo.inboxInsert({
    event: input.event,
    subjectType: input.subject.type,
    subjectId: input.subject.id,
    params,
    link,
    organisationIds,
    userIds: input.recipients.userIds ?? [],
    exceptUserIds: actor?.userId ? [actor.userId] : [],
    at,
  });
  const webhooks = eventWebhooksInsert({ event: input.event, subject: input.subject, organisationIds, link, data: input.data ?? params, at });
  // One round trip for the inbox rows, the deliveries and (when given) the change's audit record.
  const audit = input.audit ? sql`audit as (${auditInsert(trx, ctx, input.audit)}),` : sql``;
  const { rows } = await sql<{ audited: number; inbox: number; webhooks: number }>`
    with ${audit} inbox as (${inbox}), hooks as (${webhooks})
    select ${input.audit ? sql`(select count(*) from audit)` : sql`0`}::int as audited, (select count(*) from inbox)::int as inbox, (select count(*) from hooks)::int as webhooks`.execute(trx);
  const counts = rows[0]!;
  if (input.audit) assertAudited(counts.audited);
  return { inbox: counts.inbox, webhooks: counts.webhooks };
}

function inboxUser(ctx: ServiceContext): string {
  const actor = actorOf(ctx.viewer);
  const userId = actor?.userId ?? '';
  permit(ctx.viewer, notificationsPolicy.readInbox(ctx.viewer, userId), 'Only a signed-in person has an inbox (API tokens have none).');
  return userId;
}

function cursorOf(v: NotificationView | undefined): string | null {
  return v ? `${String(new Date(v.createdAt).getTime()).padStart(13, '0')}_${v.id}` : null;
}

export async function listInbox(db: Executor, ctx: ServiceContext, q: InboxQuery): Promise<{ items: NotificationView[]; unread: number; nextCursor: string | null }> {
  const userId = inboxUser(ctx);
  const before = q.cursor ? { at: new Date(Number(q.cursor.slice(0, 13))), id: q.cursor.slice(14) } : null;
  const rows = await repo.listInbox(db, { userId, unreadOnly: q.unread, before, limit: q.limit + 1 });
  const items = rows.slice(0, q.limit).map(presentNotification);
  return { items, unread: await repo.unreadCount(db, userId), nextCursor: rows.length > q.limit ? cursorOf(items[items.length - 1]) : null };
}

export async function unreadCount(db: Executor, ctx: ServiceContext): Promise<number> {
  return repo.unreadCount(db, inboxUser(ctx));
}

/** Marks the viewer's own notifications read; ids of other users' notifications are not found. */
export async function markRead(trx: Trx, ctx: ServiceContext, ids: readonly string[] | 'all', now = new Date()): Promise<{ marked: number; unread: number }> {
  const userId = inboxUser(ctx);
  if (ids !== 'all') {
    for (const id of ids) {
      const row = await repo.findNotification(trx, id);
      if (!row || row.user_id !== userId) throw errors.notFound('Notification', id);
    }
  }
  const marked = await repo.markRead(trx, userId, ids, now);
  return { marked, unread: await repo.unreadCount(trx, userId) };
}
