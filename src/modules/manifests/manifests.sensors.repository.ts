/** SQL of the manifests' sensor readings (issue 13 "Sensors"). */
import { type Insertable, sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { ManifestGpsPointTable, ManifestRfidReadTable, ManifestSensorFlagTable, ManifestWeighingTable, SensorFlagKind } from './manifests.sensors.tables';

/** Rows per insert statement: PostgreSQL takes at most 65 535 parameters (12 columns a point). */
const CHUNK = 1_000;

/**
 * Serialises the posts of one manifest's readings (a retried batch racing its first attempt):
 * a transaction-scoped advisory lock, so custody transitions on the manifest's row never wait.
 */
export async function lockSensors(trx: Trx, manifestId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`manifest-sensors:${manifestId}`}))`.execute(trx);
}

export function gpsByIds(db: Executor, manifestId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_gps_points').select(['reading_id', 'at', 'lat', 'lon', 'speed_kmh', 'heading_deg']).where('manifest_id', '=', manifestId).where('reading_id', 'in', ids).execute();
}

export function weighingsByIds(db: Executor, manifestId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_weighings').selectAll().where('manifest_id', '=', manifestId).where('reading_id', 'in', ids).execute();
}

export function rfidByIds(db: Executor, manifestId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('manifest_rfid_reads').selectAll().where('manifest_id', '=', manifestId).where('reading_id', 'in', ids).execute();
}

export async function insertGps(trx: Trx, rows: Insertable<ManifestGpsPointTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('manifest_gps_points').values(rows.slice(i, i + CHUNK)).execute();
}

export async function insertWeighings(trx: Trx, rows: Insertable<ManifestWeighingTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('manifest_weighings').values(rows.slice(i, i + CHUNK)).execute();
}

export async function insertRfid(trx: Trx, rows: Insertable<ManifestRfidReadTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('manifest_rfid_reads').values(rows.slice(i, i + CHUNK)).execute();
}

export function trackOf(db: Executor, manifestId: string) {
  return db.selectFrom('manifest_gps_points').select(['at', 'lat', 'lon', 'speed_kmh', 'source']).where('manifest_id', '=', manifestId).orderBy('at').orderBy('reading_id').execute();
}

export function weighingsOf(db: Executor, manifestId: string) {
  return db.selectFrom('manifest_weighings').selectAll().where('manifest_id', '=', manifestId).orderBy('at').orderBy('reading_id').execute();
}

export function rfidOf(db: Executor, manifestId: string) {
  return db.selectFrom('manifest_rfid_reads').selectAll().where('manifest_id', '=', manifestId).orderBy('at').orderBy('reading_id').execute();
}

export function flagsOf(db: Executor, manifestId: string) {
  return db.selectFrom('manifest_sensor_flags').select(['kind', 'key', sql<string>`detail::text`.as('detail'), 'found_at']).where('manifest_id', '=', manifestId).orderBy('found_at').orderBy('key').execute();
}

/** Inserts the findings not recorded before; returns how many are new. */
export async function insertFlags(trx: Trx, rows: Insertable<ManifestSensorFlagTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await trx
    .insertInto('manifest_sensor_flags')
    .values(rows)
    .onConflict((oc) => oc.columns(['manifest_id', 'kind', 'key']).doNothing())
    .returning('key')
    .execute();
  return inserted.length;
}

/** The findings the regulators' queue has not taken yet, marked taken in the caller's transaction. */
export async function takeUnqueuedFlags(trx: Executor, now: Date, limit: number): Promise<{ manifest_id: string; kind: SensorFlagKind; key: string; detail: string }[]> {
  const rows = await sql<{ manifest_id: string; kind: SensorFlagKind; key: string; detail: string }>`
    update manifest_sensor_flags f set queued_at = ${now}
    from (select manifest_id, kind, key from manifest_sensor_flags where queued_at is null order by found_at limit ${limit} for update skip locked) q
    where f.manifest_id = q.manifest_id and f.kind = q.kind and f.key = q.key
    returning f.manifest_id, f.kind, f.key, f.detail::text as detail`.execute(trx);
  return rows.rows;
}

/** When the load was first picked up and delivered (custody events), for the overtime check. */
export async function tripTimes(db: Executor, manifestId: string): Promise<{ pickedUpAt: Date | null; deliveredAt: Date | null }> {
  const row = await db
    .selectFrom('manifest_events')
    .select([
      sql<Date | null>`min(at) filter (where kind = 'picked-up')`.as('picked'),
      sql<Date | null>`max(at) filter (where kind = 'delivered')`.as('delivered'),
    ])
    .where('manifest_id', '=', manifestId)
    .executeTakeFirstOrThrow();
  return { pickedUpAt: row.picked, deliveredAt: row.delivered };
}

/** Deletes GPS points older than `before`, at most `limit` a call (the job calls again next slot); returns how many. */
export async function deleteTracksBefore(trx: Trx, before: Date, limit: number): Promise<number> {
  const result = await sql`
    delete from manifest_gps_points p using (
      select manifest_id, reading_id from manifest_gps_points where at < ${before} limit ${limit}
    ) old where p.manifest_id = old.manifest_id and p.reading_id = old.reading_id`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export type TrackRow = Awaited<ReturnType<typeof trackOf>>[number];

/** Delivered loads (picked up since `since`), newest pickup first: their times and tonnes picked up and received. */
export async function deliveredTrips(db: Executor, since: Date, limit: number) {
  const rows = await sql<{ id: string; picked_up_at: Date; delivered_at: Date; picked_up_t: string; received_t: string | null }>`
    select m.id, e.picked_up_at, e.delivered_at,
      (select sum(case when l.unit = 'kg' then coalesce(l.picked_up, l.quantity) / 1000 else coalesce(l.picked_up, l.quantity) end) from manifest_lines l where l.manifest_id = m.id) as picked_up_t,
      (select sum(case when l.unit = 'kg' then l.received / 1000 else l.received end) from manifest_lines l where l.manifest_id = m.id) as received_t
    from manifests m
    join lateral (
      select min(at) filter (where kind = 'picked-up') as picked_up_at, max(at) filter (where kind = 'delivered') as delivered_at
      from manifest_events where manifest_id = m.id
    ) e on true
    where e.picked_up_at >= ${since} and e.delivered_at is not null
    order by e.picked_up_at desc, m.id
    limit ${limit}`.execute(db);
  return rows.rows;
}
