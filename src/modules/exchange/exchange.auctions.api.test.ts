import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { orgId, seedBidders, seedDemand, seedListing } from './exchange.auctions.fixture';

const base = '/api/v1/exchange/auctions';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

async function counts(t: TestApp, auctionId: string) {
  const bids = await t.db.selectFrom('exchange_auction_bids').select((eb) => eb.fn.countAll<string>().as('n')).where('auction_id', '=', auctionId).executeTakeFirstOrThrow();
  const audits = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'exchange.auction.bid').executeTakeFirstOrThrow();
  return { bids: Number(bids.n), audits: Number(audits.n) };
}

describe.each(backends)('exchange auctions API (%s)', (kind) => {
  let t: TestApp;
  let seller: TestClient;
  let lvyuan: TestClient;
  let fengmu: TestClient;
  let zhaoneng: TestClient;
  let senda: TestClient;
  let admin: TestClient;

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['balance', 'byproducts'] });
    for (const code of ['BZ-UTL-LVYUAN', 'BZ-UTL-FENGMU', 'BZ-UTL-ZHAONENG']) await seedDemand(t.db, await orgId(t.db, code));
    const clients = await Promise.all(['huatuo', 'lvyuan', 'fengmu', 'zhaoneng', 'senda', 'admin'].map((u) => t.login(u)));
    [seller, lvyuan, fengmu, zhaoneng, senda, admin] = clients as [TestClient, TestClient, TestClient, TestClient, TestClient, TestClient];
  }, 120_000);
  afterAll(async () => t?.close());

  it('an ascending auction: increments, anti-sniping extends the end, late and low bids are refused with nothing written, one close', async () => {
    const listingId = await seedListing(t.db, 'BZ-MFR-HUATUO');
    const created = await seller.post(base, { listingId, kind: 'ascending', reservePrice: 200, minIncrement: 10, endsAt: inSeconds(4), antiSnipingSeconds: 3 });
    expect(created.statusCode, created.body).toBe(201);
    const auction = created.json<{ id: string; phase: string; minimumBid: number; currentEndAt: string }>();
    expect(auction.phase).toBe('open');
    expect(auction.minimumBid).toBe(200);

    expect((await lvyuan.post(`${base}/${auction.id}/bids`, { amount: 250 })).statusCode).toBe(201);
    const before = await counts(t, auction.id);
    const low = await fengmu.post(`${base}/${auction.id}/bids`, { amount: 255 });
    expect(low.statusCode).toBe(400);
    expect(low.json<{ errors: { field: string; code: string; params: { minimum: number } }[] }>().errors[0]).toMatchObject({ field: 'amount', code: 'exchange.bidBelowIncrement', params: { minimum: 260 } });
    expect(await counts(t, auction.id)).toEqual(before);

    // Without a demand accepting the grade the bidder is not eligible.
    const noDemand = await senda.post(`${base}/${auction.id}/bids`, { amount: 300 });
    expect(noDemand.statusCode).toBe(403);
    expect(noDemand.json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('exchange.bidderNoDemand');
    // The seller does not bid on its own lot; platform administrators do not bid.
    expect((await seller.post(`${base}/${auction.id}/bids`, { amount: 300 })).statusCode).toBe(403);
    expect((await admin.post(`${base}/${auction.id}/bids`, { amount: 300 })).statusCode).toBe(403);

    await sleep(1500);
    const late = await fengmu.post(`${base}/${auction.id}/bids`, { amount: 260.1 });
    expect(late.statusCode, late.body).toBe(201);
    const receipt = late.json<{ extended: boolean; currentEndAt: string }>();
    expect(receipt.extended).toBe(true);
    expect(new Date(receipt.currentEndAt).getTime()).toBeGreaterThan(new Date(auction.currentEndAt).getTime());
    // Fen arithmetic: 260.1 + 10 is 270.1 exactly.
    expect((await lvyuan.post(`${base}/${auction.id}/bids`, { amount: 270.1 })).statusCode).toBe(201);

    // Before the end nobody may close it.
    expect((await seller.post(`${base}/${auction.id}/close`)).statusCode).toBe(409);
    const ladder = (await zhaoneng.get(`${base}/${auction.id}`)).json<{ bids: { amount: number; bidder: { name: string | null; number: number } }[]; highBid: number }>();
    expect(ladder.bids.map((b) => b.amount)).toEqual([270.1, 260.1, 250]);
    expect(ladder.bids.every((b) => b.bidder.name === null)).toBe(true);
    expect(ladder.highBid).toBe(270.1);

    const end = new Date((await seller.get(`${base}/${auction.id}`)).json<{ currentEndAt: string }>().currentEndAt).getTime();
    await sleep(Math.max(0, end - Date.now()) + 300);
    const afterClose = await zhaoneng.post(`${base}/${auction.id}/bids`, { amount: 400 });
    expect(afterClose.statusCode).toBe(409);
    expect(afterClose.json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('exchange.auctionClosed');

    // Three closes at once (two sellers' requests and the job's sweep): one close, one audit, one set of notices.
    const { closeDueAuctions } = await import('./index');
    const { systemServiceContext } = await import('../../platform/viewer');
    const { sealingKey } = await import('./exchange.auctions.sealing');
    const results = await Promise.all([
      seller.post(`${base}/${auction.id}/close`),
      seller.post(`${base}/${auction.id}/close`),
      t.db.transaction().execute((trx) => closeDueAuctions(trx, systemServiceContext('test'), sealingKey(t.app.config))),
    ]);
    expect(results[0].statusCode).toBe(200);
    expect(results[1].statusCode).toBe(200);
    const closes = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'exchange.auction.close').where('entity_id', '=', auction.id).execute();
    expect(closes).toHaveLength(1);
    const view = (await seller.get(`${base}/${auction.id}`)).json<{ phase: string; result: { winner: { name: string }; price: number } }>();
    expect(view.phase).toBe('closed');
    expect(view.result.price).toBe(270.1);
    expect(view.result.winner.name).toContain('绿源');
    const notices = await t.db.selectFrom('notifications').select(['organisation_id']).where('event', '=', 'exchange.auction.closed').where('subject_id', '=', auction.id).execute();
    const lv = await orgId(t.db, 'BZ-UTL-LVYUAN');
    const fm = await orgId(t.db, 'BZ-UTL-FENGMU');
    expect(new Set(notices.map((n) => n.organisation_id))).toEqual(new Set([await orgId(t.db, 'BZ-MFR-HUATUO'), lv, fm]));
    // The whole lot was sold: the listing left the market, its tonnes committed to the sale.
    const listing = (await seller.get(`/api/v1/exchange/listings/${listingId}`)).json<{ status: string; committedTonnes: number }>();
    expect(listing).toMatchObject({ status: 'closed', committedTonnes: 100 });
  }, 30_000);

  it('a sealed second-price auction hides amounts from everyone (admins too) until the close, then the winner pays the second bid', async () => {
    const listingId = await seedListing(t.db, 'BZ-MFR-HUATUO');
    const created = await seller.post(base, { listingId, kind: 'sealed-second-price', tonnes: 40, reservePrice: 100, endsAt: inSeconds(3) });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    for (const [c, amount] of [[lvyuan, 321.5], [fengmu, 388], [zhaoneng, 350]] as const) expect((await c.post(`${base}/${id}/bids`, { amount })).statusCode).toBe(201);
    expect((await lvyuan.post(`${base}/${id}/bids`, { amount: 500 })).json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('exchange.alreadyBid');

    for (const c of [admin, seller, lvyuan, senda]) {
      const body = (await c.get(`${base}/${id}`)).body;
      // As JSON number values: the digits may well occur inside a uuid.
      for (const amount of ['321.5', '388', '350']) expect(body).not.toMatch(new RegExp(`[:,[]${amount.replace('.', '\\.')}[,}\\]]`));
    }
    const own = (await lvyuan.get(`${base}/${id}`)).json<{ bids: { amount: number | null; bidder: { you: boolean } }[]; highBid: null }>();
    expect(own.bids.map((b) => [b.amount, b.bidder.you])).toEqual([[null, true]]);
    const stored = await t.db.selectFrom('exchange_auction_bids').selectAll().where('auction_id', '=', id).execute();
    expect(stored.every((b) => b.amount === null && b.sealed_amount !== null && !b.sealed_amount.includes('388'))).toBe(true);
    const audit = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'exchange.auction.bid').where('organisation_id', '=', await orgId(t.db, 'BZ-UTL-FENGMU')).execute();
    expect(JSON.stringify(audit)).not.toContain('388');
    // Bids are immutable, in the database too.
    await expect(t.db.updateTable('exchange_auction_bids').set({ placed_at: new Date() }).where('auction_id', '=', id).execute()).rejects.toThrow(/immutable/);
    await expect(t.db.deleteFrom('exchange_auction_bids').where('auction_id', '=', id).execute()).rejects.toThrow(/immutable/);

    await sleep(3200);
    expect((await seller.post(`${base}/${id}/close`)).statusCode).toBe(200);
    const view = (await senda.get(`${base}/${id}`)).json<{ bids: { amount: number }[]; result: { price: number; winningBid: number; winner: { name: string | null } } }>();
    expect(view.bids.map((b) => b.amount).sort()).toEqual([321.5, 350, 388]);
    expect(view.result).toMatchObject({ winningBid: 388, price: 350, winner: { name: null } });
    // 40 of the lot's 100 t were sold: the listing stays on the market with 60 t to offer.
    const listing = (await seller.get(`/api/v1/exchange/listings/${listingId}`)).json<{ status: string; committedTonnes: number }>();
    expect(listing).toMatchObject({ status: 'open', committedTonnes: 40 });
  }, 30_000);

  it('a deposit must be recorded before bidding when the auction asks for one', async () => {
    const listingId = await seedListing(t.db, 'BZ-MFR-HUATUO');
    const id = (await seller.post(base, { listingId, kind: 'sealed-first-price', reservePrice: 100, endsAt: inSeconds(600), deposit: 5000 })).json<{ id: string }>().id;
    const refused = await lvyuan.post(`${base}/${id}/bids`, { amount: 200 });
    expect(refused.json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('exchange.depositMissing');
    expect((await lvyuan.post(`${base}/${id}/deposits`, { bidderOrganisationId: await orgId(t.db, 'BZ-UTL-LVYUAN'), amount: 5000, reference: 'x' })).statusCode).toBe(403);
    expect((await seller.post(`${base}/${id}/deposits`, { bidderOrganisationId: await orgId(t.db, 'BZ-UTL-LVYUAN'), amount: 5000, reference: '银行回单 0001' })).statusCode).toBe(201);
    expect((await lvyuan.post(`${base}/${id}/bids`, { amount: 200 })).statusCode).toBe(201);
    // A second open auction of the same listing is refused; bad input names its field.
    expect((await seller.post(base, { listingId, kind: 'ascending', reservePrice: 1, minIncrement: 1, endsAt: inSeconds(60) })).statusCode).toBe(409);
    const bad = await seller.post(base, { listingId, kind: 'ascending', reservePrice: 1, minIncrement: 0, endsAt: inSeconds(60) });
    expect(bad.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('body.minIncrement');
  });

  it('50 bidders bidding at once in the last seconds: every bid taken once or refused, one winner', async () => {
    const bidders = await seedBidders(t.db, 50);
    for (const kindOf of ['sealed-first-price', 'ascending'] as const) {
      const listingId = await seedListing(t.db, 'BZ-MFR-HUATUO');
      const id = (await seller.post(base, { listingId, kind: kindOf, reservePrice: 100, minIncrement: 1, endsAt: inSeconds(3), antiSnipingSeconds: 1 })).json<{ id: string }>().id;
      const amounts = bidders.map((_, k) => 200 + ((k * 37) % 50) * 3);
      const answers = await Promise.all(
        bidders.map((b, k) => t.app.inject({ method: 'POST', url: `${base}/${id}/bids`, headers: { authorization: `Bearer ${b.token}` }, payload: { amount: amounts[k] } })),
      );
      const accepted = answers.flatMap((a, k) => (a.statusCode === 201 ? [{ org: bidders[k]!.organisationId, amount: amounts[k]! }] : []));
      for (const a of answers) expect([201, 400, 409]).toContain(a.statusCode);
      if (kindOf !== 'ascending') expect(accepted).toHaveLength(50);
      const rows = await t.db.selectFrom('exchange_auction_bids').select(['seq', 'bidder_organisation_id']).where('auction_id', '=', id).orderBy('seq').execute();
      expect(rows.map((r) => r.seq)).toEqual(accepted.map((_, k) => k + 1));
      expect(new Set(rows.map((r) => r.bidder_organisation_id))).toEqual(new Set(accepted.map((a) => a.org)));
      const end = new Date((await seller.get(`${base}/${id}`)).json<{ currentEndAt: string }>().currentEndAt).getTime();
      await sleep(Math.max(0, end - Date.now()) + 200);
      const closes = await Promise.all([seller.post(`${base}/${id}/close`), seller.post(`${base}/${id}/close`)]);
      expect(closes.map((c) => c.statusCode)).toEqual([200, 200]);
      const auction = await t.db.selectFrom('exchange_auctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const best = accepted.reduce((m, a) => (a.amount > m.amount ? a : m));
      expect(auction.winner_organisation_id).toBe(best.org);
      expect(Number(auction.winning_bid)).toBe(best.amount);
    }
  }, 60_000);
});
