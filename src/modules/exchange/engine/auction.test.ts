import { describe, expect, it } from 'vitest';
import { type AuctionRules, type Bid, checkBid, closeAuction, currentEnd, minimumBid } from './auction';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 8, 0) + minute * 60_000);
const rules = (kind: AuctionRules['kind'], extra: Partial<AuctionRules> = {}): AuctionRules => ({
  kind,
  reservePrice: 100,
  startsAt: at(0),
  endsAt: at(60),
  minIncrement: 5,
  antiSnipingMinutes: 5,
  ...extra,
});

/** Bids accepted one after another, as the service would store them. */
function run(r: AuctionRules, bids: Bid[]): { taken: Bid[]; refusals: string[] } {
  const taken: Bid[] = [];
  const refusals: string[] = [];
  for (const b of bids) {
    const outcome = checkBid(r, taken, b);
    if (outcome.accepted) taken.push(b);
    else refusals.push(`${b.bidder}:${outcome.refusal.code}`);
  }
  return { taken, refusals };
}

describe('auctions', () => {
  it('ascending: each bid beats the standing one by the increment; the leader cannot outbid itself', () => {
    const r = rules('ascending');
    const { taken, refusals } = run(r, [
      { bidder: 'a', amount: 90, at: at(1) },
      { bidder: 'a', amount: 100, at: at(2) },
      { bidder: 'b', amount: 104, at: at(3) },
      { bidder: 'b', amount: 105, at: at(4) },
      { bidder: 'b', amount: 120, at: at(5) },
      { bidder: 'c', amount: 125, at: at(6) },
    ]);
    expect(refusals).toEqual(['a:exchange.bidBelowReserve', 'b:exchange.bidBelowIncrement', 'b:exchange.alreadyLeading']);
    expect(minimumBid(r, taken)).toBe(130);
    expect(closeAuction(r, taken, at(60))).toEqual({
      winner: { bidder: 'c', bid: 125, price: 125 },
      losers: [
        { bidder: 'b', bid: 105 },
        { bidder: 'a', bid: 100 },
      ],
      closedAt: at(60),
    });
  });

  it('extends the end on a late bid, again on a later one, and refuses a bid after the close', () => {
    const r = rules('ascending');
    const { taken, refusals } = run(r, [
      { bidder: 'a', amount: 100, at: at(50) },
      { bidder: 'b', amount: 110, at: at(57) }, // inside the last 5 minutes: end → 62
      { bidder: 'a', amount: 120, at: at(61) }, // still open, inside the window again: end → 66
      { bidder: 'c', amount: 200, at: at(66) }, // at the end: closed
    ]);
    expect(refusals).toEqual(['c:exchange.auctionClosed']);
    expect(currentEnd(r, taken)).toEqual(at(66));
    expect(closeAuction(r, taken, at(65))).toBeNull();
    expect(closeAuction(r, taken, at(66))!.winner).toEqual({ bidder: 'a', bid: 120, price: 120 });
  });

  it('sealed first and second price: one bid each, the highest wins, ties to the earlier bid', () => {
    const bids: Bid[] = [
      { bidder: 'a', amount: 150, at: at(10) },
      { bidder: 'b', amount: 180, at: at(20) },
      { bidder: 'c', amount: 180, at: at(30) },
      { bidder: 'a', amount: 300, at: at(40) },
    ];
    const first = run(rules('sealed-first-price'), bids);
    expect(first.refusals).toEqual(['a:exchange.alreadyBid']);
    expect(closeAuction(rules('sealed-first-price'), first.taken, at(60))!.winner).toEqual({ bidder: 'b', bid: 180, price: 180 });
    const second = run(rules('sealed-second-price'), bids);
    expect(closeAuction(rules('sealed-second-price'), second.taken, at(60))!.winner).toEqual({ bidder: 'b', bid: 180, price: 180 });
    const alone = run(rules('sealed-second-price'), [{ bidder: 'a', amount: 150, at: at(10) }]);
    expect(closeAuction(rules('sealed-second-price'), alone.taken, at(60))!.winner).toEqual({ bidder: 'a', bid: 150, price: 100 });
  });

  it('has no winner when nobody reached the reserve; refuses bids before the start and bids that are no number', () => {
    const r = rules('sealed-first-price');
    expect(checkBid(r, [], { bidder: 'a', amount: 120, at: at(-1) })).toMatchObject({ accepted: false, refusal: { code: 'exchange.auctionNotOpen' } });
    expect(checkBid(r, [], { bidder: 'a', amount: Number.NaN, at: at(1) })).toMatchObject({ accepted: false, refusal: { code: 'exchange.bidNotPositive' } });
    expect(closeAuction(r, [], at(60))).toEqual({ winner: null, losers: [], closedAt: at(60) });
  });

  it('fifty bidders bidding in the last seconds: one winner, every bid counted once', () => {
    const r = rules('ascending', { antiSnipingMinutes: 1 });
    const bids: Bid[] = Array.from({ length: 50 }, (_, k) => ({ bidder: `b${k}`, amount: 100 + 5 * k, at: new Date(at(60).getTime() - 10_000 + k * 100) }));
    const { taken, refusals } = run(r, bids);
    expect(refusals).toEqual([]);
    const result = closeAuction(r, taken, at(70))!;
    expect(result.winner).toEqual({ bidder: 'b49', bid: 345, price: 345 });
    expect(result.losers).toHaveLength(49);
    expect(new Set(result.losers.map((l) => l.bidder)).size).toBe(49);
  });
});
