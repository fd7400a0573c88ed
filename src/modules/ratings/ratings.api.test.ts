import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { orgId, seedDemand, seedListing } from '../exchange/exchange.auctions.fixture';
import { gradeRank, type Grade } from './engine';

const base = '/api/v1/ratings';
type Problem = { status: number; code: string; errors?: { field: string; code?: string }[] };
interface Summary { organisation: { id: string; nameZh: string }; grade: Grade; suspended: boolean; score: number | null; reasons: { code: string; params: Record<string, unknown> }[] | null; openAppeal: boolean | null }
interface Detail {
  organisation: { id: string };
  current: { grade: Grade; score: number | null; reasons: { code: string }[] | null; dimensions: { dimension: string; missed: number }[] | null } | null;
  suspension: { since: string; grade: Grade } | null;
  appealHolds: Grade | null;
  history: { ratedOn: string; grade: Grade; score: number | null }[];
  appeals: { id: string; status: string }[] | null;
  can: { appeal: boolean; decide: boolean };
}

describe.each(backends)('ratings API (%s)', (kind) => {
  let t: TestApp;
  let admin: TestClient;
  let regulator: TestClient;
  let huatuo: TestClient;
  let fengmu: TestClient;
  let lvyuan: TestClient;

  const detail = async (c: TestClient, id: string) => {
    const res = await c.get(`${base}/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Detail>();
  };
  const recompute = async () => {
    const res = await admin.post(`${base}/recompute`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ organisations: number; suspensionsStarted: number; suspensionsLifted: number }>();
  };

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['byproducts', 'exchange', 'manifests', 'ratings'] });
    [admin, regulator, huatuo, fengmu, lvyuan] = (await Promise.all(['admin', 'bz-eeb', 'huatuo-ops', 'fengmu', 'lvyuan'].map((u) => t.login(u)))) as [TestClient, TestClient, TestClient, TestClient, TestClient];
  }, 600_000);
  afterAll(async () => t?.close());

  it('the demo: grades differ for readable reasons, a two-year history, a suspended transporter with an appeal waiting', async () => {
    const list = (await regulator.get(`${base}?region=341600`)).json<{ items: Summary[]; suspendBelow: Grade }>();
    expect(list.suspendBelow).toBe('B');
    expect(list.items.length).toBeGreaterThan(10);
    expect(new Set(list.items.map((i) => i.grade)).size).toBeGreaterThanOrEqual(3);
    // Worst first.
    const ranks = list.items.map((i) => gradeRank(i.grade));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    const tongda = list.items.find((i) => i.organisation.nameZh.includes('通达'))!;
    // A serious finding this year: CCC at best, suspended, its appeal waiting.
    expect(gradeRank(tongda.grade)).toBeGreaterThanOrEqual(gradeRank('CCC'));
    expect(tongda).toMatchObject({ suspended: true, openAppeal: true });
    expect(tongda.reasons!.map((r) => r.code)).toContain('ratings.reason.findings');
    const guohe = list.items.find((i) => i.organisation.nameZh.includes('涡河'))!;
    expect(guohe.reasons!.map((r) => r.code)).toEqual(expect.arrayContaining(['ratings.reason.findings', 'ratings.reason.acceptance']));
    const d = await detail(regulator, guohe.organisation.id);
    expect(d.history.length).toBeGreaterThanOrEqual(24);
    expect(d.current!.dimensions).toHaveLength(5);
  });

  it('grades are public inside the platform, reasons are not: a firm sees its own reasons only; anonymous visitors see the method only', async () => {
    const lv = await orgId(t.db, 'BZ-UTL-LVYUAN');
    const other = await detail(huatuo, lv);
    expect(other.current!.grade).toMatch(/^[ABC]+$/);
    expect(other.current!.score).toBeNull();
    expect(other.current!.reasons).toBeNull();
    expect(other.current!.dimensions).toBeNull();
    expect(other.appeals).toBeNull();
    expect(other.history.every((h) => h.score === null)).toBe(true);
    expect(other.can).toMatchObject({ appeal: false, decide: false });
    const own = await detail(lvyuan, lv);
    expect(own.current!.reasons).not.toBeNull();
    expect(own.can.appeal).toBe(true);
    const list = (await huatuo.get(base)).json<{ items: Summary[] }>();
    const hu = await orgId(t.db, 'BZ-MFR-HUATUO');
    for (const i of list.items) expect(i.reasons === null).toBe(i.organisation.id !== hu);
    expect((await t.anonymous().get(base)).statusCode).toBe(401);
    const method = await t.anonymous().get(`${base}/method`);
    expect(method.statusCode).toBe(200);
    expect(method.json<{ suspendBelow: string; weights: Record<string, number> }>()).toMatchObject({ suspendBelow: 'B', weights: { fulfilment: 0.35 } });
  });

  it('ratings move with the record: missed deliveries lower the grade', async () => {
    // The supplier with the most deliveries on record among those without findings or disputes (whose grade only its deliveries and loads move).
    const top = await t.db
      .selectFrom('exchange_contract_deliveries')
      .select(['from_organisation_id', sql<number>`count(*)::int`.as('n')])
      .where('status', '=', 'delivered')
      .where(sql<boolean>`from_organisation_id not in (select organisation_id from rating_findings union select organisation_id from rating_disputes)`)
      .groupBy('from_organisation_id')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    await recompute();
    const before = await detail(admin, top.from_organisation_id);
    // Its twelve latest deliveries were never made: still planned three weeks after their date.
    const latest = await t.db.selectFrom('exchange_contract_deliveries').select('id').where('from_organisation_id', '=', top.from_organisation_id).where('status', '=', 'delivered').orderBy('planned_on', 'desc').limit(12).execute();
    const threeWeeksAgo = new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 10);
    await t.db.updateTable('exchange_contract_deliveries').set({ status: 'planned', delivered_on: null, delivered_tonnes: null, planned_on: threeWeeksAgo }).where('id', 'in', latest.map((r) => r.id)).execute();
    await recompute();
    const after = await detail(admin, top.from_organisation_id);
    expect(after.current!.score!).toBeLessThan(before.current!.score!);
    expect(gradeRank(after.current!.grade)).toBeGreaterThan(gradeRank(before.current!.grade));
    expect(after.current!.dimensions!.find((x) => x.dimension === 'fulfilment')!.missed).toBeGreaterThan(before.current!.dimensions!.find((x) => x.dimension === 'fulfilment')!.missed);
    expect(after.current!.reasons![0]!.code).toBe('ratings.reason.fulfilment');
  });

  it('a suspended firm’s bid is refused with a stable code; its appeal, upheld by the regional regulator, lets it bid again', async () => {
    const fm = await orgId(t.db, 'BZ-UTL-FENGMU');
    await seedDemand(t.db, fm);
    // Only the firm's regional regulator records findings, refused before the body is read.
    expect((await huatuo.post(`${base}/${fm}/findings`, { severity: 'nonsense' })).statusCode).toBe(403);
    const bad = await regulator.post(`${base}/${fm}/findings`, { severity: 'nonsense', foundOn: '2026-11-30', summary: '抽查发现问题' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Problem>().errors!.map((e) => e.field)).toContain('body.severity');
    const today = new Date().toISOString().slice(0, 10);
    expect((await regulator.post(`${base}/${fm}/findings`, { severity: 'serious', foundOn: today, summary: '饲料原料中混入未经处理的药渣（测试）' })).statusCode).toBe(201);
    const run = await recompute();
    expect(run.suspensionsStarted).toBeGreaterThanOrEqual(1);
    const suspended = await detail(fengmu, fm);
    // 25 points off and the cap: CCC at best.
    expect(gradeRank(suspended.current!.grade)).toBeGreaterThanOrEqual(gradeRank('CCC'));
    expect(suspended.suspension).not.toBeNull();

    const listingId = await seedListing(t.db, 'BZ-MFR-HUATUO');
    const auction = await huatuo.post('/api/v1/exchange/auctions', { listingId, kind: 'ascending', reservePrice: 200, minIncrement: 10, endsAt: new Date(Date.now() + 600_000).toISOString(), antiSnipingSeconds: 0 });
    expect(auction.statusCode, auction.body).toBe(201);
    const auctionId = auction.json<{ id: string }>().id;
    const refused = await fengmu.post(`/api/v1/exchange/auctions/${auctionId}/bids`, { amount: 250 });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json<Problem>().errors![0]).toMatchObject({ field: 'bidder', code: 'exchange.bidderSuspended' });
    expect(await t.db.selectFrom('exchange_auction_bids').select('id').where('auction_id', '=', auctionId).execute()).toHaveLength(0);

    // The appeal: the firm only, one open at a time; the regional regulator decides.
    expect((await lvyuan.post(`${base}/${fm}/appeals`, { statement: '我们替丰牧申诉，理由充分。' })).statusCode).toBe(403);
    const appeal = await fengmu.post(`${base}/${fm}/appeals`, { statement: '原料已全部追溯并销毁，整改报告已报送，请求恢复竞拍资格。' });
    expect(appeal.statusCode, appeal.body).toBe(201);
    const again = await fengmu.post(`${base}/${fm}/appeals`, { statement: '再次申诉，请尽快处理我们的申请。' });
    expect(again.statusCode).toBe(409);
    expect(again.json<Problem>().errors![0]!.code).toBe('ratings.appealOpen');
    const appealId = appeal.json<{ id: string }>().id;
    expect((await fengmu.post(`${base}/appeals/${appealId}/decision`, { outcome: 'upheld', reason: '自己批准' })).statusCode).toBe(403);
    const decided = await regulator.post(`${base}/appeals/${appealId}/decision`, { outcome: 'upheld', reason: '整改到位，经现场核查属实，恢复竞拍资格。' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await regulator.post(`${base}/appeals/${appealId}/decision`, { outcome: 'rejected', reason: '重复处理该申诉' })).json<Problem>().errors![0]!.code).toBe('ratings.appealDecided');
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', appealId).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['ratings.appeal-upheld', 'ratings.appealed']);

    // The appeal notified the regulators of the firm's region; the decision, the firm.
    type Inbox = { items: { event: string; subject: { id: string }; link: string; params: Record<string, string> }[] };
    const told = (await regulator.get('/api/v1/notifications')).json<Inbox>().items.filter((n) => n.subject.id === appealId);
    expect(told.map((n) => [n.event, n.link, n.params.grade])).toEqual([['ratings.appeal.filed', `/ratings/${fm}`, suspended.current!.grade]]);
    const answered = (await fengmu.get('/api/v1/notifications')).json<Inbox>().items.filter((n) => n.subject.id === appealId);
    expect(answered.map((n) => [n.event, n.params.outcomeZh, n.params.outcomeEn])).toEqual([['ratings.appeal.decided', '予以支持', 'upheld']]);
    const webhooks = await t.db.selectFrom('notifications').select('event').where('subject_id', '=', appealId).execute();
    expect(new Set(webhooks.map((w) => w.event))).toEqual(new Set(['ratings.appeal.filed', 'ratings.appeal.decided']));

    const lifted = await detail(fengmu, fm);
    expect(lifted.suspension).toBeNull();
    expect(lifted.appealHolds).toBe(suspended.current!.grade);
    expect(lifted.appeals![0]!.status).toBe('upheld');
    expect((await fengmu.post(`/api/v1/exchange/auctions/${auctionId}/bids`, { amount: 250 })).statusCode).toBe(201);
    // The next rating, same grade: the upheld appeal holds.
    await recompute();
    expect((await detail(fengmu, fm)).suspension).toBeNull();
  });

  it('the exchange shows each counterparty’s current grade, never its reasons', async () => {
    const grades = new Map((await regulator.get(`${base}?region=341600`)).json<{ items: Summary[] }>().items.map((i) => [i.organisation.id, i.grade]));
    type Ref = { id: string; creditGrade: string | null };
    const contracts = (await huatuo.get('/api/v1/exchange/contracts?status=all&limit=20')).json<{ items: { seller: Ref | null; buyer: Ref }[] }>().items;
    expect(contracts.length).toBeGreaterThan(0);
    for (const c of contracts) {
      expect(c.buyer.creditGrade).toBe(grades.get(c.buyer.id) ?? null);
      if (c.seller) expect(c.seller.creditGrade).toBe(grades.get(c.seller.id) ?? null);
      expect(Object.keys(c.buyer).sort()).toEqual(['code', 'creditGrade', 'id', 'nameEn', 'nameZh']);
    }
    const listings = (await huatuo.get('/api/v1/exchange/listings?status=all&limit=20')).json<{ items: { organisation: Ref | null }[] }>().items;
    const named = listings.filter((l) => l.organisation !== null);
    expect(named.some((l) => l.organisation!.creditGrade !== null)).toBe(true);
    for (const l of named) expect(l.organisation!.creditGrade).toBe(grades.get(l.organisation!.id) ?? null);
  });

  it('recomputing is for platform admins; decisions for regulators of the region only', async () => {
    expect((await regulator.post(`${base}/recompute`)).statusCode).toBe(403);
    expect((await huatuo.post(`${base}/recompute`)).statusCode).toBe(403);
    expect((await huatuo.post(`${base}/appeals/00000000-0000-4000-8000-000000000000/decision`, { outcome: 'upheld', reason: 'x' })).statusCode).toBe(403);
    expect((await regulator.post(`${base}/appeals/00000000-0000-4000-8000-000000000000/decision`, { outcome: 'upheld', reason: '不存在的申诉' })).statusCode).toBe(404);
    expect((await admin.get(`${base}/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await admin.get(`${base}/not-a-uuid`)).statusCode).toBe(400);
  });
});
