/**
 * Auctions of a listing (seed 004 mechanism 3: online bidding). Pure rules over a list of bids;
 * the service stores the bids, takes the listing's lock while it checks one, and closes each
 * auction once.
 *
 * - Sealed-bid (first or second price): each eligible bidder bids once; nobody sees a bid before
 *   the close. The highest bid wins (the earlier one on a tie); first price pays its own bid,
 *   second price the higher of the second-highest bid and the reserve.
 * - Ascending: open bids, each at least the reserve and at least the standing high bid plus the
 *   minimum increment; the leader may not outbid itself. The highest bid wins and pays its bid.
 * - Anti-sniping (both kinds): a bid in the last `antiSnipingMinutes` before the end moves the end
 *   to that many minutes after the bid, so a late bid always leaves the others time to answer.
 * Bids are immutable: a bid is never changed or withdrawn.
 */

export const AUCTION_KINDS = ['sealed-first-price', 'sealed-second-price', 'ascending'] as const;
export type AuctionKind = (typeof AUCTION_KINDS)[number];

export interface AuctionRules {
  kind: AuctionKind;
  /** 元 per tonne; no bid below it counts. */
  reservePrice: number;
  startsAt: Date;
  endsAt: Date;
  /** Ascending only: the least a new bid must add to the standing high bid (元 per tonne). */
  minIncrement: number;
  /** A bid this close to the end extends it; 0 turns anti-sniping off. */
  antiSnipingMinutes: number;
}

export interface Bid {
  bidder: string;
  /** 元 per tonne. */
  amount: number;
  at: Date;
}

export type BidRefusal =
  | { code: 'exchange.auctionNotOpen'; opensAt: Date }
  | { code: 'exchange.auctionClosed'; closedAt: Date }
  | { code: 'exchange.bidBelowReserve'; reservePrice: number }
  | { code: 'exchange.bidBelowIncrement'; minimum: number }
  | { code: 'exchange.alreadyBid' }
  | { code: 'exchange.alreadyLeading' }
  | { code: 'exchange.bidNotPositive' };

export type BidOutcome = { accepted: true; endsAt: Date } | { accepted: false; refusal: BidRefusal };

const MINUTE_MS = 60_000;

/** The end as it stands after the bids so far (anti-sniping may have moved it). */
export function currentEnd(rules: AuctionRules, bids: readonly Bid[]): Date {
  let end = rules.endsAt.getTime();
  const window = rules.antiSnipingMinutes * MINUTE_MS;
  for (const b of [...bids].sort(byTime)) {
    const t = b.at.getTime();
    if (window > 0 && t < end && t >= end - window) end = t + window;
  }
  return new Date(end);
}

const byTime = (a: Bid, b: Bid) => a.at.getTime() - b.at.getTime();

/** The standing high bid of an ascending auction (the earliest of equal amounts). */
function highBid(bids: readonly Bid[]): Bid | null {
  let best: Bid | null = null;
  for (const b of [...bids].sort(byTime)) if (best === null || b.amount > best.amount) best = b;
  return best;
}

/** The least amount a new bid may state now. */
export function minimumBid(rules: AuctionRules, bids: readonly Bid[]): number {
  if (rules.kind !== 'ascending') return rules.reservePrice;
  const high = highBid(bids);
  return high === null ? rules.reservePrice : Math.max(rules.reservePrice, high.amount + rules.minIncrement);
}

/** Whether a new bid is taken, given the bids already taken (in any order). */
export function checkBid(rules: AuctionRules, bids: readonly Bid[], bid: Bid): BidOutcome {
  const refuse = (refusal: BidRefusal): BidOutcome => ({ accepted: false, refusal });
  if (!(bid.amount > 0 && Number.isFinite(bid.amount))) return refuse({ code: 'exchange.bidNotPositive' });
  if (bid.at.getTime() < rules.startsAt.getTime()) return refuse({ code: 'exchange.auctionNotOpen', opensAt: rules.startsAt });
  const end = currentEnd(rules, bids);
  if (bid.at.getTime() >= end.getTime()) return refuse({ code: 'exchange.auctionClosed', closedAt: end });
  if (bid.amount < rules.reservePrice) return refuse({ code: 'exchange.bidBelowReserve', reservePrice: rules.reservePrice });
  if (rules.kind === 'ascending') {
    const high = highBid(bids);
    if (high !== null && high.bidder === bid.bidder) return refuse({ code: 'exchange.alreadyLeading' });
    const minimum = minimumBid(rules, bids);
    if (bid.amount < minimum) return refuse({ code: 'exchange.bidBelowIncrement', minimum });
  } else if (bids.some((b) => b.bidder === bid.bidder)) {
    return refuse({ code: 'exchange.alreadyBid' });
  }
  return { accepted: true, endsAt: currentEnd(rules, [...bids, bid]) };
}

export interface AuctionResult {
  /** Null when no bid reached the reserve. */
  winner: { bidder: string; bid: number; price: number } | null;
  /** Every other bidder, once, with their best bid. */
  losers: { bidder: string; bid: number }[];
  closedAt: Date;
}

/**
 * The outcome once the auction has ended (`now` at or after its current end); null before.
 * Ties go to the earlier bid.
 */
export function closeAuction(rules: AuctionRules, bids: readonly Bid[], now: Date): AuctionResult | null {
  const closedAt = currentEnd(rules, bids);
  if (now.getTime() < closedAt.getTime()) return null;
  const best = new Map<string, Bid>();
  for (const b of [...bids].sort(byTime)) {
    const seen = best.get(b.bidder);
    if (seen === undefined || b.amount > seen.amount) best.set(b.bidder, b);
  }
  const ranked = [...best.values()].sort((a, b) => b.amount - a.amount || byTime(a, b));
  const top = ranked[0];
  if (top === undefined || top.amount < rules.reservePrice) return { winner: null, losers: ranked.map((b) => ({ bidder: b.bidder, bid: b.amount })), closedAt };
  const second = ranked[1];
  const price = rules.kind === 'sealed-second-price' ? Math.max(rules.reservePrice, second?.amount ?? rules.reservePrice) : top.amount;
  return {
    winner: { bidder: top.bidder, bid: top.amount, price },
    losers: ranked.slice(1).map((b) => ({ bidder: b.bidder, bid: b.amount })),
    closedAt,
  };
}
