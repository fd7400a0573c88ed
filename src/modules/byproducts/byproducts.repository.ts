import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { ByproductFirmInputTable, ByproductRecordTable, ByproductStreamTable, PathwayKbVersionTable } from './byproducts.tables';

/** All SQL of the by-product module. */
type PathwayKbVersionRow = Selectable<PathwayKbVersionTable>;
export type RecordRow = Selectable<ByproductRecordTable>;
export type FirmInputRow = Selectable<ByproductFirmInputTable>;

export interface StreamWithOwner extends Selectable<ByproductStreamTable> {
  organisation_code: string;
  organisation_name: string;
  organisation_type: string;
  region_code: string;
  park_id: string | null;
  site_name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

function streamQuery(db: Executor) {
  return db
    .selectFrom('byproduct_streams as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .innerJoin('sites as si', 'si.id', 's.site_id')
    .selectAll('s')
    .select(['o.code as organisation_code', 'o.name_zh as organisation_name', 'o.type as organisation_type', 'o.region_code', 'o.park_id', 'si.name as site_name']);
}

export async function findStream(db: Executor, idOrCode: string): Promise<StreamWithOwner | undefined> {
  return streamQuery(db)
    .where(isUuid(idOrCode) ? 's.id' : 's.code', '=', idOrCode)
    .executeTakeFirst();
}

export async function lockStream(trx: Trx, id: string): Promise<void> {
  await trx.selectFrom('byproduct_streams').select('id').where('id', '=', id).forUpdate().execute();
}

export interface StreamFilter {
  organisationId?: string;
  parkId?: string;
  regionPrefix?: string;
  siteId?: string;
}

export async function listStreams(db: Executor, filter: StreamFilter, limit = 100_000, offset = 0): Promise<{ rows: StreamWithOwner[]; total: number }> {
  let q = streamQuery(db);
  if (filter.organisationId) q = q.where('s.organisation_id', '=', filter.organisationId);
  if (filter.parkId) q = q.where('o.park_id', '=', filter.parkId);
  if (filter.regionPrefix) q = q.where('o.region_code', 'like', `${filter.regionPrefix}%`);
  if (filter.siteId) q = q.where('s.site_id', '=', filter.siteId);
  const total = await q
    .clearSelect()
    .select(sql<number>`count(*)::int8`.as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q.orderBy('s.code').limit(limit).offset(offset).execute();
  return { rows, total: total.n };
}

export async function streamCodesWithPrefix(db: Executor, prefix: string): Promise<string[]> {
  const rows = await db.selectFrom('byproduct_streams').select('code').where('code', 'like', `${prefix}%`).execute();
  return rows.map((r) => r.code);
}

export async function insertStream(trx: Trx, values: Insertable<ByproductStreamTable>): Promise<string> {
  const row = await trx.insertInto('byproduct_streams').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** New streams of an import, one statement per batch. */
export async function insertStreams(trx: Trx, values: readonly Insertable<ByproductStreamTable>[]): Promise<void> {
  if (values.length > 0) await trx.insertInto('byproduct_streams').values([...values]).execute();
}

export async function updateStream(trx: Trx, id: string, values: Updateable<ByproductStreamTable>): Promise<void> {
  await trx.updateTable('byproduct_streams').set({ ...values, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function deleteStream(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('byproduct_streams').where('id', '=', id).execute();
}

// ---- monthly records ------------------------------------------------------------------------

export async function upsertRecords(trx: Trx, rows: Insertable<ByproductRecordTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('byproduct_records')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['stream_id', 'period']).doUpdateSet((eb) => ({
          generated_t: eb.ref('excluded.generated_t'),
          utilised_low_value_t: eb.ref('excluded.utilised_low_value_t'),
          utilised_reduce_efficiency_t: eb.ref('excluded.utilised_reduce_efficiency_t'),
          utilised_value_added_t: eb.ref('excluded.utilised_value_added_t'),
          utilised_unspecified_t: eb.ref('excluded.utilised_unspecified_t'),
          disposed_landfill_t: eb.ref('excluded.disposed_landfill_t'),
          disposed_incineration_t: eb.ref('excluded.disposed_incineration_t'),
          disposed_discharge_t: eb.ref('excluded.disposed_discharge_t'),
          disposed_harmless_t: eb.ref('excluded.disposed_harmless_t'),
          value_created_yuan: eb.ref('excluded.value_created_yuan'),
          disposal_cost_yuan: eb.ref('excluded.disposal_cost_yuan'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
}

/** How many of these (stream, month) pairs are stored already; a batch of an import at a time. */
export async function countStoredRecords(db: Executor, keys: readonly { streamId: string; period: string }[]): Promise<number> {
  if (keys.length === 0) return 0;
  const wanted = new Set(keys.map((k) => `${k.streamId}|${k.period}`));
  const rows = await db
    .selectFrom('byproduct_records')
    .select(['stream_id', 'period'])
    .where('stream_id', 'in', [...new Set(keys.map((k) => k.streamId))])
    .where('period', 'in', [...new Set(keys.map((k) => k.period))])
    .execute();
  return rows.filter((r) => wanted.has(`${r.stream_id}|${r.period}`)).length;
}

export async function findRecord(db: Executor, streamId: string, period: string): Promise<RecordRow | undefined> {
  return db.selectFrom('byproduct_records').selectAll().where('stream_id', '=', streamId).where('period', '=', period).executeTakeFirst();
}

/** Records of the given streams in a period (YYYY or YYYY-MM). */
export async function recordsFor(db: Executor, streamIds: string[], period: string): Promise<RecordRow[]> {
  if (streamIds.length === 0) return [];
  let q = db.selectFrom('byproduct_records').selectAll().where('stream_id', 'in', streamIds);
  q = period.length === 4 ? q.where('period', 'like', `${period}-%`) : q.where('period', '=', period);
  return q.orderBy('period').execute();
}

export async function listRecords(db: Executor, streamId: string): Promise<RecordRow[]> {
  return db.selectFrom('byproduct_records').selectAll().where('stream_id', '=', streamId).orderBy('period').execute();
}

// ---- pathway knowledge base ----------------------------------------------------------------

export async function latestKbVersion(db: Executor): Promise<PathwayKbVersionRow | undefined> {
  return db.selectFrom('pathway_kb_versions').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function findKbVersion(db: Executor, version: string): Promise<PathwayKbVersionRow | undefined> {
  return db.selectFrom('pathway_kb_versions').selectAll().where('version', '=', version).executeTakeFirst();
}

export async function listKbVersions(db: Executor) {
  return db
    .selectFrom('pathway_kb_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.id', 'v.version', 'v.note', 'v.created_at', 'v.created_by', 'u.display_name as created_by_name', sql<number>`jsonb_array_length(v.data->'pathways')::int8`.as('pathways')])
    .orderBy('v.id', 'desc')
    .execute();
}

/** Serialises writers of the knowledge base: each version is made from the one before it. */
export async function lockKnowledgeBase(trx: Trx): Promise<void> {
  await sql`lock table pathway_kb_versions in share row exclusive mode`.execute(trx);
}

export async function insertKbVersion(trx: Trx, values: { version: string; data: unknown; created_by: string | null; note: string | null }): Promise<PathwayKbVersionRow> {
  return trx
    .insertInto('pathway_kb_versions')
    .values({ ...values, data: JSON.stringify(values.data) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---- a firm's declared inputs (MCI) -----------------------------------------------------------

export async function listFirmInputs(db: Executor, organisationId: string): Promise<FirmInputRow[]> {
  return db.selectFrom('byproduct_firm_inputs').selectAll().where('organisation_id', '=', organisationId).orderBy('period').execute();
}

export async function findFirmInputs(db: Executor, organisationId: string, period: string): Promise<FirmInputRow | undefined> {
  return db.selectFrom('byproduct_firm_inputs').selectAll().where('organisation_id', '=', organisationId).where('period', '=', period).executeTakeFirst();
}

/** The declarations that can apply to a period: its own and, for a month, its year's. */
export async function firmInputsFor(db: Executor, organisationId: string, period: string): Promise<FirmInputRow[]> {
  const periods = period.length === 7 ? [period, period.slice(0, 4)] : [period];
  return db.selectFrom('byproduct_firm_inputs').selectAll().where('organisation_id', '=', organisationId).where('period', 'in', periods).execute();
}

export async function upsertFirmInputs(trx: Trx, values: Insertable<ByproductFirmInputTable>): Promise<void> {
  const { organisation_id: _o, period: _p, ...rest } = values;
  await trx
    .insertInto('byproduct_firm_inputs')
    .values(values)
    .onConflict((oc) => oc.columns(['organisation_id', 'period']).doUpdateSet({ ...rest, updated_at: sql`now()` }))
    .execute();
}

export async function deleteFirmInputs(trx: Trx, organisationId: string, period: string): Promise<boolean> {
  const r = await trx.deleteFrom('byproduct_firm_inputs').where('organisation_id', '=', organisationId).where('period', '=', period).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Per firm of a park with declared streams: how many streams it has and how many of them have a
 * record for `period` (YYYY-MM), counted in SQL.
 */
export async function parkReportingByFirm(db: Executor, parkId: string, period: string): Promise<{ organisation_id: string; organisation_code: string; organisation_name: string; streams: number; reported: number }[]> {
  return db
    .selectFrom('byproduct_streams as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .leftJoin('byproduct_records as r', (join) => join.onRef('r.stream_id', '=', 's.id').on('r.period', '=', period))
    .where('o.park_id', '=', parkId)
    .select([
      'o.id as organisation_id',
      'o.code as organisation_code',
      'o.name_zh as organisation_name',
      sql<number>`count(distinct s.id)::int8`.as('streams'),
      sql<number>`count(distinct r.stream_id)::int8`.as('reported'),
    ])
    .groupBy(['o.id', 'o.code', 'o.name_zh'])
    .orderBy('o.code')
    .execute();
}

/** Streams of the firms of a region (GB/T 2260 prefix) by physical state, and how many firms declare them. */
export async function regionStreamCounts(db: Executor, prefix: string): Promise<{ state: string; streams: number; firms: number }[]> {
  return db
    .selectFrom('byproduct_streams as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .where('o.region_code', 'like', `${prefix}%`)
    .select(['s.state', sql<number>`count(*)::int8`.as('streams'), sql<number>`count(distinct s.organisation_id)::int8`.as('firms')])
    .groupBy('s.state')
    .orderBy('s.state')
    .execute();
}

/** The firms of a region that declare streams (for the overall count across states). */
export async function regionStreamFirms(db: Executor, prefix: string): Promise<number> {
  const r = await db
    .selectFrom('byproduct_streams as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .where('o.region_code', 'like', `${prefix}%`)
    .select(sql<number>`count(distinct s.organisation_id)::int8`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}
