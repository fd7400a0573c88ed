/**
 * Auctions of exchange listings (issue 12; rules in engine/auction.ts). Every bid takes the
 * auction's row lock, reads the database's clock under it and is checked against the bids
 * already taken, so with any number of processes on one PostgreSQL bids are taken one at a time,
 * each exactly once, in the order of their locks. Bad input (a bid below the increment, after
 * the close, from a bidder who is not eligible) throws before anything is written, and the
 * caller's transaction writes nothing.
 */
import type { Executor, Trx } from '../../db/database';
import { recordAudit } from '../../platform/audit';
import { AppError, errors } from '../../platform/errors';
import { permit } from '../../platform/policy-rules';
import { actorOf, type ServiceContext, type Viewer } from '../../platform/viewer';
import { isSuspended, latestScore } from '../ratings';
import { checkBid, type BidRefusal } from './engine/auction';
import { afterBid } from './exchange.auctions.events';
import { auctionsPolicy } from './exchange.auctions.policy';
import { fromFen, isSealed, presentAuction, rulesOf, toFen } from './exchange.auctions.presenter';
import * as repo from './exchange.auctions.repository';
import type { AuctionView, CreateAuctionBody, DepositBody, ListAuctionsQuery } from './exchange.auctions.schema';
import { MAX_AUCTION_DAYS } from './exchange.auctions.schema';
import { sealAmount, type SealingKey } from './exchange.auctions.sealing';
import type { AuctionRow } from './exchange.auctions.tables';

type Ctx = ServiceContext;
const DAY_MS = 86_400_000;

const sellerRef = (a: Pick<AuctionRow, 'seller_organisation_id'>) => ({ organisationId: a.seller_organisation_id, regionCode: '' });

/** The acting organisation: the actor's own, or for the system (demo loader, CLI) the one named. */
function actingOrganisation(ctx: Ctx, named: string | undefined, what: string): string {
  const actor = actorOf(ctx.viewer);
  if (actor) return actor.organisationId;
  if (named === undefined) throw errors.badRequest(`Name the organisation that ${what}.`);
  return named;
}

/** Demo loader and CLI only: a moment other than the database's clock. */
async function momentOf(db: Executor, ctx: Ctx, at: Date | undefined): Promise<Date> {
  if (at !== undefined && ctx.viewer.kind === 'system') return at;
  return repo.databaseNow(db);
}

export interface CreateAuctionOptions {
  key: SealingKey;
  /** System only (demo loader): when the auction is created. */
  at?: Date;
}

export async function createAuction(trx: Trx, ctx: Ctx, body: CreateAuctionBody, opts: CreateAuctionOptions): Promise<AuctionRow> {
  const listing = await repo.listingForAuction(trx, body.listingId);
  if (!listing) throw errors.validation('The listing does not exist.', [{ field: 'listingId', message: `no listing ${body.listingId}`, code: 'exchange.unknownListing' }]);
  permit(ctx.viewer, auctionsPolicy.create(ctx.viewer, { organisationId: listing.organisation_id, regionCode: listing.region_code }), 'Only writers of the organisation that lists the lot put it up for auction.');
  const field = (name: string, message: string, code: string, params?: Record<string, string | number>) =>
    errors.validation(message, [{ field: name, message, code, ...(params ? { params } : {}) }]);
  if (listing.status !== 'open') throw field('listingId', `The listing is ${listing.status}: only an open listing can be auctioned.`, 'exchange.listingNotOpen');
  if (listing.grade === null) throw field('listingId', 'The listing has no grade yet: grade it before auctioning it.', 'exchange.listingUngraded');
  const tonnes = body.tonnes ?? Number(listing.tonnes);
  if (tonnes > Number(listing.tonnes)) throw field('tonnes', `at most the listing's ${listing.tonnes} t`, 'exchange.auctionOverListing', { tonnes: Number(listing.tonnes) });
  if (await repo.openAuctionOfListing(trx, listing.id)) throw errors.conflict('The listing is already up for auction.', [{ field: 'listingId', message: 'already up for auction', code: 'exchange.listingInAuction' }]);
  const now = await momentOf(trx, ctx, opts.at);
  const startsAt = body.startsAt !== undefined ? new Date(body.startsAt) : now;
  const endsAt = new Date(body.endsAt);
  if (endsAt <= now) throw field('endsAt', 'The end must be in the future.', 'exchange.auctionEndPast');
  if (endsAt <= startsAt) throw field('endsAt', 'must be after startsAt', 'exchange.auctionEndBeforeStart');
  if (endsAt.getTime() - startsAt.getTime() > MAX_AUCTION_DAYS * DAY_MS) throw field('endsAt', `An auction lasts at most ${MAX_AUCTION_DAYS} days.`, 'exchange.auctionTooLong', { days: MAX_AUCTION_DAYS });
  const row = await repo.insertAuction(trx, {
    listing_id: listing.id,
    seller_organisation_id: listing.organisation_id,
    kind: body.kind,
    category: listing.class,
    grade: listing.grade,
    tonnes,
    reserve_price: body.reservePrice,
    min_increment: body.minIncrement,
    anti_sniping_seconds: body.antiSnipingSeconds,
    deposit: body.deposit,
    min_rating: body.minRating,
    starts_at: startsAt,
    ends_at: endsAt,
    current_end_at: endsAt,
    sealing_key_id: body.kind === 'ascending' ? null : opts.key.id,
    created_by: actorOf(ctx.viewer)?.userId ?? null,
    ...(opts.at !== undefined && ctx.viewer.kind === 'system' ? { created_at: opts.at } : {}),
  });
  await recordAudit(trx, ctx, {
    action: 'exchange.auction.create',
    entityType: 'exchange_auctions',
    entityId: row.id,
    organisationId: row.seller_organisation_id,
    after: { listing_id: row.listing_id, kind: row.kind, tonnes: row.tonnes, reserve_price: row.reserve_price, min_increment: row.min_increment, starts_at: row.starts_at, ends_at: row.ends_at, anti_sniping_seconds: row.anti_sniping_seconds, deposit: row.deposit },
  });
  return row;
}

/** A refusal of the engine as the error a client sees: the field and a stable code. */
function refusalError(r: BidRefusal): AppError {
  switch (r.code) {
    case 'exchange.auctionNotOpen':
      return errors.conflict(`The auction opens at ${r.opensAt.toISOString()}.`, [{ field: 'amount', message: 'the auction has not opened', code: r.code, params: { opensAt: r.opensAt.toISOString() } }]);
    case 'exchange.auctionClosed':
      return errors.conflict(`The auction closed at ${r.closedAt.toISOString()}: no bid is taken after the close.`, [{ field: 'amount', message: 'the auction has closed', code: r.code, params: { closedAt: r.closedAt.toISOString() } }]);
    case 'exchange.bidBelowReserve':
      return errors.validation(`A bid must be at least the reserve price, ${fromFen(r.reservePrice)} 元/t.`, [{ field: 'amount', message: `at least ${fromFen(r.reservePrice)}`, code: r.code, params: { minimum: fromFen(r.reservePrice) } }]);
    case 'exchange.bidBelowIncrement':
      return errors.validation(`A bid must be at least the high bid plus the minimum increment: ${fromFen(r.minimum)} 元/t.`, [{ field: 'amount', message: `at least ${fromFen(r.minimum)}`, code: r.code, params: { minimum: fromFen(r.minimum) } }]);
    case 'exchange.alreadyBid':
      return errors.conflict('You have already bid in this sealed auction: a sealed bid is final.', [{ field: 'amount', message: 'one sealed bid per bidder', code: r.code }]);
    case 'exchange.alreadyLeading':
      return errors.conflict('Your bid is the high bid already.', [{ field: 'amount', message: 'you are leading', code: r.code }]);
    case 'exchange.bidNotPositive':
      return errors.validation('A bid must be more than 0.', [{ field: 'amount', message: 'must be more than 0', code: r.code }]);
  }
}

/**
 * Whether the organisation may bid: it stands ready to take the lot (an open demand accepting its
 * category and grade), has the deposit recorded, and meets the rating threshold once it has a
 * rating. Null when eligible, else the error.
 */
async function eligibility(db: Executor, a: AuctionRow, bidder: string): Promise<AppError | null> {
  const refuse = (message: string, code: string, params?: Record<string, string | number>) =>
    new AppError('forbidden', message, [{ field: 'bidder', message, code, ...(params ? { params } : {}) }]);
  if (!(await repo.acceptsLot(db, bidder, a.category, a.grade))) {
    return refuse(`Only an organisation with an open demand that accepts ${a.category} of grade ${a.grade} may bid.`, 'exchange.bidderNoDemand', { category: a.category, grade: a.grade });
  }
  if (Number(a.deposit) > 0) {
    const deposit = await repo.depositOf(db, a.id, bidder);
    if (!deposit || Number(deposit.amount) < Number(a.deposit)) return refuse(`A deposit of ${a.deposit} 元 must be recorded before bidding.`, 'exchange.depositMissing', { deposit: Number(a.deposit) });
  }
  // A firm graded below the suspension grade (credit rating, issue 13) bids in no auction until
  // an appeal is upheld or its rating recovers.
  if (await isSuspended(db, bidder)) return refuse('The bidder is suspended from exchange auctions by its credit rating; it may appeal the rating.', 'exchange.bidderSuspended');
  if (a.min_rating !== null) {
    // The auction's minimum is on a 0–5 scale (issue 12); the credit score is 0–100.
    const score = await latestScore(db, bidder);
    const rating = score === null ? null : score / 20;
    if (rating !== null && rating < Number(a.min_rating)) return refuse(`A rating of at least ${a.min_rating} is needed to bid.`, 'exchange.ratingTooLow', { minRating: Number(a.min_rating) });
  }
  return null;
}

export interface PlaceBidOptions {
  key: SealingKey;
  /** System only (demo loader, CLI): the bidding organisation and the moment. */
  bidderOrganisationId?: string;
  at?: Date;
}

export interface BidReceipt {
  auctionId: string;
  seq: number;
  placedAt: string;
  amount: number;
  sealed: boolean;
  currentEndAt: string;
  extended: boolean;
  /** The previous high bidder of an ascending auction, now outbid (for its notice). */
  outbid: string | null;
  sellerOrganisationId: string;
  bidId: string;
}

export async function placeBid(trx: Trx, ctx: Ctx, auctionId: string, amount: number, opts: PlaceBidOptions): Promise<BidReceipt> {
  const peek = await repo.getAuction(trx, auctionId);
  if (!peek) throw errors.notFound('Auction', auctionId);
  permit(ctx.viewer, auctionsPolicy.bid(ctx.viewer, sellerRef(peek)), 'Writers of organisations other than the seller bid; platform administrators do not.');
  const bidder = actingOrganisation(ctx, opts.bidderOrganisationId, 'bids');
  if (bidder === peek.seller_organisation_id) throw errors.forbidden('The seller does not bid on its own lot.');
  const a = (await repo.lockAuction(trx, auctionId))!;
  const now = await momentOf(trx, ctx, opts.at);
  const bids = await repo.bidsOf(trx, a.id);
  const rules = rulesOf(a);
  const engineBids = bids.map((b) => ({ bidder: b.bidder_organisation_id, amount: isSealed(a) ? 0 : toFen(b.amount!), at: b.placed_at }));
  const bid = { bidder, amount: toFen(amount), at: now };
  if (a.status === 'closed') throw refusalError({ code: 'exchange.auctionClosed', closedAt: a.closed_at ?? a.current_end_at });
  // Timing first (a late bid is refused as late, whoever sends it), then who may bid, then the amount.
  const timing = checkBid({ ...rules, reservePrice: 0, kind: 'sealed-first-price' }, [], { ...bid, amount: 1 });
  if (now >= a.current_end_at) throw refusalError({ code: 'exchange.auctionClosed', closedAt: a.current_end_at });
  if (!timing.accepted && timing.refusal.code === 'exchange.auctionNotOpen') throw refusalError(timing.refusal);
  const ineligible = await eligibility(trx, a, bidder);
  if (ineligible) throw ineligible;
  const outcome = checkBid(rules, engineBids, bid);
  if (!outcome.accepted) throw refusalError(outcome.refusal);
  if (a.kind !== 'ascending' && a.sealing_key_id !== opts.key.id) {
    throw new AppError('unavailable', 'This server holds another sealing key than the one this auction was created under; sealed bids cannot be taken here (see docs/security.md).');
  }
  const seq = a.bid_count + 1;
  const amountText = fromFen(bid.amount).toFixed(2);
  const row = await repo.insertBid(trx, {
    auction_id: a.id,
    seq,
    bidder_organisation_id: bidder,
    placed_by: actorOf(ctx.viewer)?.userId ?? null,
    placed_at: now,
    amount: isSealed(a) ? null : amountText,
    sealed_amount: isSealed(a) ? sealAmount(opts.key, { auctionId: a.id, bidder, seq }, amountText) : null,
  });
  const outbid = !isSealed(a) && a.high_bidder_organisation_id !== null && a.high_bidder_organisation_id !== bidder ? a.high_bidder_organisation_id : null;
  const updated = await repo.updateAuction(trx, a.id, {
    bid_count: seq,
    current_end_at: outcome.endsAt,
    ...(isSealed(a) ? {} : { high_bid: amountText, high_bidder_organisation_id: bidder }),
  });
  await recordAudit(trx, ctx, {
    action: 'exchange.auction.bid',
    entityType: 'exchange_auction_bids',
    entityId: row.id,
    organisationId: bidder,
    // A sealed amount is not written to the audit log either: it is readable only after the close.
    after: { auction_id: a.id, seq, bidder_organisation_id: bidder, placed_at: now, ...(isSealed(a) ? { sealed: true } : { amount: amountText }), current_end_at: updated.current_end_at },
  });
  await afterBid(trx, ctx, { auctionId: a.id, seq, sealed: isSealed(a), amount: fromFen(bid.amount), sellerOrganisationId: a.seller_organisation_id, outbid, at: now });
  return {
    auctionId: a.id,
    seq,
    placedAt: now.toISOString(),
    amount: fromFen(bid.amount),
    sealed: isSealed(a),
    currentEndAt: updated.current_end_at.toISOString(),
    extended: updated.current_end_at.getTime() > a.current_end_at.getTime(),
    outbid,
    sellerOrganisationId: a.seller_organisation_id,
    bidId: row.id,
  };
}

export async function recordDeposit(trx: Trx, ctx: Ctx, auctionId: string, body: DepositBody) {
  const a = await repo.lockAuction(trx, auctionId);
  if (!a) throw errors.notFound('Auction', auctionId);
  permit(ctx.viewer, auctionsPolicy.recordDeposit(ctx.viewer, sellerRef(a)), "Only the seller's writers and platform administrators record deposits.");
  if (a.status === 'closed') throw errors.conflict('The auction is closed.', [{ field: 'auction', message: 'closed', code: 'exchange.auctionClosed' }]);
  if (body.bidderOrganisationId === a.seller_organisation_id) throw errors.validation('The seller does not bid on its own lot.', [{ field: 'bidderOrganisationId', message: 'is the seller', code: 'exchange.bidderIsSeller' }]);
  const names = await repo.organisationNames(trx, [body.bidderOrganisationId]);
  if (!names.has(body.bidderOrganisationId)) throw errors.validation('No such organisation.', [{ field: 'bidderOrganisationId', message: 'unknown organisation', code: 'exchange.unknownOrganisation' }]);
  const row = await repo.upsertDeposit(trx, { auction_id: a.id, bidder_organisation_id: body.bidderOrganisationId, amount: body.amount.toFixed(2), reference: body.reference, recorded_by: actorOf(ctx.viewer)?.userId ?? null });
  await recordAudit(trx, ctx, { action: 'exchange.auction.deposit', entityType: 'exchange_auction_deposits', entityId: a.id, organisationId: a.seller_organisation_id, after: { bidder_organisation_id: row.bidder_organisation_id, amount: row.amount, reference: row.reference } });
  return { auctionId: a.id, bidderOrganisationId: row.bidder_organisation_id, amount: Number(row.amount), reference: row.reference, recordedAt: row.recorded_at.toISOString() };
}

async function mayBidNow(db: Executor, viewer: Viewer, a: AuctionRow): Promise<boolean> {
  const actor = actorOf(viewer);
  if (!actor || !auctionsPolicy.bid(viewer, sellerRef(a))) return false;
  return (await eligibility(db, a, actor.organisationId)) === null;
}

export async function auctionView(db: Executor, ctx: Ctx, id: string): Promise<AuctionView> {
  permit(ctx.viewer, auctionsPolicy.read(ctx.viewer));
  const a = await repo.getAuction(db, id);
  if (!a) throw errors.notFound('Auction', id);
  const [bids, now] = await Promise.all([repo.bidsOf(db, id), repo.databaseNow(db)]);
  const names = await repo.organisationNames(db, [a.seller_organisation_id, ...bids.map((b) => b.bidder_organisation_id)]);
  return presentAuction(ctx.viewer, { auction: a, bids, names, now, mayBid: await mayBidNow(db, ctx.viewer, a) });
}

export async function listAuctionViews(db: Executor, ctx: Ctx, query: ListAuctionsQuery) {
  permit(ctx.viewer, auctionsPolicy.read(ctx.viewer));
  const { total, rows } = await repo.listAuctions(db, query);
  const [bids, now] = await Promise.all([repo.bidsOfMany(db, rows.map((r) => r.id)), repo.databaseNow(db)]);
  const names = await repo.organisationNames(db, [...rows.map((r) => r.seller_organisation_id), ...bids.map((b) => b.bidder_organisation_id)]);
  const auctions = rows.map((a) => {
    const { bids: _bids, ...summary } = presentAuction(ctx.viewer, { auction: a, bids: bids.filter((b) => b.auction_id === a.id), names, now, mayBid: false });
    return summary;
  });
  return { total, auctions };
}
