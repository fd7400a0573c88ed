import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';

interface Auction {
  id: string;
  kind: string;
  phase: string;
  extended: boolean;
  bidders: number;
  bidCount: number;
  highBid: number | null;
  result: { winner: { number: number } | null; price: number | null; contractId: string | null } | null;
}

/** The auctions of the demo: past ones closed with a winner and a contract, one running now; the index shows them. */
describe.each(backends)('exchange auctions demo on %s', (kind) => {
  let t: TestApp;
  let lvyuan: TestClient;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['byproducts', 'exchange', 'exchange-auctions'] });
    lvyuan = await t.login('lvyuan');
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  it('past auctions closed once with three bidders, a winner and a contract at the auction price whose delivery was received', async () => {
    const res = await lvyuan.get('/api/v1/exchange/auctions?status=closed');
    expect(res.statusCode, res.body).toBe(200);
    const closed = res.json<{ total: number; auctions: Auction[] }>().auctions;
    expect(closed).toHaveLength(5);
    for (const a of closed) {
      expect(a.phase).toBe('closed');
      expect(a.bidders).toBe(3);
      expect(a.result?.winner).not.toBeNull();
      expect(a.result?.contractId).toBeTruthy();
      const contract = await t.db.selectFrom('exchange_contracts').selectAll().where('id', '=', a.result!.contractId!).executeTakeFirstOrThrow();
      expect(contract.source).toBe('auction');
      expect(contract.auction_id).toBe(a.id);
      expect(Number(contract.price_per_tonne)).toBe(a.result!.price);
      const deliveries = await t.db.selectFrom('exchange_contract_deliveries').select('status').where('contract_id', '=', contract.id).execute();
      expect(deliveries.map((d) => d.status)).toEqual(['delivered']);
    }
    // Every ascending one got a bid in its last minutes and was extended.
    const ascending = closed.filter((a) => a.kind === 'ascending');
    expect(ascending.length).toBeGreaterThanOrEqual(3);
    for (const a of ascending) expect(a.extended).toBe(true);
    const closes = await t.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'exchange.auction.close').execute();
    expect(new Set(closes.map((c) => c.entity_id)).size).toBe(closes.length);
  });

  it('one ascending auction is running with two bids, and the bidders hear nothing of a close', async () => {
    const res = await lvyuan.get('/api/v1/exchange/auctions?status=open');
    const open = res.json<{ auctions: Auction[] }>().auctions;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'ascending', phase: 'open', bidCount: 2, highBid: 180, result: null });
  });

  it('no demo listing exceeds its stream and every auctioned lot is graded B', async () => {
    const lots = await t.db.selectFrom('exchange_auctions as a').innerJoin('exchange_listings as l', 'l.id', 'a.listing_id').select(['l.grade', 'l.tonnes', 'a.tonnes as auctioned']).execute();
    expect(lots).toHaveLength(6);
    for (const l of lots) {
      expect(l.grade).toBe('B');
      expect(Number(l.auctioned)).toBeLessThanOrEqual(Number(l.tonnes));
    }
  });
});
