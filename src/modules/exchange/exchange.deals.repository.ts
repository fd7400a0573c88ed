import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import { demandQuery, type DemandWithOwner, isUuid, listingQuery, type ListingWithOwner } from './exchange.repository';
import type {
  ContractRow,
  DeliveryRow,
  ExchangeContractDeliveryTable,
  ExchangeContractPartyTable,
  ExchangeContractTable,
  ExchangeMatchRunTable,
  ExchangeProposalTable,
  ProposalRow,
} from './exchange.tables';

/** SQL of matching runs, proposals, contracts and deliveries. */

export interface MarketScope {
  parkId: string | null;
  regionPrefix: string | null;
}

/** Open listings (window not yet over on `today`) of the scope, with what they need for matching. */
export async function openListings(db: Executor, scope: MarketScope, today: string): Promise<ListingWithOwner[]> {
  let q = listingQuery(db).where('l.status', '=', 'open').where('l.grade', 'is not', null).where('l.window_end', '>=', today);
  if (scope.parkId) q = q.where('o.park_id', '=', scope.parkId);
  if (scope.regionPrefix) q = q.where('o.region_code', 'like', `${scope.regionPrefix}%`);
  return q.orderBy('l.code').execute();
}

/** Open demands of the scope; `committed` counts the monthly deals still running on `today`. */
export async function openDemands(db: Executor, scope: MarketScope, today: string): Promise<DemandWithOwner[]> {
  let q = demandQuery(db, today)
    .where('d.status', '=', 'open')
    .where((eb) => eb.or([eb('d.window_end', 'is', null), eb('d.window_end', '>=', today)]));
  if (scope.parkId) q = q.where('o.park_id', '=', scope.parkId);
  if (scope.regionPrefix) q = q.where('o.region_code', 'like', `${scope.regionPrefix}%`);
  return q.orderBy('d.code').execute();
}
/** What an allocation reads of a listing and a demand (the history in memory builds just these). */
export type OpenListing = Pick<ListingWithOwner, 'id' | 'code' | 'title' | 'organisation_id' | 'park_id' | 'class' | 'grade' | 'quantity_kind' | 'tonnes' | 'reserve_price' | 'load_type' | 'visibility' | 'window_start' | 'window_end' | 'latitude' | 'longitude' | 'herb' | 'part' | 'residue' | 'committed'>;
export type OpenDemand = Pick<DemandWithOwner, 'id' | 'code' | 'title' | 'organisation_id' | 'park_id' | 'accepts' | 'herbs' | 'parts' | 'residues' | 'min_grade' | 'price_a' | 'price_b' | 'price_c' | 'capacity_per_month' | 'max_distance_km' | 'window_start' | 'window_end' | 'latitude' | 'longitude' | 'committed'>;

/** Pairs declined by either side: never proposed again. */
export async function declinedPairs(db: Executor, listingIds: readonly string[]): Promise<{ listing_id: string; demand_id: string }[]> {
  if (listingIds.length === 0) return [];
  return db.selectFrom('exchange_proposals').select(['listing_id', 'demand_id']).where('status', '=', 'declined').where('listing_id', 'in', [...listingIds]).execute();
}

/** Pending proposals between the given listings and demands, locked: a new allocation replaces them. */
export async function pendingProposalsBetween(trx: Trx, listingIds: readonly string[], demandIds: readonly string[]): Promise<ProposalRow[]> {
  if (listingIds.length === 0 || demandIds.length === 0) return [];
  return trx
    .selectFrom('exchange_proposals')
    .selectAll()
    .where('status', '=', 'pending')
    .where('listing_id', 'in', [...listingIds])
    .where('demand_id', 'in', [...demandIds])
    .forUpdate()
    .execute();
}

export async function insertRun(trx: Trx, values: Insertable<ExchangeMatchRunTable>) {
  return trx.insertInto('exchange_match_runs').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findRun(db: Executor, id: string) {
  return db.selectFrom('exchange_match_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProposals(trx: Trx, rows: Insertable<ExchangeProposalTable>[]): Promise<{ id: string; seller_organisation_id: string; buyer_organisation_id: string }[]> {
  if (rows.length === 0) return [];
  return trx.insertInto('exchange_proposals').values(rows).returning(['id', 'seller_organisation_id', 'buyer_organisation_id']).execute();
}

export async function updateProposal(trx: Trx, id: string, values: Updateable<ExchangeProposalTable>): Promise<void> {
  await trx
    .updateTable('exchange_proposals')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function supersede(trx: Trx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx.updateTable('exchange_proposals').set({ status: 'superseded', updated_at: new Date() }).where('id', 'in', [...ids]).execute();
}

/** Pending proposals of listings that closed lapse, in one statement. */
export async function supersedePendingOfListings(trx: Trx, listingIds: readonly string[]): Promise<number> {
  if (listingIds.length === 0) return 0;
  const rows = await trx.updateTable('exchange_proposals').set({ status: 'superseded', updated_at: new Date() }).where('listing_id', 'in', [...listingIds]).where('status', '=', 'pending').returning('id').execute();
  return rows.length;
}

/** Pending proposals of a demand or listing lapse when it closes. */
export async function supersedePendingOf(trx: Trx, column: 'listing_id' | 'demand_id', id: string): Promise<number> {
  const rows = await trx.updateTable('exchange_proposals').set({ status: 'superseded', updated_at: new Date() }).where(column, '=', id).where('status', '=', 'pending').returning('id').execute();
  return rows.length;
}

export interface ProposalWithParties extends ProposalRow {
  listing_code: string;
  listing_title: string;
  listing_class: string;
  listing_kind: 'one-off' | 'monthly';
  listing_visibility: 'public' | 'park' | 'anonymised';
  listing_window_start: string;
  listing_window_end: string;
  demand_code: string;
  demand_title: string;
  demand_window_start: string;
  demand_window_end: string | null;
  seller_code: string;
  seller_name_zh: string;
  seller_name_en: string;
  seller_region: string;
  seller_park: string | null;
  buyer_code: string;
  buyer_name_zh: string;
  buyer_name_en: string;
  buyer_region: string;
  buyer_park: string | null;
  delivery_terms: 'ex-works' | 'delivered';
  load_type: 'bulk' | 'liquid' | 'hazardous';
  run_park_id: string | null;
  run_region_code: string | null;
  contract_id: string | null;
}

function proposalQuery(db: Executor) {
  return db
    .selectFrom('exchange_proposals as p')
    .innerJoin('exchange_listings as l', 'l.id', 'p.listing_id')
    .innerJoin('exchange_demands as d', 'd.id', 'p.demand_id')
    .innerJoin('organisations as so', 'so.id', 'p.seller_organisation_id')
    .innerJoin('organisations as bo', 'bo.id', 'p.buyer_organisation_id')
    .innerJoin('exchange_match_runs as r', 'r.id', 'p.run_id')
    .leftJoin('exchange_contracts as c', 'c.proposal_id', 'p.id')
    .selectAll('p')
    .select([
      'l.code as listing_code',
      'l.title as listing_title',
      'l.class as listing_class',
      'l.quantity_kind as listing_kind',
      'l.visibility as listing_visibility',
      'l.window_start as listing_window_start',
      'l.window_end as listing_window_end',
      'l.delivery_terms',
      'l.load_type',
      'd.code as demand_code',
      'd.title as demand_title',
      'd.window_start as demand_window_start',
      'd.window_end as demand_window_end',
      'so.code as seller_code',
      'so.name_zh as seller_name_zh',
      'so.name_en as seller_name_en',
      'so.region_code as seller_region',
      'so.park_id as seller_park',
      'bo.code as buyer_code',
      'bo.name_zh as buyer_name_zh',
      'bo.name_en as buyer_name_en',
      'bo.region_code as buyer_region',
      'bo.park_id as buyer_park',
      'r.park_id as run_park_id',
      'r.region_code as run_region_code',
      'c.id as contract_id',
    ]);
}

export async function findProposal(db: Executor, id: string): Promise<ProposalWithParties | undefined> {
  return proposalQuery(db).where('p.id', '=', id).executeTakeFirst();
}

export async function lockProposal(trx: Trx, id: string): Promise<void> {
  await trx.selectFrom('exchange_proposals').select('id').where('id', '=', id).forUpdate().execute();
}

export interface ProposalFilter {
  statuses: string[];
  /** The viewer's organisation on the seller side, the buyer side or either. */
  organisationId?: string;
  role: 'seller' | 'buyer' | 'any';
  /** Overseers: proposals touching firms of this park or region. */
  parkId?: string;
  regionPrefix?: string;
}

export async function listProposals(db: Executor, f: ProposalFilter, limit: number, offset: number): Promise<{ rows: ProposalWithParties[]; total: number }> {
  let q = proposalQuery(db).where('p.status', 'in', f.statuses as ProposalRow['status'][]);
  const org = f.organisationId;
  if (org) {
    if (f.role === 'seller') q = q.where('p.seller_organisation_id', '=', org);
    else if (f.role === 'buyer') q = q.where('p.buyer_organisation_id', '=', org);
    else q = q.where((eb) => eb.or([eb('p.seller_organisation_id', '=', org), eb('p.buyer_organisation_id', '=', org)]));
  }
  const park = f.parkId;
  if (park) q = q.where((eb) => eb.or([eb('so.park_id', '=', park), eb('bo.park_id', '=', park)]));
  const region = f.regionPrefix;
  if (region) q = q.where((eb) => eb.or([eb('so.region_code', 'like', `${region}%`), eb('bo.region_code', 'like', `${region}%`)]));
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q.orderBy('p.created_at', 'desc').orderBy('p.value_per_tonne', 'desc').limit(limit).offset(offset).execute();
  return { rows, total: Number(total.n) };
}

export async function codesOf(db: Executor, listingIds: readonly string[], demandIds: readonly string[]) {
  const listings = listingIds.length ? await db.selectFrom('exchange_listings').select(['id', 'code', 'title']).where('id', 'in', [...listingIds]).execute() : [];
  const demands = demandIds.length ? await db.selectFrom('exchange_demands').select(['id', 'code', 'title']).where('id', 'in', [...demandIds]).execute() : [];
  return { listings, demands };
}

// ---- contracts --------------------------------------------------------------------------------

export async function insertContract(trx: Trx, values: Insertable<ExchangeContractTable>): Promise<string> {
  const row = await trx.insertInto('exchange_contracts').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function insertParties(trx: Trx, rows: Insertable<ExchangeContractPartyTable>[]): Promise<void> {
  if (rows.length) await trx.insertInto('exchange_contract_parties').values(rows).execute();
}

export async function insertDeliveries(trx: Trx, rows: Insertable<ExchangeContractDeliveryTable>[]): Promise<void> {
  for (let k = 0; k < rows.length; k += 1000) await trx.insertInto('exchange_contract_deliveries').values(rows.slice(k, k + 1000)).execute();
}

export interface ContractWithNames extends ContractRow {
  seller_code: string | null;
  seller_name_zh: string | null;
  seller_name_en: string | null;
  seller_region: string | null;
  seller_park: string | null;
  buyer_code: string;
  buyer_name_zh: string;
  buyer_name_en: string;
  buyer_region: string;
  buyer_park: string | null;
  listing_code: string | null;
  listing_title: string | null;
  demand_code: string | null;
  demand_title: string | null;
  planned_tonnes: string;
  delivered_tonnes: string;
  deliveries: number;
  delivered: number;
}

function contractQuery(db: Executor) {
  return db
    .selectFrom('exchange_contracts as c')
    .leftJoin('organisations as so', 'so.id', 'c.seller_organisation_id')
    .innerJoin('organisations as bo', 'bo.id', 'c.buyer_organisation_id')
    .leftJoin('exchange_listings as l', 'l.id', 'c.listing_id')
    .leftJoin('exchange_demands as d', 'd.id', 'c.demand_id')
    .selectAll('c')
    .select([
      'so.code as seller_code',
      'so.name_zh as seller_name_zh',
      'so.name_en as seller_name_en',
      'so.region_code as seller_region',
      'so.park_id as seller_park',
      'bo.code as buyer_code',
      'bo.name_zh as buyer_name_zh',
      'bo.name_en as buyer_name_en',
      'bo.region_code as buyer_region',
      'bo.park_id as buyer_park',
      'l.code as listing_code',
      'l.title as listing_title',
      'd.code as demand_code',
      'd.title as demand_title',
      sql<string>`coalesce((select sum(x.planned_tonnes) from exchange_contract_deliveries x where x.contract_id = c.id and x.status <> 'cancelled'), 0)`.as('planned_tonnes'),
      sql<string>`coalesce((select sum(x.delivered_tonnes) from exchange_contract_deliveries x where x.contract_id = c.id and x.status = 'delivered'), 0)`.as('delivered_tonnes'),
      sql<number>`(select count(*) from exchange_contract_deliveries x where x.contract_id = c.id)::int`.as('deliveries'),
      sql<number>`(select count(*) from exchange_contract_deliveries x where x.contract_id = c.id and x.status = 'delivered')::int`.as('delivered'),
    ]);
}

export async function findContract(db: Executor, idOrNumber: string): Promise<ContractWithNames | undefined> {
  return contractQuery(db).where(isUuid(idOrNumber) ? 'c.id' : 'c.number', '=', idOrNumber).executeTakeFirst();
}

export async function lockContract(trx: Trx, id: string): Promise<void> {
  await trx.selectFrom('exchange_contracts').select('id').where('id', '=', id).forUpdate().execute();
}

export interface ContractFilter {
  status?: string;
  kind?: string;
  organisationId?: string;
  parkId?: string;
  regionPrefix?: string;
}

/** Contracts a party is in: as seller, buyer or provider, or as a client of a service contract. */
export async function listContracts(db: Executor, f: ContractFilter, limit: number, offset: number): Promise<{ rows: ContractWithNames[]; total: number }> {
  let q = contractQuery(db);
  if (f.status) q = q.where('c.status', '=', f.status as ContractRow['status']);
  if (f.kind) q = q.where('c.kind', '=', f.kind as ContractRow['kind']);
  const org = f.organisationId;
  if (org) {
    q = q.where((eb) =>
      eb.or([
        eb('c.seller_organisation_id', '=', org),
        eb('c.buyer_organisation_id', '=', org),
        eb.exists(eb.selectFrom('exchange_contract_parties as cp').select('cp.contract_id').whereRef('cp.contract_id', '=', 'c.id').where('cp.organisation_id', '=', org)),
      ]),
    );
  }
  const park = f.parkId;
  if (park) q = q.where((eb) => eb.or([eb('so.park_id', '=', park), eb('bo.park_id', '=', park)]));
  const region = f.regionPrefix;
  if (region) q = q.where((eb) => eb.or([eb('so.region_code', 'like', `${region}%`), eb('bo.region_code', 'like', `${region}%`)]));
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q.orderBy('c.created_at', 'desc').orderBy('c.number', 'desc').limit(limit).offset(offset).execute();
  return { rows, total: Number(total.n) };
}

export async function partiesOf(db: Executor, contractIds: readonly string[]) {
  if (contractIds.length === 0) return [];
  return db
    .selectFrom('exchange_contract_parties as cp')
    .innerJoin('organisations as o', 'o.id', 'cp.organisation_id')
    .leftJoin('byproduct_streams as s', 's.id', 'cp.stream_id')
    .select(['cp.contract_id', 'cp.organisation_id', 'cp.tonnes_per_month', 'cp.loop_back', 'o.code', 'o.name_zh', 'o.name_en', 'o.region_code', 'o.park_id', 's.code as stream_code'])
    .where('cp.contract_id', 'in', [...contractIds])
    .orderBy('o.code')
    .execute();
}
export type PartyRow = Awaited<ReturnType<typeof partiesOf>>[number];

export async function deliveriesOf(db: Executor, contractId: string) {
  return db
    .selectFrom('exchange_contract_deliveries as x')
    .innerJoin('organisations as o', 'o.id', 'x.from_organisation_id')
    .selectAll('x')
    .select(['o.code', 'o.name_zh', 'o.name_en'])
    .where('x.contract_id', '=', contractId)
    .orderBy('x.seq')
    .execute();
}
export type DeliveryWithOrg = Awaited<ReturnType<typeof deliveriesOf>>[number];

export async function findDelivery(trx: Trx, contractId: string, seq: number): Promise<DeliveryRow | undefined> {
  return trx.selectFrom('exchange_contract_deliveries').selectAll().where('contract_id', '=', contractId).where('seq', '=', seq).forUpdate().executeTakeFirst();
}

export async function markDelivered(trx: Trx, id: string, values: { delivered_tonnes: number; delivered_on: string; recorded_by: string | null; delegation_id: string | null }): Promise<void> {
  await trx
    .updateTable('exchange_contract_deliveries')
    .set({ ...values, status: 'delivered', recorded_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function completeIfDelivered(trx: Trx, contractId: string): Promise<void> {
  await trx
    .updateTable('exchange_contracts')
    .set({ status: 'completed', updated_at: new Date() })
    .where('id', '=', contractId)
    .where('status', '=', 'active')
    .where(sql<boolean>`not exists (select 1 from exchange_contract_deliveries x where x.contract_id = ${contractId} and x.status = 'planned')`)
    .execute();
}

/** Loops back to the generating firm among contracts: how many contracts, parties and tonnes delivered by them. */
export async function loopCounts(db: Executor, contractIds: readonly string[]): Promise<{ contracts: number; parties: number; deliveredTonnes: number }> {
  if (contractIds.length === 0) return { contracts: 0, parties: 0, deliveredTonnes: 0 };
  const ids = [...contractIds];
  const row = await db
    .selectFrom('exchange_contract_parties as cp')
    .select([
      sql<number>`count(distinct cp.contract_id)::int`.as('contracts'),
      sql<number>`count(*)::int`.as('parties'),
      sql<string>`coalesce((select sum(x.delivered_tonnes) from exchange_contract_deliveries x join exchange_contract_parties lp on lp.contract_id = x.contract_id and lp.organisation_id = x.from_organisation_id and lp.loop_back where x.contract_id in (${sql.join(ids)}) and x.status = 'delivered'), 0)`.as('tonnes'),
    ])
    .where('cp.contract_id', 'in', ids)
    .where('cp.loop_back', '=', true)
    .executeTakeFirstOrThrow();
  return { contracts: row.contracts, parties: row.parties, deliveredTonnes: Number(row.tonnes) };
}
