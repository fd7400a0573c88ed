/**
 * Auction rows → views. What a viewer sees of bids: open (ascending) amounts to everyone logged
 * in; sealed amounts to nobody before the close (the rows hold only ciphertext, so there is
 * nothing to show); bidders' names only to the seller, platform admins and the bidder itself,
 * numbered bidders to everyone else.
 */
import type { Viewer } from '../../platform/viewer';
import { actorOf } from '../../platform/viewer';
import { minimumBid, type AuctionRules } from './engine/auction';
import { auctionsPolicy } from './exchange.auctions.policy';
import type { AuctionView } from './exchange.auctions.schema';
import type { AuctionRow, BidRow } from './exchange.auctions.tables';

const FEN = 100;
export const toFen = (yuan: number | string): number => Math.round(Number(yuan) * FEN);
export const fromFen = (fen: number): number => fen / FEN;
const num = (v: string | null): number | null => (v === null ? null : Number(v));

/** The engine's rules in fen (integer arithmetic: 100.1 + 0.2 must be 100.3). */
export function rulesOf(a: AuctionRow): AuctionRules {
  return {
    kind: a.kind,
    reservePrice: toFen(a.reserve_price),
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    minIncrement: toFen(a.min_increment),
    antiSnipingMinutes: a.anti_sniping_seconds / 60,
  };
}

export const isSealed = (a: Pick<AuctionRow, 'kind'>) => a.kind !== 'ascending';

function phaseOf(a: AuctionRow, now: Date): AuctionView['phase'] {
  if (a.status === 'closed') return 'closed';
  if (now < a.starts_at) return 'scheduled';
  return now < a.current_end_at ? 'open' : 'ended';
}

export interface PresentInput {
  auction: AuctionRow;
  bids: readonly BidRow[];
  names: Map<string, { name: string }>;
  now: Date;
  /** Whether the viewer's organisation may bid at all (policy and eligibility); computed by the service. */
  mayBid: boolean;
}

export function presentAuction(viewer: Viewer, input: PresentInput): AuctionView {
  const { auction: a, bids, names, now } = input;
  const me = actorOf(viewer)?.organisationId ?? null;
  const seller = { organisationId: a.seller_organisation_id, regionCode: '' };
  const namesVisible = auctionsPolicy.seeBidders(viewer, seller);
  const numbers = new Map<string, number>();
  for (const b of bids) if (!numbers.has(b.bidder_organisation_id)) numbers.set(b.bidder_organisation_id, numbers.size + 1);
  const bidderOf = (org: string) => ({
    number: numbers.get(org) ?? 0,
    name: namesVisible || org === me ? (names.get(org)?.name ?? null) : null,
    you: org === me,
  });
  const closed = a.status === 'closed';
  // Before the close a sealed auction shows only the viewer's own bids, without amounts.
  const shown = isSealed(a) && !closed ? bids.filter((b) => b.bidder_organisation_id === me) : bids;
  const engineBids = isSealed(a) ? [] : bids.map((b) => ({ bidder: b.bidder_organisation_id, amount: toFen(b.amount ?? 0), at: b.placed_at }));
  const leading = !isSealed(a) && a.high_bidder_organisation_id !== null && a.high_bidder_organisation_id === me;
  return {
    id: a.id,
    listingId: a.listing_id,
    kind: a.kind,
    category: a.category,
    grade: a.grade,
    tonnes: Number(a.tonnes),
    reservePrice: Number(a.reserve_price),
    minIncrement: Number(a.min_increment),
    antiSnipingSeconds: a.anti_sniping_seconds,
    deposit: Number(a.deposit),
    minRating: num(a.min_rating),
    startsAt: a.starts_at.toISOString(),
    endsAt: a.ends_at.toISOString(),
    currentEndAt: a.current_end_at.toISOString(),
    extended: a.current_end_at.getTime() > a.ends_at.getTime(),
    phase: phaseOf(a, now),
    serverTime: now.toISOString(),
    seller: { id: a.seller_organisation_id, name: names.get(a.seller_organisation_id)?.name ?? '' },
    bidCount: a.bid_count,
    bidders: new Set(bids.map((b) => b.bidder_organisation_id)).size,
    highBid: isSealed(a) && !closed ? null : isSealed(a) ? num(a.winning_bid) : num(a.high_bid),
    minimumBid: fromFen(minimumBid(rulesOf(a), engineBids)),
    you: {
      seller: me === a.seller_organisation_id,
      hasBid: me !== null && bids.some((b) => b.bidder_organisation_id === me),
      leading,
      mayBid: input.mayBid && phaseOf(a, now) === 'open',
    },
    bids: shown
      .map((b) => ({ seq: b.seq, bidder: bidderOf(b.bidder_organisation_id), amount: num(b.amount), placedAt: b.placed_at.toISOString() }))
      .reverse(),
    result: closed
      ? {
          closedAt: (a.closed_at ?? a.current_end_at).toISOString(),
          winner: a.winner_organisation_id === null ? null : bidderOf(a.winner_organisation_id),
          winningBid: num(a.winning_bid),
          price: num(a.price),
          contractId: a.contract_id,
        }
      : null,
  };
}
