import { sql } from 'kysely';
import { regionCovers, regionPrefix } from '../../platform/actor';
import type { Executor, OrganisationType, Trx } from '../../db/database';
import type { NewOrganisation, OrganisationRow, OrganisationUpdate, ParkRow, RegionRow, SiteRow } from './organisations.tables';

export interface OrganisationFilter {
  type?: OrganisationType | undefined;
  regionCode?: string | undefined;
  parkId?: string | undefined;
  q?: string | undefined;
}

export async function listOrganisations(db: Executor, filter: OrganisationFilter, limit: number, offset: number) {
  const query = db
    .selectFrom('organisations')
    .$if(filter.type !== undefined, (qb) => qb.where('type', '=', filter.type!))
    // The region and everything below it: 341600 covers 3416xx, but 341000 must not cover 3416xx.
    .$if(filter.regionCode !== undefined, (qb) => qb.where('region_code', 'like', `${regionPrefix(filter.regionCode!)}%`))
    .$if(filter.parkId !== undefined, (qb) => qb.where('park_id', '=', filter.parkId!))
    .$if(filter.q !== undefined && filter.q !== '', (qb) => {
      const like = `%${filter.q!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return qb.where((eb) => eb.or([eb('name_zh', 'ilike', like), eb('name_en', 'ilike', like), eb('code', 'ilike', like)]));
    });
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('code').limit(limit).offset(offset).execute(),
    query.select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

export function findOrganisation(db: Executor, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The park of each of these organisations (null: in none); one query for the lot. */
export async function parksOfOrganisations(db: Executor, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'park_id']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.park_id]));
}

export function findOrganisationByCode(db: Executor, code: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findOrganisationByCreditCode(db: Executor, creditCode: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('credit_code', '=', creditCode).executeTakeFirst();
}

export function lockOrganisation(trx: Trx, id: string): Promise<OrganisationRow | undefined> {
  return trx.selectFrom('organisations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertOrganisation(trx: Trx, values: NewOrganisation): Promise<OrganisationRow> {
  return trx.insertInto('organisations').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateOrganisation(trx: Trx, id: string, values: OrganisationUpdate): Promise<OrganisationRow> {
  return trx
    .updateTable('organisations')
    .set({ ...values, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listSites(db: Executor, organisationId: string): Promise<SiteRow[]> {
  return db.selectFrom('sites').selectAll().where('organisation_id', '=', organisationId).orderBy('name').execute();
}

export function findSite(db: Executor, id: string): Promise<SiteRow | undefined> {
  return db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockSite(trx: Trx, id: string): Promise<SiteRow | undefined> {
  return trx.selectFrom('sites').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertSite(
  trx: Trx,
  values: { organisation_id: string; name: string; address: string; latitude: number; longitude: number },
): Promise<SiteRow> {
  return trx.insertInto('sites').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateSite(
  trx: Trx,
  id: string,
  values: Partial<{ name: string; address: string; latitude: number; longitude: number }>,
): Promise<SiteRow> {
  return trx
    .updateTable('sites')
    .set({ ...values, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteSite(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('sites').where('id', '=', id).execute();
}

export function listParks(db: Executor): Promise<ParkRow[]> {
  return db.selectFrom('parks').selectAll().orderBy('code').execute();
}

export function findPark(db: Executor, id: string): Promise<ParkRow | undefined> {
  return db.selectFrom('parks').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findParkByCode(db: Executor, code: string): Promise<ParkRow | undefined> {
  return db.selectFrom('parks').selectAll().where('code', '=', code).executeTakeFirst();
}

export function insertPark(trx: Trx, values: { code: string; name_zh: string; name_en: string; region_code: string }): Promise<ParkRow> {
  return trx.insertInto('parks').values(values).returningAll().executeTakeFirstOrThrow();
}

export function listRegions(db: Executor): Promise<RegionRow[]> {
  return db.selectFrom('regions').selectAll().orderBy('code').execute();
}

export function findRegion(db: Executor, code: string): Promise<RegionRow | undefined> {
  return db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertRegions(trx: Trx, rows: readonly RegionRow[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('regions').values([...rows]).execute();
}

export async function countOrganisations(db: Executor): Promise<number> {
  const row = await db.selectFrom('organisations').select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

/** The regulators whose region covers `regionCode` (their own region or one above it), e.g. to notify them. */
export async function regulatorsCovering(db: Executor, regionCode: string): Promise<OrganisationRow[]> {
  const rows = await db.selectFrom('organisations').selectAll().where('type', '=', 'regulator').orderBy('code').execute();
  return rows.filter((r) => regionCovers(r.region_code, regionCode));
}
