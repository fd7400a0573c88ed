/**
 * What follows a bid or a close, in the same transaction: the notices (the platform's one
 * notification service) and, for a won auction, the contract.
 */
import type { Trx } from '../../db/database';
import type { ServiceContext } from '../../platform/viewer';
import { notify } from '../notifications';
import type { AuctionResult } from './engine/auction';
import { chinaDate } from './engine/listing';
import { createBilateralContract } from './exchange.contracts.service';
import * as listings from './exchange.repository';
import { fromFen } from './exchange.auctions.presenter';
import type { AuctionRow } from './exchange.auctions.tables';

const linkOf = (auctionId: string) => `/exchange/auction?id=${auctionId}`;

/** The seller and an outbid leader hear of a bid; a sealed bid's amount is in no notice. */
export async function afterBid(trx: Trx, ctx: ServiceContext, bid: { auctionId: string; seq: number; sealed: boolean; amount: number; sellerOrganisationId: string; outbid: string | null; at: Date }) {
  const subject = { type: 'exchange_auctions', id: bid.auctionId };
  const params: Record<string, number> = bid.sealed ? { seq: bid.seq } : { seq: bid.seq, amount: bid.amount };
  await notify(trx, ctx, { event: 'exchange.bid.placed', subject, recipients: { organisationIds: [bid.sellerOrganisationId] }, params, link: linkOf(bid.auctionId), at: bid.at });
  if (bid.outbid !== null) {
    await notify(trx, ctx, { event: 'exchange.bid.placed', subject, recipients: { organisationIds: [bid.outbid] }, params: { ...params, outbid: 1 }, link: linkOf(bid.auctionId), at: bid.at });
  }
}

/**
 * The seller, the winner and every loser are told the outcome (each its own notice: the winner's
 * carries the price, a loser's its own best bid). A won auction becomes a contract between the
 * seller and the winner at the price the rules set, delivered from the close's day (or the
 * listing's window start, if later) to the listing's window end, in this transaction, so a close
 * without its contract never commits. Returns the contract's id; null when nobody won, or when
 * the listing's window ended before the close (the sale is still recorded and notified; a
 * contract with no day left to deliver would be refused, and the close must not be).
 */
export async function afterAuctionClosed(trx: Trx, ctx: ServiceContext, a: AuctionRow, result: AuctionResult): Promise<string | null> {
  const subject = { type: 'exchange_auctions', id: a.id };
  const link = linkOf(a.id);
  const at = a.closed_at ?? result.closedAt;
  const price = result.winner ? fromFen(result.winner.price) : null;
  await notify(trx, ctx, {
    event: 'exchange.auction.closed',
    subject,
    recipients: { organisationIds: [a.seller_organisation_id] },
    params: { role: 'seller', outcome: result.winner ? 'sold' : 'unsold', bidders: result.losers.length + (result.winner ? 1 : 0), ...(price !== null ? { price } : {}) },
    link,
    at,
  });
  if (result.winner) {
    await notify(trx, ctx, { event: 'exchange.auction.closed', subject, recipients: { organisationIds: [result.winner.bidder] }, params: { role: 'winner', outcome: 'won', price: price! }, link, at });
  }
  for (const loser of result.losers) {
    await notify(trx, ctx, { event: 'exchange.auction.closed', subject, recipients: { organisationIds: [loser.bidder] }, params: { role: 'bidder', outcome: 'lost', bid: fromFen(loser.bid) }, link, at });
  }
  if (!result.winner) return null;
  const listing = await listings.findListing(trx, a.listing_id);
  if (!listing) throw new Error(`auction ${a.id}: its listing ${a.listing_id} is gone`);
  const closeDay = chinaDate(at);
  const startsOn = closeDay > listing.window_start ? closeDay : listing.window_start;
  if (startsOn > listing.window_end) return null;
  return createBilateralContract(
    trx,
    ctx,
    {
      source: 'auction',
      auctionId: a.id,
      listingId: a.listing_id,
      buyerOrganisationId: result.winner.bidder,
      tonnes: Number(a.tonnes),
      pricePerTonne: price!,
      startsOn,
      endsOn: listing.window_end,
    },
    at,
  );
}
