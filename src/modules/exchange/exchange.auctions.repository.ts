/** All SQL of auctions, bids and deposits. */
import { sql } from 'kysely';
import type { Executor, Trx } from '../../db/database';
import type { AuctionRow, BidRow, DepositRow, ExchangeAuctionTable } from './exchange.auctions.tables';
import type { Insertable, Updateable } from 'kysely';

/** The database's clock: one clock for every process, so the order of bids is the order of their locks. */
export async function databaseNow(db: Executor): Promise<Date> {
  const row = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db);
  return row.rows[0]!.now;
}

export interface ListingForAuction {
  id: string;
  organisation_id: string;
  region_code: string;
  class: string;
  grade: 'A' | 'B' | 'C' | null;
  tonnes: string;
  status: 'open' | 'closed' | 'withdrawn';
  title: string;
  delivery_terms: 'ex-works' | 'delivered';
  load_type: 'bulk' | 'liquid' | 'hazardous';
  window_start: string;
  window_end: string;
}

export async function listingForAuction(db: Executor, listingId: string): Promise<ListingForAuction | undefined> {
  return db
    .selectFrom('exchange_listings as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select(['l.id', 'l.organisation_id', 'o.region_code', 'l.class', 'l.grade', 'l.tonnes', 'l.status', 'l.title', 'l.delivery_terms', 'l.load_type', 'l.window_start', 'l.window_end'])
    .where('l.id', '=', listingId)
    .executeTakeFirst();
}

export async function openAuctionOfListing(db: Executor, listingId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('exchange_auctions').select('id').where('listing_id', '=', listingId).where('status', '=', 'open').executeTakeFirst();
}

export async function insertAuction(trx: Trx, values: Insertable<ExchangeAuctionTable>): Promise<AuctionRow> {
  return trx.insertInto('exchange_auctions').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function getAuction(db: Executor, id: string): Promise<AuctionRow | undefined> {
  return db.selectFrom('exchange_auctions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Takes the auction's row lock: bids and the close of one auction are taken one at a time, cluster-wide. */
export async function lockAuction(trx: Trx, id: string): Promise<AuctionRow | undefined> {
  return trx.selectFrom('exchange_auctions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateAuction(trx: Trx, id: string, values: Updateable<ExchangeAuctionTable>): Promise<AuctionRow> {
  return trx.updateTable('exchange_auctions').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listAuctions(
  db: Executor,
  filter: { status?: 'open' | 'closed'; listingId?: string; limit: number; offset: number },
): Promise<{ total: number; rows: AuctionRow[] }> {
  let q = db.selectFrom('exchange_auctions');
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.listingId) q = q.where('listing_id', '=', filter.listingId);
  const [count, rows] = await Promise.all([
    q.select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow(),
    q.selectAll().orderBy('status', 'desc').orderBy('current_end_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
  ]);
  return { total: count.n, rows };
}

/** Auctions past their end and still open, oldest end first (the close job's work). */
export async function dueAuctionIds(db: Executor, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('exchange_auctions')
    .select('id')
    .where('status', '=', 'open')
    .where('current_end_at', '<=', now)
    .orderBy('current_end_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function bidsOf(db: Executor, auctionId: string): Promise<BidRow[]> {
  return db.selectFrom('exchange_auction_bids').selectAll().where('auction_id', '=', auctionId).orderBy('seq').execute();
}

export async function bidsOfMany(db: Executor, auctionIds: readonly string[]): Promise<BidRow[]> {
  if (auctionIds.length === 0) return [];
  return db.selectFrom('exchange_auction_bids').selectAll().where('auction_id', 'in', auctionIds).orderBy('auction_id').orderBy('seq').execute();
}

export async function insertBid(
  trx: Trx,
  values: { auction_id: string; seq: number; bidder_organisation_id: string; placed_by: string | null; placed_at: Date; amount: string | null; sealed_amount: string | null },
): Promise<BidRow> {
  return trx.insertInto('exchange_auction_bids').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The one update a bid ever sees (the trigger refuses any other). */
export async function revealBid(trx: Trx, id: string, amount: string): Promise<void> {
  await trx.updateTable('exchange_auction_bids').set({ amount }).where('id', '=', id).where('amount', 'is', null).execute();
}

export async function depositOf(db: Executor, auctionId: string, bidder: string): Promise<DepositRow | undefined> {
  return db.selectFrom('exchange_auction_deposits').selectAll().where('auction_id', '=', auctionId).where('bidder_organisation_id', '=', bidder).executeTakeFirst();
}

export async function upsertDeposit(trx: Trx, values: { auction_id: string; bidder_organisation_id: string; amount: string; reference: string; recorded_by: string | null }): Promise<DepositRow> {
  return trx
    .insertInto('exchange_auction_deposits')
    .values(values)
    .onConflict((oc) => oc.columns(['auction_id', 'bidder_organisation_id']).doUpdateSet({ amount: values.amount, reference: values.reference, recorded_by: values.recorded_by, recorded_at: sql<Date>`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function organisationNames(db: Executor, ids: readonly string[]): Promise<Map<string, { name: string; type: string; region_code: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name_zh as name', 'type', 'region_code']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Whether the organisation stands ready to take the lot: an open demand of its own that accepts
 * the lot's category and whose minimum grade the lot meets (A > B > C).
 */
export async function acceptsLot(db: Executor, organisationId: string, category: string, grade: 'A' | 'B' | 'C'): Promise<boolean> {
  const meets = grade === 'A' ? ['A', 'B', 'C'] : grade === 'B' ? ['B', 'C'] : ['C'];
  const row = await db
    .selectFrom('exchange_demands')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'open')
    .where(sql<boolean>`${category} = any(accepts)`)
    .where('min_grade', 'in', meets as ('A' | 'B' | 'C')[])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
