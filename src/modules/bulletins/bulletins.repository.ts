import { sql } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { BulletinRow, BulletinStatus, BulletinTable } from './bulletins.tables';

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

/** Numbers of bulletins by id (null for drafts), for listing their webhook deliveries. */
export async function bulletinNumbers(db: Executor, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('bulletins').select(['id', 'number']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.number]));
}
