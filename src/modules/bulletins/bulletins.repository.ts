import { sql } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { BulletinEvent, BulletinRow, BulletinStatus, BulletinSubscriptionRow, BulletinSubscriptionTable, BulletinTable, DeliveryStatus } from './bulletins.tables';

// ---------------------------------------------------------------- bulletins

export async function insertBulletin(trx: Trx, values: Insertable<BulletinTable>): Promise<BulletinRow> {
  return trx.insertInto('bulletins').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateBulletin(trx: Trx, id: string, values: Updateable<BulletinTable>): Promise<BulletinRow> {
  return trx
    .updateTable('bulletins')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteBulletin(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('bulletins').where('id', '=', id).execute();
}

export async function findBulletin(db: Executor, id: string): Promise<BulletinRow | undefined> {
  return db.selectFrom('bulletins').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The row locked for a state change: two publications of one draft serialise on it. */
export async function lockBulletin(trx: Trx, id: string): Promise<BulletinRow | undefined> {
  return trx.selectFrom('bulletins').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** By id (a uuid) or by number (`2026-001`), among the given statuses. */
export async function findBulletinByRef(db: Executor, ref: string, statuses: readonly BulletinStatus[]): Promise<BulletinRow | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  return db
    .selectFrom('bulletins')
    .selectAll()
    .where('status', 'in', statuses)
    .where((eb) => (isUuid ? eb('id', '=', ref) : eb('number', '=', ref)))
    .executeTakeFirst();
}

/** Newest first: published ones by publication, drafts by their last change. */
export async function listBulletins(db: Executor, q: { statuses: readonly BulletinStatus[]; limit: number; offset: number }): Promise<{ rows: BulletinRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('bulletins')
      .selectAll()
      .where('status', 'in', q.statuses)
      .orderBy(sql`coalesce(published_at, updated_at)`, 'desc')
      .orderBy('id')
      .limit(q.limit)
      .offset(q.offset)
      .execute(),
    db.selectFrom('bulletins').select(sql<number>`count(*)::int8`.as('n')).where('status', 'in', q.statuses).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** Next number of a year; the counter row is locked by the upsert until the transaction ends. */
export async function nextBulletinNumber(trx: Trx, year: number): Promise<number> {
  const row = await trx
    .insertInto('bulletin_counters')
    .values({ year, last_number: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: sql`bulletin_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export async function organisationNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name_zh']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name_zh]));
}

// ---------------------------------------------------------------- subscriptions

export async function insertSubscription(trx: Trx, values: Insertable<BulletinSubscriptionTable>): Promise<BulletinSubscriptionRow> {
  return trx.insertInto('bulletin_subscriptions').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateSubscription(trx: Trx, id: string, values: Updateable<BulletinSubscriptionTable>): Promise<BulletinSubscriptionRow> {
  return trx
    .updateTable('bulletin_subscriptions')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteSubscription(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('bulletin_subscriptions').where('id', '=', id).execute();
}

export async function findSubscription(db: Executor, id: string): Promise<BulletinSubscriptionRow | undefined> {
  return db.selectFrom('bulletin_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSubscriptions(db: Executor): Promise<BulletinSubscriptionRow[]> {
  return db.selectFrom('bulletin_subscriptions').selectAll().orderBy('created_at').orderBy('id').execute();
}

// ---------------------------------------------------------------- deliveries (the outbox)

/**
 * One delivery per active subscription whose audiences meet the bulletin's, in the caller's
 * transaction (the outbox is written atomically with the publication or withdrawal).
 */
export async function enqueueDeliveries(trx: Trx, e: { bulletinId: string; event: BulletinEvent; audiences: readonly string[]; body: string; at: Date }): Promise<number> {
  const result = await sql`
    insert into bulletin_deliveries (subscription_id, bulletin_id, event, body, next_attempt_at)
    select s.id, ${e.bulletinId}::uuid, ${e.event}, ${e.body}, ${e.at}
    from bulletin_subscriptions s
    where s.active and s.audiences && ${sql.val([...e.audiences])}::text[]`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export interface ClaimedDelivery {
  id: string;
  event: BulletinEvent;
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
      select d.id from bulletin_deliveries d
      where (d.status = 'pending' and d.next_attempt_at <= ${now}) or (d.status = 'sending' and d.lease_until < ${now})
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update skip locked
    )
    update bulletin_deliveries d
    set status = 'sending', attempts = d.attempts + 1, lease_until = ${leaseUntil}, last_attempt_at = ${now}
    from due, bulletin_subscriptions s
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
    .updateTable('bulletin_deliveries')
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

/** Counts per bulletin or per subscription; `sending` counts as pending. */
export async function deliveryCounts(db: Executor, by: 'bulletin_id' | 'subscription_id', ids: readonly string[]): Promise<Map<string, DeliveryCounts>> {
  const out = new Map<string, DeliveryCounts>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('bulletin_deliveries')
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

export async function listDeliveries(db: Executor, q: { bulletinId?: string | undefined; subscriptionId?: string | undefined; status?: DeliveryStatus | undefined }) {
  return db
    .selectFrom('bulletin_deliveries as d')
    .innerJoin('bulletin_subscriptions as s', 's.id', 'd.subscription_id')
    .innerJoin('bulletins as b', 'b.id', 'd.bulletin_id')
    .select([
      'd.id',
      'd.subscription_id',
      's.name as subscription',
      's.url',
      'd.bulletin_id',
      'b.number as bulletin_number',
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
    .$if(q.bulletinId !== undefined, (qb) => qb.where('d.bulletin_id', '=', q.bulletinId!))
    .$if(q.subscriptionId !== undefined, (qb) => qb.where('d.subscription_id', '=', q.subscriptionId!))
    .$if(q.status !== undefined, (qb) => qb.where('d.status', '=', q.status!))
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id')
    .limit(500)
    .execute();
}

/** Webhook deliveries per status, counted in SQL. */
export async function countDeliveries(db: Executor): Promise<{ status: DeliveryStatus; n: number }[]> {
  return db.selectFrom('bulletin_deliveries').select(['status', sql<number>`count(*)::int8`.as('n')]).groupBy('status').execute();
}
