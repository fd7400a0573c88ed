import { type Insertable, type RawBuilder, sql, type Updateable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { NotificationEvent } from './notifications.events';
import type { DeliveryStatus, WebhookSubscriptionRow, WebhookSubscriptionTable } from './notifications.tables';

// ---------------------------------------------------------------- subscriptions

export async function insertSubscription(trx: Trx, values: Insertable<WebhookSubscriptionTable>): Promise<WebhookSubscriptionRow> {
  return trx.insertInto('webhook_subscriptions').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateSubscription(trx: Trx, id: string, values: Updateable<WebhookSubscriptionTable>): Promise<WebhookSubscriptionRow> {
  return trx
    .updateTable('webhook_subscriptions')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteSubscription(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
}

export async function findSubscription(db: Executor, id: string): Promise<WebhookSubscriptionRow | undefined> {
  return db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Subscriptions receiving any of `events`, of one organisation or of all. */
export async function listSubscriptions(db: Executor, q: { events: readonly NotificationEvent[]; organisationId?: string }): Promise<WebhookSubscriptionRow[]> {
  return db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where(sql<boolean>`events && ${sql.val([...q.events])}::text[]`)
    .$if(q.organisationId !== undefined, (qb) => qb.where('organisation_id', '=', q.organisationId!))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------- deliveries (the outbox)

interface Enqueue {
  event: NotificationEvent;
  subjectType: string;
  subjectId: string;
  body: string;
  at: Date;
}

/** One delivery per active subscription to the event whose audiences meet `audiences` (bulletin events). */
export async function enqueueForAudiences(trx: Trx, e: Enqueue & { audiences: readonly string[] }): Promise<number> {
  const result = await sql`
    insert into webhook_deliveries (subscription_id, event, subject_type, subject_id, body, next_attempt_at)
    select s.id, ${e.event}, ${e.subjectType}, ${e.subjectId}::uuid, ${e.body}, ${e.at}
    from webhook_subscriptions s
    where s.active and ${e.event} = any(s.events) and s.audiences && ${sql.val([...e.audiences])}::text[]`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** One delivery per active subscription to the event of each addressed organisation. */
export async function enqueueForOrganisations(trx: Trx, e: Enqueue & { organisationIds: readonly string[] }): Promise<number> {
  if (e.organisationIds.length === 0) return 0;
  const result = await organisationDeliveriesInsert(e).execute(trx);
  return result.rows.length;
}

/** The insert of enqueueForOrganisations, not yet run (`notify` sends it with the event's other writes in one statement); no organisation: no row. */
export function organisationDeliveriesInsert(e: Enqueue & { organisationIds: readonly string[] }): RawBuilder<{ one: number }> {
  return sql<{ one: number }>`
    insert into webhook_deliveries (subscription_id, event, subject_type, subject_id, body, next_attempt_at)
    select s.id, ${e.event}, ${e.subjectType}, ${e.subjectId}::uuid, ${e.body}, ${e.at}
    from webhook_subscriptions s
    where s.active and ${e.event} = any(s.events) and s.organisation_id = any(${sql.val([...new Set(e.organisationIds)])}::uuid[])
    returning 1 as one`;
}

export interface ClaimedDelivery {
  id: string;
  event: NotificationEvent;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Takes up to `limit` due deliveries (pending and due, or sending with an expired lease) and
 * leases them: status `sending`, one more attempt counted. Runs under the job's advisory lock,
 * and `skip locked` keeps even a caller without it from taking a row twice.
 */
export async function claimDueDeliveries(trx: Executor, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  const result = await sql<ClaimedDelivery>`
    with due as (
      select d.id from webhook_deliveries d
      where (d.status = 'pending' and d.next_attempt_at <= ${now}) or (d.status = 'sending' and d.lease_until < ${now})
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update skip locked
    )
    update webhook_deliveries d
    set status = 'sending', attempts = d.attempts + 1, lease_until = ${leaseUntil}, last_attempt_at = ${now}
    from due, webhook_subscriptions s
    where d.id = due.id and s.id = d.subscription_id
    returning d.id, d.event, d.body, d.attempts, s.url, s.secret`.execute(trx);
  return result.rows;
}

export async function recordDeliveryOutcome(
  db: Executor,
  id: string,
  o: { status: Exclude<DeliveryStatus, 'sending'>; statusCode: number | null; error: string | null; nextAttemptAt: Date | null; deliveredAt: Date | null },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: o.status,
      last_status_code: o.statusCode,
      last_error: o.error,
      lease_until: null,
      delivered_at: o.deliveredAt,
      ...(o.nextAttemptAt ? { next_attempt_at: o.nextAttemptAt } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

export interface DeliveryCounts {
  pending: number;
  delivered: number;
  failed: number;
}

/** Counts per subject or per subscription; `sending` counts as pending. */
export async function deliveryCounts(db: Executor, by: 'subject_id' | 'subscription_id', ids: readonly string[]): Promise<Map<string, DeliveryCounts>> {
  const out = new Map<string, DeliveryCounts>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select([by, 'status', sql<number>`count(*)::int8`.as('n')])
    .where(by, 'in', [...new Set(ids)])
    .groupBy([by, 'status'])
    .execute();
  for (const r of rows) {
    const key = (r as unknown as Record<string, string>)[by]!;
    const c = out.get(key) ?? { pending: 0, delivered: 0, failed: 0 };
    if (r.status === 'delivered') c.delivered += r.n;
    else if (r.status === 'failed') c.failed += r.n;
    else c.pending += r.n;
    out.set(key, c);
  }
  return out;
}

export type DeliveryRow = Awaited<ReturnType<typeof listDeliveries>>[number];

export interface DeliveryFilter {
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  subscriptionId?: string | undefined;
  organisationId?: string | undefined;
  status?: DeliveryStatus | undefined;
}

export async function listDeliveries(db: Executor, q: DeliveryFilter) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .select([
      'd.id',
      'd.subscription_id',
      's.name as subscription',
      's.url',
      'd.subject_type',
      'd.subject_id',
      'd.event',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_attempt_at',
      'd.last_status_code',
      'd.last_error',
      'd.delivered_at',
      'd.created_at',
    ])
    .$if(q.subjectType !== undefined, (qb) => qb.where('d.subject_type', '=', q.subjectType!))
    .$if(q.subjectId !== undefined, (qb) => qb.where('d.subject_id', '=', q.subjectId!))
    .$if(q.subscriptionId !== undefined, (qb) => qb.where('d.subscription_id', '=', q.subscriptionId!))
    .$if(q.organisationId !== undefined, (qb) => qb.where('s.organisation_id', '=', q.organisationId!))
    .$if(q.status !== undefined, (qb) => qb.where('d.status', '=', q.status!))
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id')
    .limit(500)
    .execute();
}

/** Deliveries per status of one subject type, counted in SQL. */
export async function countDeliveries(db: Executor, subjectType: string): Promise<{ status: DeliveryStatus; n: number }[]> {
  return db.selectFrom('webhook_deliveries').select(['status', sql<number>`count(*)::int8`.as('n')]).where('subject_type', '=', subjectType).groupBy('status').execute();
}
