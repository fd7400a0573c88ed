import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type {
  DemandRow,
  ExchangeAttachmentTable,
  ExchangeDemandTable,
  ExchangeListingTable,
  ListingRow,
  StoredCriterion,
} from './exchange.tables';

/** SQL of the stored market: grading standards, code counters, listings, demands, attachments. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

// ---- grading standards ------------------------------------------------------------------------

export interface StandardRow {
  class: string;
  version: number;
  criteria: StoredCriterion[];
  note: string | null;
  created_at: Date;
}

export async function currentStandards(db: Executor): Promise<StandardRow[]> {
  return db
    .selectFrom('exchange_grading_standards as s')
    .innerJoin('exchange_grading_standard_versions as v', (j) => j.onRef('v.class', '=', 's.class').onRef('v.version', '=', 's.current_version'))
    .select(['v.class', 'v.version', 'v.criteria', 'v.note', 'v.created_at'])
    .orderBy('v.class')
    .execute();
}

export async function standardVersions(db: Executor, cls: string): Promise<StandardRow[]> {
  return db.selectFrom('exchange_grading_standard_versions').select(['class', 'version', 'criteria', 'note', 'created_at']).where('class', '=', cls).orderBy('version', 'desc').execute();
}

/** Locks the class's row (creating it when the class has no standard yet) and returns its current version (0: none). */
export async function lockStandard(trx: Trx, cls: string): Promise<number> {
  await trx.insertInto('exchange_grading_standards').values({ class: cls, current_version: 0 }).onConflict((c) => c.column('class').doNothing()).execute();
  const row = await trx.selectFrom('exchange_grading_standards').select('current_version').where('class', '=', cls).forUpdate().executeTakeFirstOrThrow();
  return row.current_version;
}

export async function insertStandardVersion(trx: Trx, cls: string, version: number, criteria: StoredCriterion[], note: string | null, userId: string | null): Promise<StandardRow> {
  const row = await trx
    .insertInto('exchange_grading_standard_versions')
    .values({ class: cls, version, criteria: JSON.stringify(criteria), note, created_by: userId })
    .returning(['class', 'version', 'criteria', 'note', 'created_at'])
    .executeTakeFirstOrThrow();
  await trx.updateTable('exchange_grading_standards').set({ current_version: version, updated_at: new Date() }).where('class', '=', cls).execute();
  return row;
}

// ---- codes ------------------------------------------------------------------------------------

/** The next number of a kind in a year, under the counter row's lock (one writer at a time). */
export async function nextNumber(trx: Trx, kind: 'listing' | 'demand' | 'contract', year: number): Promise<number> {
  const row = await trx
    .insertInto('exchange_counters')
    .values({ kind, year, last_number: 1 })
    .onConflict((c) => c.columns(['kind', 'year']).doUpdateSet({ last_number: sql`exchange_counters.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

// ---- listings ---------------------------------------------------------------------------------

export interface ListingWithOwner extends ListingRow {
  organisation_code: string;
  organisation_name_zh: string;
  organisation_name_en: string;
  region_code: string;
  region_zh: string | null;
  region_en: string | null;
  park_id: string | null;
  site_name: string;
  latitude: string;
  longitude: string;
  stream_code: string;
  stream_name: string;
  herb: string | null;
  part: string | null;
  residue: string | null;
  /** Tonnes of accepted and contracted proposals (the listing's unit). */
  committed: string;
}

/** The one select of a listing with its owner, place, stream and commitments (views, decisions, matching). */
export function listingQuery(db: Executor) {
  return db
    .selectFrom('exchange_listings as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .innerJoin('sites as si', 'si.id', 'l.site_id')
    .innerJoin('byproduct_streams as s', 's.id', 'l.stream_id')
    .leftJoin('regions as r', 'r.code', 'o.region_code')
    .selectAll('l')
    .select([
      'o.code as organisation_code',
      'o.name_zh as organisation_name_zh',
      'o.name_en as organisation_name_en',
      'o.region_code',
      'o.park_id',
      'r.name_zh as region_zh',
      'r.name_en as region_en',
      'si.name as site_name',
      'si.latitude',
      'si.longitude',
      's.code as stream_code',
      's.name as stream_name',
      's.herb',
      's.part',
      's.residue',
      committedOfListing.as('committed'),
    ]);
}

/**
 * What deals take of listing `l`, in its unit (per month or for the lot): proposals both sides
 * accepted (or made contracts) and auction sales. The one definition the market pages, the
 * decisions and the matching read.
 */
const committedOfListing = sql<string>`(
  coalesce((select sum(p.tonnes) from exchange_proposals p where p.listing_id = l.id and p.status in ('accepted','contracted')), 0)
  + coalesce((select sum(a.tonnes) from exchange_auctions a where a.listing_id = l.id and a.status = 'closed' and a.winner_organisation_id is not null), 0))`;

export async function findListing(db: Executor, idOrCode: string): Promise<ListingWithOwner | undefined> {
  return listingQuery(db).where(isUuid(idOrCode) ? 'l.id' : 'l.code', '=', idOrCode).executeTakeFirst();
}

export async function lockListing(trx: Trx, id: string): Promise<void> {
  await trx.selectFrom('exchange_listings').select('id').where('id', '=', id).forUpdate().execute();
}

export interface MarketFilter {
  status?: string[];
  organisationId?: string;
  parkId?: string;
  regionPrefix?: string;
  class?: string;
  grade?: string;
  q?: string;
  /** Park-only offers of other parks are left out unless the viewer may see them (null: sees all). */
  viewerParkId?: string | null;
  viewerOrganisationId?: string;
  ids?: string[];
}

export async function listListings(db: Executor, f: MarketFilter, limit: number, offset: number): Promise<{ rows: ListingWithOwner[]; total: number }> {
  let q = listingQuery(db);
  if (f.status) q = q.where('l.status', 'in', f.status as ListingRow['status'][]);
  if (f.organisationId) q = q.where('l.organisation_id', '=', f.organisationId);
  if (f.parkId) q = q.where('o.park_id', '=', f.parkId);
  if (f.regionPrefix) q = q.where('o.region_code', 'like', `${f.regionPrefix}%`);
  if (f.class) q = q.where('l.class', '=', f.class);
  if (f.grade) q = q.where('l.grade', '=', f.grade as 'A');
  if (f.ids) q = q.where('l.id', 'in', f.ids.length ? f.ids : ['00000000-0000-0000-0000-000000000000']);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('l.title', 'ilike', like), eb('l.code', 'ilike', like), eb('s.herb', 'ilike', like)]));
  }
  if (f.viewerParkId !== undefined && f.viewerParkId !== null) {
    const park = f.viewerParkId;
    const org = f.viewerOrganisationId ?? '';
    q = q.where((eb) => eb.or([eb('l.visibility', '<>', 'park'), eb('o.park_id', '=', park), eb('l.organisation_id', '=', org)]));
  } else if (f.viewerParkId === null) {
    const org = f.viewerOrganisationId ?? '';
    q = q.where((eb) => eb.or([eb('l.visibility', '<>', 'park'), eb('l.organisation_id', '=', org)]));
  }
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q.orderBy('l.created_at', 'desc').orderBy('l.code', 'desc').limit(limit).offset(offset).execute();
  return { rows, total: Number(total.n) };
}

export async function insertListing(trx: Trx, values: Insertable<ExchangeListingTable>): Promise<string> {
  const row = await trx.insertInto('exchange_listings').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateListing(trx: Trx, id: string, values: Updateable<ExchangeListingTable>): Promise<void> {
  await trx
    .updateTable('exchange_listings')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** The stream's other listings that still take from it (withdrawn ones do not). */
export async function otherListingsOfStream(db: Executor, streamId: string, exceptId: string | null) {
  let q = db.selectFrom('exchange_listings').select(['id', 'quantity_kind', 'tonnes', 'window_start', 'window_end']).where('stream_id', '=', streamId).where('status', '<>', 'withdrawn');
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.execute();
}

/** Whether any proposal on the listing has been accepted by both sides (or made a contract). */
export async function hasAcceptedProposals(db: Executor, listingId: string): Promise<boolean> {
  const row = await db.selectFrom('exchange_proposals').select('id').where('listing_id', '=', listingId).where('status', 'in', ['accepted', 'contracted']).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Organisations that agreed a deal on each listing (both sides accepted): the anonymity ends for them. */
export async function agreedBuyers(db: Executor, listingIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (listingIds.length === 0) return out;
  const rows = await db
    .selectFrom('exchange_proposals')
    .select(['listing_id', 'buyer_organisation_id'])
    .where('listing_id', 'in', [...listingIds])
    .where('status', 'in', ['accepted', 'contracted'])
    .execute();
  for (const r of rows) out.set(r.listing_id, (out.get(r.listing_id) ?? new Set()).add(r.buyer_organisation_id));
  return out;
}

/** Whether an organisation is the buyer side of any proposal on a listing (it may read the listing's files). */
export async function isCounterparty(db: Executor, listingId: string, organisationId: string): Promise<boolean> {
  const row = await db.selectFrom('exchange_proposals').select('id').where('listing_id', '=', listingId).where('buyer_organisation_id', '=', organisationId).limit(1).executeTakeFirst();
  return row !== undefined;
}

// ---- attachments ------------------------------------------------------------------------------

export type AttachmentMeta = Omit<Selectable<ExchangeAttachmentTable>, 'content'>;

const attachmentMeta = ['id', 'organisation_id', 'listing_id', 'kind', 'file_name', 'media_type', 'size_bytes', 'sha256', 'created_by', 'created_at'] as const;

export async function insertAttachment(trx: Trx, values: Insertable<ExchangeAttachmentTable>): Promise<AttachmentMeta> {
  return trx.insertInto('exchange_attachments').values(values).returning(attachmentMeta).executeTakeFirstOrThrow();
}

export async function findAttachmentMeta(db: Executor, id: string): Promise<AttachmentMeta | undefined> {
  return db.selectFrom('exchange_attachments').select(attachmentMeta).where('id', '=', id).executeTakeFirst();
}

export async function attachmentContent(db: Executor, id: string): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom('exchange_attachments').select('content').where('id', '=', id).executeTakeFirst();
  return row?.content;
}

export async function attachmentsOf(db: Executor, listingIds: readonly string[]): Promise<AttachmentMeta[]> {
  if (listingIds.length === 0) return [];
  return db.selectFrom('exchange_attachments').select(attachmentMeta).where('listing_id', 'in', [...listingIds]).orderBy('created_at').execute();
}

export async function linkAttachments(trx: Trx, listingId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('exchange_attachments').set({ listing_id: listingId }).where('id', 'in', [...ids]).execute();
}

// ---- demands ----------------------------------------------------------------------------------

export interface DemandWithOwner extends DemandRow {
  organisation_code: string;
  organisation_name_zh: string;
  organisation_name_en: string;
  region_code: string;
  region_zh: string | null;
  region_en: string | null;
  park_id: string | null;
  site_name: string;
  latitude: string;
  longitude: string;
  /** Tonnes per month of accepted and contracted proposals of monthly listings still running. */
  committed: string;
}

/** The one select of a demand with its owner and place; `committed`: what deals still running on `today` (default: the database's date) take per month. */
export function demandQuery(db: Executor, today?: string) {
  return db
    .selectFrom('exchange_demands as d')
    .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
    .innerJoin('sites as si', 'si.id', 'd.site_id')
    .leftJoin('regions as r', 'r.code', 'o.region_code')
    .selectAll('d')
    .select([
      'o.code as organisation_code',
      'o.name_zh as organisation_name_zh',
      'o.name_en as organisation_name_en',
      'o.region_code',
      'o.park_id',
      'r.name_zh as region_zh',
      'r.name_en as region_en',
      'si.name as site_name',
      'si.latitude',
      'si.longitude',
      sql<string>`coalesce((select sum(p.tonnes) from exchange_proposals p join exchange_listings pl on pl.id = p.listing_id where p.demand_id = d.id and p.status in ('accepted','contracted') and pl.quantity_kind = 'monthly' and pl.window_end >= ${today ?? sql`current_date`}), 0)`.as('committed'),
    ]);
}

export async function findDemand(db: Executor, idOrCode: string, today?: string): Promise<DemandWithOwner | undefined> {
  return demandQuery(db, today).where(isUuid(idOrCode) ? 'd.id' : 'd.code', '=', idOrCode).executeTakeFirst();
}

export async function lockDemand(trx: Trx, id: string): Promise<void> {
  await trx.selectFrom('exchange_demands').select('id').where('id', '=', id).forUpdate().execute();
}

export async function listDemands(db: Executor, f: MarketFilter, limit: number, offset: number): Promise<{ rows: DemandWithOwner[]; total: number }> {
  let q = demandQuery(db);
  if (f.status) q = q.where('d.status', 'in', f.status as DemandRow['status'][]);
  if (f.organisationId) q = q.where('d.organisation_id', '=', f.organisationId);
  if (f.parkId) q = q.where('o.park_id', '=', f.parkId);
  if (f.regionPrefix) q = q.where('o.region_code', 'like', `${f.regionPrefix}%`);
  if (f.class) q = q.where(sql<boolean>`${f.class} = any(d.accepts)`);
  if (f.ids) q = q.where('d.id', 'in', f.ids.length ? f.ids : ['00000000-0000-0000-0000-000000000000']);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    q = q.where((eb) => eb.or([eb('d.title', 'ilike', like), eb('d.code', 'ilike', like)]));
  }
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q.orderBy('d.created_at', 'desc').orderBy('d.code', 'desc').limit(limit).offset(offset).execute();
  return { rows, total: Number(total.n) };
}

export async function insertDemand(trx: Trx, values: Insertable<ExchangeDemandTable>): Promise<string> {
  const row = await trx.insertInto('exchange_demands').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function closeDemand(trx: Trx, id: string, at: Date): Promise<void> {
  await trx.updateTable('exchange_demands').set({ status: 'closed', closed_at: at, updated_at: at }).where('id', '=', id).execute();
}

export async function closeListingsEndedBefore(trx: Trx, today: string): Promise<string[]> {
  const rows = await trx.updateTable('exchange_listings').set({ status: 'closed', updated_at: new Date() }).where('status', '=', 'open').where('window_end', '<', today).returning('id').execute();
  return rows.map((r) => r.id);
}
