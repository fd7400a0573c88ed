import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem } from '../../../test/helpers/fixtures';
import { chinaDate } from './engine/listing';

type Json = Record<string, unknown>;
const v1 = '/api/v1/exchange';

/** 黄芪 water-extract residue, 1 200 t a year (100 t a month, flat), graded as cellulose-rich. */
const residue = {
  name: '黄芪水提药渣',
  herb: '黄芪',
  residue: 'water-extract-residue',
  stage: 'extraction',
  state: 'solid',
  tonnesPerYear: 1200,
  moisture: 25,
  assays: { crudeFibre: 35, ash: 9 },
  classOverride: ['cellulose-rich'],
};

const day = (offset: number) => chinaDate(new Date(Date.now() + offset * 86_400_000));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString('base64');

describe.each(backends)('exchange API on %s', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let shaodu: TestClient;
  let lvyuan: TestClient;
  let fengmu: TestClient;
  let qingyuan: TestClient;
  let park: TestClient;
  let admin: TestClient;
  let streamId: string;
  const start = day(1);
  const end = day(89);

  beforeAll(async () => {
    t = await createTestApp({ kind });
    huatuo = await t.login('huatuo');
    shaodu = await t.login('shaodu');
    lvyuan = await t.login('lvyuan');
    fengmu = await t.login('fengmu');
    qingyuan = await t.login('qingyuan');
    park = await t.login('park');
    admin = await t.login('admin');
    const created = await huatuo.post('/api/v1/byproducts/streams', residue);
    expect(created.statusCode).toBe(201);
    streamId = created.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n;
  const listing = (over: Json = {}) => ({ stream: streamId, quantityKind: 'monthly', tonnes: 60, windowStart: start, windowEnd: end, reservePrice: 50, deliveryTerms: 'ex-works', visibility: 'public', ...over });

  it('serves the grading standards publicly; a platform admin revises one as a new audited version; a bad standard names its field', async () => {
    const list = (await t.anonymous().get(`${v1}/grading-standards`)).json<{ items: { class: string; version: number }[] }>();
    expect(list.items.map((s) => s.class).sort()).toEqual(['bioactive-small-molecule-rich', 'biomacromolecule-rich', 'cellulose-rich', 'lipid-rich']);
    expect(list.items.every((s) => s.version === 1)).toBe(true);

    const criteria = [
      { assay: 'moisture', unit: '%', bound: 'max', limits: { A: 12, B: 20, C: 50 } },
      { assay: 'crudeFat', unit: '% DM', bound: 'min', limits: { A: 16, B: 8, C: 3 } },
    ];
    expectProblem(await huatuo.post(`${v1}/grading-standards/lipid-rich/versions`, { criteria }), 403, 'forbidden');
    const bad = expectProblem(await admin.post(`${v1}/grading-standards/lipid-rich/versions`, { criteria: [{ ...criteria[0], limits: { A: 50, B: 20, C: 12 } }] }), 400, 'validation');
    expect(bad.errors![0]!.field).toBe('criteria[0].limits');
    const revised = await admin.post(`${v1}/grading-standards/lipid-rich/versions`, { criteria, note: 'stricter moisture' });
    expect(revised.statusCode).toBe(201);
    expect(revised.json()).toMatchObject({ class: 'lipid-rich', version: 2 });
    const history = (await t.anonymous().get(`${v1}/grading-standards/lipid-rich/versions`)).json<{ items: { version: number }[] }>();
    expect(history.items.map((v) => v.version)).toEqual([2, 1]);
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'exchange_grading_standard_versions').execute();
    expect(audit.map((a) => a.action)).toEqual(['exchange_grading_standard.revise']);
  });

  it('refuses a listing above the stream’s declared generation, naming the field, and writes nothing', async () => {
    const before = { listings: await count('exchange_listings'), audit: await count('audit_log') };
    const over = expectProblem(await huatuo.post(`${v1}/listings`, listing({ tonnes: 150 })), 400, 'validation');
    expect(over.errors).toHaveLength(1);
    expect(over.errors![0]!.field).toBe('tonnes');
    expect(over.errors![0]!.message).toContain('at most 100 t per month');
    const lot = expectProblem(await huatuo.post(`${v1}/listings`, listing({ quantityKind: 'one-off', tonnes: 5000 })), 400, 'validation');
    expect(lot.errors![0]!.field).toBe('tonnes');
    expectProblem(await huatuo.post(`${v1}/listings`, listing({ windowEnd: day(0) })), 400, 'validation');
    // Another firm may not list the stream.
    expectProblem(await shaodu.post(`${v1}/listings`, listing()), 403, 'forbidden');
    expect({ listings: await count('exchange_listings'), audit: await count('audit_log') }).toEqual(before);
  });

  let listingId: string;
  it('lists a residue from the stream with its computed grade and the rule that decided it; the rest of the stream stays available', async () => {
    const preview = (await huatuo.post(`${v1}/listings/preview`, { stream: streamId, quantityKind: 'monthly', windowStart: start, windowEnd: end })).json<Json>();
    expect(preview).toMatchObject({ class: 'cellulose-rich', grading: { grade: 'B', limitedBy: { assay: 'moisture', value: 25, limit: 15, grade: 'A' } }, available: { tonnes: 100 } });

    const res = await huatuo.post(`${v1}/listings`, listing({ title: '黄芪药渣（月供）' }));
    expect(res.statusCode).toBe(201);
    const l = res.json<Json & { id: string; code: string }>();
    listingId = l.id;
    expect(l.code).toMatch(/^GY-\d{4}-\d{5}$/);
    expect(l).toMatchObject({ grade: 'B', gradeSource: 'computed', tonnes: 60, class: 'cellulose-rich', loadType: 'bulk', mine: true, grading: { limitedBy: { assay: 'moisture' } } });
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', l.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['exchange_listing.create']);

    const second = expectProblem(await huatuo.post(`${v1}/listings`, listing({ tonnes: 50 })), 400, 'validation');
    expect(second.errors![0]).toMatchObject({ field: 'tonnes', code: 'exchange.overStreamMonthly' });
    const left = (await huatuo.post(`${v1}/listings/preview`, { stream: streamId, quantityKind: 'monthly', windowStart: start, windowEnd: end })).json<{ available: { tonnes: number; listed: number } }>();
    expect(left.available).toMatchObject({ tonnes: 40, listed: 60 });
  });

  it('checks uploaded files against their type; a grade override needs the firm’s assay report', async () => {
    const fake = expectProblem(await huatuo.post(`${v1}/attachments`, { kind: 'assay', fileName: 'a.pdf', mediaType: 'application/pdf', contentBase64: PNG }), 400, 'validation');
    expect(fake.errors![0]!.field).toBe('mediaType');
    const up = await huatuo.post(`${v1}/attachments`, { kind: 'assay', fileName: '检测报告.pdf', mediaType: 'application/pdf', contentBase64: PDF });
    expect(up.statusCode).toBe(201);
    const file = up.json<{ id: string }>();
    const foreign = (await shaodu.post(`${v1}/attachments`, { kind: 'assay', fileName: 'x.pdf', mediaType: 'application/pdf', contentBase64: PDF })).json<{ id: string }>();
    const refused = expectProblem(await huatuo.post(`${v1}/listings`, listing({ tonnes: 10, gradeOverride: { grade: 'A', attachmentId: foreign.id } })), 400, 'validation');
    expect(refused.errors![0]!.field).toBe('gradeOverride.attachmentId');
    const over = await huatuo.post(`${v1}/listings`, listing({ tonnes: 10, gradeOverride: { grade: 'A', attachmentId: file.id }, visibility: 'anonymised', quantityKind: 'one-off' }));
    expect(over.statusCode).toBe(201);
    const o = over.json<{ id: string; attachments: { id: string }[] }>();
    expect(over.json()).toMatchObject({ grade: 'A', gradeSource: 'override' });
    expect(o.attachments.map((a) => a.id)).toEqual([file.id]);
    const download = await huatuo.get(`${v1}/attachments/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await lvyuan.get(`${v1}/attachments/${file.id}`)).statusCode).toBe(404);

    // Anonymised: another firm sees neither the firm nor the site, only the county and a rounded place.
    const seen = (await lvyuan.get(`${v1}/listings/${o.id}`)).json<Json>();
    expect(seen).toMatchObject({ organisation: null, siteName: null, anonymised: true, stream: null, assays: null, place: { precision: 'county', regionCode: '341602' } });
    const place = seen.place as { lat: number };
    expect(Math.abs(place.lat * 10 - Math.round(place.lat * 10))).toBeLessThan(1e-6);
    // Withdrawn so the matching below is about the monthly listing only.
    expect((await huatuo.patch(`${v1}/listings/${o.id}`, { status: 'withdrawn' })).statusCode).toBe(200);
  });

  let fengmuDemand: string;
  let lvyuanDemand: string;
  it('posts demands; a bad one names its field', async () => {
    const demand = { title: '纤维类药渣', accepts: ['cellulose-rich'], minGrade: 'C', prices: { A: 300, B: 220, C: 150 }, capacityPerMonth: 40, maxDistanceKm: 100, windowStart: day(0) };
    const a = await lvyuan.post(`${v1}/demands`, demand);
    expect(a.statusCode).toBe(201);
    lvyuanDemand = a.json<{ id: string }>().id;
    expect(a.json()).toMatchObject({ windowEnd: null, status: 'open', mine: true });
    expect(a.json<{ code: string }>().code).toMatch(/^XQ-\d{4}-\d{5}$/);
    const b = await fengmu.post(`${v1}/demands`, { ...demand, title: '饲料纤维原料', minGrade: 'B', prices: { B: 260 }, capacityPerMonth: 30 });
    fengmuDemand = b.json<{ id: string }>().id;
    const bad = expectProblem(await fengmu.post(`${v1}/demands`, { ...demand, minGrade: 'A', prices: { C: 100 } }), 400, 'validation');
    expect(bad.errors![0]!.field).toBe('prices');
    expectProblem(await fengmu.post(`${v1}/demands`, { ...demand, accepts: ['wood'] }), 400, 'validation');
    const market = (await shaodu.get(`${v1}/demands`)).json<{ total: number }>();
    expect(market.total).toBe(2);
  });

  let fengmuProposal: string;
  let lvyuanProposal: string;
  it('matches the park’s open market by delivered value and stores proposals with their explanations', async () => {
    expectProblem(await huatuo.post(`${v1}/match`, {}), 403, 'forbidden');
    const run = await park.post(`${v1}/match`, {});
    expect(run.statusCode).toBe(201);
    const r = run.json<{ proposals: number; objective: number; listings: number; demands: number }>();
    expect(r).toMatchObject({ proposals: 2, listings: 1, demands: 2 });

    const inbox = (await huatuo.get(`${v1}/proposals`)).json<{ items: (Json & { id: string; demand: { id: string }; tonnes: number; valuePerTonne: number; distanceKm: number; transportCostPerTonne: number; suggestedPrice: number; alternative: { valueLost: number; listingPartners: { code: string; tonnes: number }[] } })[] }>();
    expect(inbox.items).toHaveLength(2);
    const toFengmu = inbox.items.find((p) => p.demand.id === fengmuDemand)!;
    const toLvyuan = inbox.items.find((p) => p.demand.id === lvyuanDemand)!;
    fengmuProposal = toFengmu.id;
    lvyuanProposal = toLvyuan.id;
    // Fengmu pays more for grade B: it gets its whole capacity, the rest goes to Lvyuan.
    expect(toFengmu.tonnes).toBeCloseTo(30, 9);
    expect(toLvyuan.tonnes).toBeCloseTo(30, 9);
    expect(toFengmu.valuePerTonne).toBeCloseTo(260 - 50 - toFengmu.transportCostPerTonne, 9);
    expect(toFengmu.transportCostPerTonne).toBeCloseTo(toFengmu.distanceKm * 0.5, 9);
    expect(toFengmu.suggestedPrice).toBeCloseTo(50 + toFengmu.valuePerTonne / 2, 9);
    expect(r.objective).toBeCloseTo(30 * toFengmu.valuePerTonne + 30 * toLvyuan.valuePerTonne, 6);
    // Without the Fengmu pair the listing sends 40 t (Lvyuan's capacity) there and loses value.
    expect(toFengmu.alternative.listingPartners).toEqual([expect.objectContaining({ tonnes: 40 })]);
    expect(toFengmu.alternative.valueLost).toBeGreaterThan(0);
    expect(toFengmu).toMatchObject({ status: 'pending', myRoles: ['seller'], per: 'month', grade: 'B' });

    // Nobody else reads them.
    expect((await shaodu.get(`${v1}/proposals/${fengmuProposal}`)).statusCode).toBe(404);
    expect((await shaodu.get(`${v1}/proposals`)).json<{ total: number }>().total).toBe(0);
  });

  it('a decline excludes the pair and re-optimises the pending proposals; a side decides for itself only', async () => {
    // A firm that is not a side does not even see the proposal.
    expectProblem(await lvyuan.post(`${v1}/proposals/${fengmuProposal}/accept`, {}), 404, 'not_found');
    // A side decides for itself only.
    expectProblem(await huatuo.post(`${v1}/proposals/${fengmuProposal}/accept`, { side: 'buyer' }), 403, 'forbidden');
    const declined = await lvyuan.post(`${v1}/proposals/${lvyuanProposal}/decline`, { note: '本月产能已满' });
    expect(declined.statusCode).toBe(200);
    const d = declined.json<{ proposal: { status: string; buyerDecision: string }; reoptimised: { kind: string; proposals: number; superseded: number } }>();
    expect(d.proposal).toMatchObject({ status: 'declined', buyerDecision: 'declined' });
    // The Fengmu proposal is repeated unchanged (kept), the declined pair is not proposed again.
    expect(d.reoptimised).toMatchObject({ kind: 'reoptimise', proposals: 1, superseded: 0 });
    const open = (await huatuo.get(`${v1}/proposals`)).json<{ items: { id: string }[] }>();
    expect(open.items.map((p) => p.id)).toEqual([fengmuProposal]);
    expectProblem(await lvyuan.post(`${v1}/proposals/${lvyuanProposal}/accept`, {}), 409, 'illegal_transition');
  });

  let contractId: string;
  it('both sides accept: a contract with its monthly delivery schedule exists; the listing can no longer be edited', async () => {
    const first = (await huatuo.post(`${v1}/proposals/${fengmuProposal}/accept`, {})).json<{ proposal: { status: string; sellerDecision: string }; contractId: string | null }>();
    expect(first).toMatchObject({ proposal: { status: 'pending', sellerDecision: 'accepted' }, contractId: null });
    expectProblem(await huatuo.post(`${v1}/proposals/${fengmuProposal}/accept`, {}), 409, 'illegal_transition');
    const second = (await fengmu.post(`${v1}/proposals/${fengmuProposal}/accept`, {})).json<{ proposal: { status: string }; contractId: string }>();
    expect(second.proposal.status).toBe('contracted');
    contractId = second.contractId;

    const c = (await fengmu.get(`${v1}/contracts/${contractId}`)).json<Json & { deliveries: { seq: number; plannedOn: string; plannedTonnes: number; status: string }[]; number: string }>();
    expect(c.number).toMatch(/^HT-\d{4}-\d{5}$/);
    expect(c).toMatchObject({ kind: 'bilateral', source: 'proposal', status: 'active', grade: 'B', startsOn: start, endsOn: end, seller: { code: 'BZ-MFR-HUATUO' }, buyer: { code: 'BZ-UTL-FENGMU' } });
    expect(c.deliveries.length).toBe(3);
    expect(c.deliveries.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(c.deliveries[0]).toMatchObject({ plannedOn: start, status: 'planned' });
    expect(c.deliveries.every((x) => Math.abs(x.plannedTonnes - 30) < 1e-9)).toBe(true);
    expect(c.tonnes).toBeCloseTo(90, 9);
    expect((await shaodu.get(`${v1}/contracts/${contractId}`)).statusCode).toBe(404);

    const edit = expectProblem(await huatuo.patch(`${v1}/listings/${listingId}`, { reservePrice: 80 }), 409, 'conflict');
    expect(edit.errors![0]).toMatchObject({ code: 'exchange.listingCommitted' });
    expect((await huatuo.get(`${v1}/listings/${listingId}`)).json()).toMatchObject({ committedTonnes: 30, reservePrice: 50 });
  });

  it('the receiving side records a delivery (tonnes received, date); the seller may not', async () => {
    expectProblem(await huatuo.post(`${v1}/contracts/${contractId}/deliveries/1/delivered`, { deliveredTonnes: 29.5, deliveredOn: start }), 403, 'forbidden');
    const bad = expectProblem(await fengmu.post(`${v1}/contracts/${contractId}/deliveries/1/delivered`, { deliveredTonnes: -1, deliveredOn: start }), 400, 'validation');
    expect(bad.errors![0]!.field).toBe('body.deliveredTonnes');
    const ok = (await fengmu.post(`${v1}/contracts/${contractId}/deliveries/1/delivered`, { deliveredTonnes: 29.5, deliveredOn: start })).json<{ totals: Json; deliveries: Json[] }>();
    expect(ok.totals).toMatchObject({ deliveredTonnes: 29.5, delivered: 1, deliveries: 3 });
    expect(ok.deliveries[0]).toMatchObject({ status: 'delivered', deliveredTonnes: 29.5, deliveredOn: start });
    expectProblem(await fengmu.post(`${v1}/contracts/${contractId}/deliveries/1/delivered`, { deliveredTonnes: 1, deliveredOn: start }), 409, 'illegal_transition');
    // The seller's members were told in their inbox; the recording user was not told of their own act.
    const told = await t.db.selectFrom('notifications').select(['event', 'organisation_id']).where('event', '=', 'exchange.delivery.recorded').execute();
    const huatuoId = (await t.db.selectFrom('organisations').select('id').where('code', '=', 'BZ-MFR-HUATUO').executeTakeFirstOrThrow()).id;
    expect(told.some((n) => n.organisation_id === huatuoId)).toBe(true);
  });

  it('a service provider collects from several firms under one price schedule; a loop back to the generating firm is counted', async () => {
    const body = {
      clients: [
        { organisation: 'BZ-MFR-HUATUO', tonnesPerMonth: 20, loopBack: true, stream: streamId },
        { organisation: 'BZ-MFR-SHAODU', tonnesPerMonth: 8 },
      ],
      priceSchedule: [
        { upToTonnesPerMonth: 10, pricePerTonne: 120 },
        { upToTonnesPerMonth: null, pricePerTonne: 90 },
      ],
      pricePayer: 'seller',
      loadType: 'bulk',
      deliveryTerms: 'ex-works',
      startsOn: start,
      endsOn: day(60),
      loopProduct: '药渣有机肥（返还华佗本草基地）',
    };
    expectProblem(await qingyuan.post(`${v1}/contracts/service`, { ...body, loopProduct: undefined }), 400, 'validation');
    const badTiers = expectProblem(await qingyuan.post(`${v1}/contracts/service`, { ...body, priceSchedule: [{ upToTonnesPerMonth: null, pricePerTonne: 1 }, { upToTonnesPerMonth: 5, pricePerTonne: 2 }] }), 400, 'validation');
    expect(badTiers.errors![0]!.field).toMatch(/^priceSchedule\[\d\]\.upToTonnesPerMonth$/);
    const res = await qingyuan.post(`${v1}/contracts/service`, body);
    expect(res.statusCode).toBe(201);
    const c = res.json<{ id: string; kind: string; seller: null; parties: { organisation: { code: string }; loopBack: boolean }[]; deliveries: { from: { code: string } }[] }>();
    expect(c).toMatchObject({ kind: 'service', seller: null, loopBack: true, buyer: { code: 'BZ-SVC-QINGYUAN' } });
    expect(c.parties.map((p) => [p.organisation.code, p.loopBack])).toEqual([
      ['BZ-MFR-HUATUO', true],
      ['BZ-MFR-SHAODU', false],
    ]);
    expect(new Set(c.deliveries.map((d) => d.from.code))).toEqual(new Set(['BZ-MFR-HUATUO', 'BZ-MFR-SHAODU']));
    const mine = (await shaodu.get(`${v1}/contracts`)).json<{ items: { id: string }[]; loops: { contracts: number; parties: number } }>();
    expect(mine.items.map((x) => x.id)).toEqual([c.id]);
    expect(mine.loops).toMatchObject({ contracts: 1, parties: 1 });
    expectProblem(await huatuo.post(`${v1}/contracts/service`, { ...body, provider: 'BZ-SVC-QINGYUAN' }), 403, 'forbidden');
  });

  it('closing a demand lets its pending proposals lapse; the park administration sees its park’s proposals', async () => {
    const parkView = (await park.get(`${v1}/proposals?status=all`)).json<{ total: number }>();
    expect(parkView.total).toBeGreaterThanOrEqual(2);
    const closed = await lvyuan.post(`${v1}/demands/${lvyuanDemand}/close`);
    expect(closed.json()).toMatchObject({ status: 'closed' });
    expectProblem(await lvyuan.post(`${v1}/demands/${lvyuanDemand}/close`), 409, 'illegal_transition');
  });

  it('the listing-close job closes listings whose window ended, once per slot in the cluster; their pending proposals lapse', async () => {
    // A lot whose window ended yesterday (written as it stood then), with a pending proposal on it.
    const ended = await huatuo.post(`${v1}/listings`, listing({ quantityKind: 'one-off', tonnes: 1, windowStart: day(300), windowEnd: day(301) }));
    expect(ended.statusCode, ended.body).toBe(201);
    const endedId = ended.json<{ id: string }>().id;
    await t.db.updateTable('exchange_listings').set({ window_start: day(-3), window_end: day(-1) }).where('id', '=', endedId).execute();
    const run = await t.db.selectFrom('exchange_match_runs').select('id').limit(1).executeTakeFirstOrThrow();
    const [seller, buyer] = await Promise.all(['BZ-MFR-HUATUO', 'BZ-UTL-FENGMU'].map(async (c) => (await t.db.selectFrom('organisations').select('id').where('code', '=', c).executeTakeFirstOrThrow()).id));
    const demand = await t.db.selectFrom('exchange_demands').select('id').where('organisation_id', '=', buyer!).limit(1).executeTakeFirstOrThrow();
    const proposal = await t.db
      .insertInto('exchange_proposals')
      .values({ run_id: run.id, listing_id: endedId, demand_id: demand.id, seller_organisation_id: seller!, buyer_organisation_id: buyer!, tonnes: 1, grade: 'B', price_offered: 300, distance_km: 10, transport_cost_per_tonne: 5, value_per_tonne: 100, suggested_price: 100, alternative: JSON.stringify({ objective: 0, valueLost: 0, listingPartners: [], demandPartners: [] }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { listingCloseJob } = await import('./index');
    const { runJobSlot, slotStart } = await import('../../platform/jobs');
    const job = listingCloseJob(900_000);
    const slot = slotStart(job.everyMs, Date.now());
    const runs = await Promise.all([runJobSlot(t.db, job, slot, 'test/1'), runJobSlot(t.db, job, slot, 'test/2')]);
    expect(runs.sort()).toEqual(['ran', 'taken']);
    const after = await t.db.selectFrom('exchange_listings').select('status').where('id', '=', endedId).executeTakeFirstOrThrow();
    expect(after.status).toBe('closed');
    expect((await t.db.selectFrom('exchange_proposals').select('status').where('id', '=', proposal.id).executeTakeFirstOrThrow()).status).toBe('superseded');
    const audits = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'exchange_listing.close').where('entity_id', '=', endedId).execute();
    expect(audits).toHaveLength(1);
    // Listings still running stay open.
    const open = await t.db.selectFrom('exchange_listings').select('id').where('status', '=', 'open').where('window_end', '>=', day(0)).execute();
    expect(open.length).toBeGreaterThan(0);
  });

  it('offers the park administration the firms that delegated listing to it, for the forms’ “on behalf of” picker', async () => {
    const huatuoId = (await t.db.selectFrom('organisations').select('id').where('code', '=', 'BZ-MFR-HUATUO').executeTakeFirstOrThrow()).id;
    const parkId = (await t.db.selectFrom('organisations').select('id').where('code', '=', 'BZ-PARK-ADMIN').executeTakeFirstOrThrow()).id;
    expect((await park.get(`${v1}/grantors`)).json()).toEqual({ items: [] });
    const granted = await huatuo.post(`/api/v1/organisations/${huatuoId}/delegations`, { granteeId: parkId, scopes: ['exchange.list'], note: '园区代为挂牌' });
    expect(granted.statusCode, granted.body).toBe(201);
    const offered = (await park.get(`${v1}/grantors?scope=exchange.list`)).json<{ items: { delegationId: string; organisation: { id: string; nameZh: string } }[] }>();
    expect(offered.items.map((g) => [g.delegationId, g.organisation.id])).toEqual([[granted.json<{ id: string }>().id, huatuoId]]);
    expect(offered.items[0]!.organisation.nameZh).toContain('华佗');
    // The grant covers listing only, and other organisations are offered nothing.
    expect((await park.get(`${v1}/grantors?scope=exchange.trade`)).json()).toEqual({ items: [] });
    expect((await lvyuan.get(`${v1}/grantors`)).json()).toEqual({ items: [] });
    expectProblem(await park.get(`${v1}/grantors?scope=manifests.sign`), 400, 'validation');
  });
});
