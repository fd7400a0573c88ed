import type { Insertable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { CityNodeRow, DeclaredFlowRow, IndicatorScope, IndicatorSystemRow, IndicatorValueRow, SymbiosisFlowTable, SymbiosisIndicatorSystemTable, SymbiosisNodeTable } from './symbiosis.tables';

/** SQL of the symbiosis module's own tables; other modules' data comes through their index.ts. */

export function cityNodesOf(db: Executor, park: { parkId: string; regionCode: string }): Promise<CityNodeRow[]> {
  // A park's own nodes and the region's shared ones (a city's sewage works serves every park in it).
  return db
    .selectFrom('symbiosis_nodes')
    .selectAll()
    .where((eb) => eb.or([eb('park_id', '=', park.parkId), eb.and([eb('park_id', 'is', null), eb('region_code', '=', park.regionCode)])]))
    .orderBy('kind')
    .orderBy('name_zh')
    .execute();
}

export function findCityNode(db: Executor, id: string): Promise<CityNodeRow | undefined> {
  return db.selectFrom('symbiosis_nodes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertCityNode(trx: Trx, row: Insertable<SymbiosisNodeTable>): Promise<CityNodeRow> {
  return trx.insertInto('symbiosis_nodes').values(row).returningAll().executeTakeFirstOrThrow();
}

export function declaredFlows(db: Executor, parkId: string, year: number): Promise<DeclaredFlowRow[]> {
  return db.selectFrom('symbiosis_flows').selectAll().where('park_id', '=', parkId).where('year', '=', year).orderBy('created_at').execute();
}

export function insertDeclaredFlow(trx: Trx, row: Insertable<SymbiosisFlowTable>): Promise<DeclaredFlowRow> {
  return trx.insertInto('symbiosis_flows').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function firmSettings(db: Executor, organisationIds: readonly string[]): Promise<Map<string, { stopThreshold: number; shareWithOtherParks: boolean }>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db.selectFrom('symbiosis_firm_settings').selectAll().where('organisation_id', 'in', [...organisationIds]).execute();
  return new Map(rows.map((r) => [r.organisation_id, { stopThreshold: Number(r.stop_threshold), shareWithOtherParks: r.share_with_other_parks }]));
}

export async function upsertFirmSetting(trx: Trx, organisationId: string, values: { stopThreshold: number; shareWithOtherParks: boolean }, userId: string | null): Promise<void> {
  const row = { stop_threshold: values.stopThreshold, share_with_other_parks: values.shareWithOtherParks, updated_by: userId, updated_at: new Date() };
  await trx
    .insertInto('symbiosis_firm_settings')
    .values({ organisation_id: organisationId, ...row })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(row))
    .execute();
}

/** The current (highest) version of every system, optionally of one scope. */
export async function currentIndicatorSystems(db: Executor, scope?: IndicatorScope): Promise<IndicatorSystemRow[]> {
  return db
    .selectFrom('symbiosis_indicator_systems as s')
    .selectAll('s')
    .$if(scope !== undefined, (q) => q.where('s.scope', '=', scope!))
    .where((eb) => eb('s.version', '=', eb.selectFrom('symbiosis_indicator_systems as v').select((v) => v.fn.max('v.version').as('m')).whereRef('v.code', '=', 's.code')))
    .orderBy('s.code')
    .execute();
}

export function indicatorSystemVersions(db: Executor, code: string): Promise<IndicatorSystemRow[]> {
  return db.selectFrom('symbiosis_indicator_systems').selectAll().where('code', '=', code).orderBy('version', 'desc').execute();
}

/** Locks the system's rows so two editors cannot both publish version n + 1. */
export async function lockIndicatorSystem(trx: Trx, code: string): Promise<IndicatorSystemRow | undefined> {
  const rows = await trx.selectFrom('symbiosis_indicator_systems').selectAll().where('code', '=', code).orderBy('version', 'desc').forUpdate().execute();
  return rows[0];
}

export function insertIndicatorSystem(trx: Trx, row: Insertable<SymbiosisIndicatorSystemTable>): Promise<IndicatorSystemRow> {
  return trx.insertInto('symbiosis_indicator_systems').values(row).returningAll().executeTakeFirstOrThrow();
}

export function indicatorValues(db: Executor, subject: { type: IndicatorScope; ids: readonly string[] }): Promise<IndicatorValueRow[]> {
  if (subject.ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('symbiosis_indicator_values')
    .selectAll()
    .where('subject_type', '=', subject.type)
    .where('subject_id', 'in', [...subject.ids])
    .orderBy('year')
    .execute();
}

export async function upsertIndicatorValue(
  trx: Trx,
  row: { system_code: string; indicator: string; subject_type: IndicatorScope; subject_id: string; year: number; value: number; source: string; entered_by_organisation_id: string | null; entered_by: string | null },
): Promise<IndicatorValueRow> {
  return trx
    .insertInto('symbiosis_indicator_values')
    .values(row)
    .onConflict((oc) =>
      oc.constraint('symbiosis_indicator_values_one').doUpdateSet({
        value: row.value,
        source: row.source,
        entered_by_organisation_id: row.entered_by_organisation_id,
        entered_by: row.entered_by,
        entered_at: new Date(),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
