import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import ExcelJS from 'exceljs';
import type { EvaluationView, GapsView, MapView } from './symbiosis.schema';

const base = '/api/v1/symbiosis';
const PARK = 'BZ-TCM-PARK';

/** PUT through the app with the client's session (the test client has no put). */
async function put(t: TestApp, client: TestClient, url: string, body: unknown) {
  return t.app.inject({ method: 'PUT', url, payload: body as Record<string, unknown>, headers: { cookie: client.cookie ?? '', 'x-csrf-token': client.csrf ?? '' } });
}

describe.each(backends)('symbiosis API (%s)', (kind) => {
  let t: TestApp;
  let park: TestClient;
  let year: number;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['byproducts', 'exchange', 'symbiosis'] });
    park = await t.login('park');
    year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() - 1;
  }, 300_000);
  afterAll(async () => t?.close());

  it('shows the park administration the whole network of the demo park with its figures', async () => {
    const res = await park.get(`${base}/parks/${PARK}/map?year=${year}`);
    expect(res.statusCode, res.body).toBe(200);
    const map = res.json<MapView>();
    expect(map.access).toBe('full');
    // Both city nodes of the demo, on their coordinates.
    expect(map.nodes.filter((n) => n.kind === 'sewage-works' || n.kind === 'district-heating')).toHaveLength(2);
    expect(map.nodes.filter((n) => n.kind === 'firm' && n.inside).every((n) => n.lat !== null && n.lon !== null)).toBe(true);
    // Planned and actual material flows apart; energy and water declared.
    const kinds = new Set(map.flows.map((f) => `${f.kind}/${f.basis}`));
    for (const k of ['material/planned', 'material/actual', 'energy/actual', 'water/actual']) expect(kinds).toContain(k);
    const energy = map.figures.find((f) => f.kind === 'energy' && f.basis === 'actual')!;
    // Zhaoneng → heat network, Zhaoneng → Guohe: three inside nodes touched, two links.
    expect(energy.links).toBe(2);
    expect(energy.unit).toBe('MWh');
    expect(energy.localOutletShare).toBe(1);
    const material = map.figures.find((f) => f.kind === 'material' && f.basis === 'actual')!;
    expect(material.links).toBeGreaterThan(3);
    expect(material.connectance).toBeCloseTo(material.links / (material.nodes * (material.nodes - 1)), 12);
    expect(material.linkDensity).toBeCloseTo(material.links / material.nodes, 12);
    // Totals add the flows up.
    const sum = map.flows.filter((f) => f.kind === 'water' && f.basis === 'actual').reduce((a, f) => a + f.quantity, 0);
    expect(map.totals.find((x) => x.kind === 'water' && x.basis === 'actual')!.quantity).toBeCloseTo(sum, 6);
    expect(map.regionParks.map((p) => p.code)).toContain('GY-BIO-PARK');
  });

  it('shows another park’s administration aggregates and the firms that share only', async () => {
    const other = await t.login('park2');
    const res = await other.get(`${base}/parks/${PARK}/map?year=${year}`);
    expect(res.statusCode, res.body).toBe(200);
    const map = res.json<MapView>();
    expect(map.access).toBe('aggregate');
    const firms = map.nodes.filter((n) => n.kind === 'firm');
    expect(firms.map((n) => n.code)).toEqual(['BZ-UTL-LVYUAN']);
    expect(map.flows.every((f) => f.from === null || !f.from.startsWith('org:') || firms.some((n) => n.id === f.from))).toBe(true);
    // The figures are aggregates and the same as the park's own.
    const full = (await park.get(`${base}/parks/${PARK}/map?year=${year}`)).json<MapView>();
    expect(map.figures).toEqual(full.figures);
    expect(map.perNode.every((p) => !p.id.startsWith('org:') || firms.some((n) => n.id === p.id))).toBe(true);
    // A firm of the park sees its own flows.
    const yaodu = (await (await t.login('yaodu')).get(`${base}/parks/${PARK}/map?year=${year}`)).json<MapView>();
    expect(yaodu.access).toBe('own');
    expect(yaodu.nodes.some((n) => n.code === 'BZ-MFR-YAODU')).toBe(true);
    expect(yaodu.flows.filter((f) => f.source === 'declared' && f.kind === 'material')).toHaveLength(1);
    // Its partners are drawn, but only its own firm's totals are given.
    const ownId = yaodu.nodes.find((n) => n.code === 'BZ-MFR-YAODU')!.id;
    expect(yaodu.perNode.filter((p) => p.id.startsWith('org:')).every((p) => p.id === ownId || p.id === firms[0]!.id)).toBe(true);
    // Anonymous callers see nothing.
    expect((await t.anonymous().get(`${base}/parks/${PARK}/map`)).statusCode).toBe(401);
  });

  it('evaluates the park over two years from platform data and entered values, with sources', async () => {
    const res = await park.get(`${base}/parks/${PARK}/evaluation?from=${year - 1}&to=${year}`);
    expect(res.statusCode, res.body).toBe(200);
    const ev = res.json<EvaluationView>();
    expect(ev.years).toEqual([year - 1, year]);
    const hj = ev.systems.find((s) => s.code === 'HJ274')!;
    expect(hj.indicators.every((d) => d.verified === false)).toBe(true);
    const water = hj.indicators.find((d) => d.code === 'water-reuse-rate')!;
    expect(water.scores.map((s) => s.value)).toEqual([71, 78]);
    expect(water.scores.map((s) => s.meetsThreshold)).toEqual([false, true]);
    expect(water.scores[0]!.source).toContain('水平衡');
    const own = ev.systems.find((s) => s.code === 'HERBLOOP-PARK')!;
    const util = own.indicators.find((d) => d.code === 'byproduct-utilisation-rate')!;
    expect(util.scores[0]!.origin).toBe('computed');
    expect(util.scores[0]!.value).toBeGreaterThan(0);
    expect(own.indicators.find((d) => d.code === 'energy-cascade-share')!.scores[1]!.value).toBeCloseTo(100, 9);
    expect(ev.comparison.map((c) => c.park.code)).toEqual(['GY-BIO-PARK']);
  });

  it('lists chain gaps and an attraction list naming kinds of firm with tonnes and value, exported as .xlsx', async () => {
    const res = await park.get(`${base}/parks/${PARK}/gaps?year=${year}`);
    expect(res.statusCode, res.body).toBe(200);
    const gaps = res.json<GapsView>();
    expect(gaps.gaps.length).toBeGreaterThan(0);
    for (const g of gaps.gaps) expect(g.gapTonnes).toBeCloseTo(g.tonnesPerYear - g.outletTonnes, 6);
    expect(gaps.attractions.length).toBeGreaterThan(0);
    const first = gaps.attractions[0]!;
    expect(first.rank).toBe(1);
    expect(first.utiliserName.zh.length).toBeGreaterThan(0);
    expect(first.capacityTonnesPerYear).toBeCloseTo(first.streams.reduce((a, s) => a + s.tonnes, 0), 6);
    expect(Number.isFinite(first.netValuePerYear)).toBe(true);

    const file = await park.get(`${base}/parks/${PARK}/gaps/export?year=${year}&format=xlsx`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(gaps.attractions.length + 1);
    expect(sheet.getRow(1).getCell(2).text).toContain('招引企业类型');
    expect(sheet.getRow(2).getCell(2).text).toContain(first.utiliserName.zh);
    expect((await (await t.login('park2')).get(`${base}/parks/${PARK}/gaps`)).statusCode).toBe(403);
    expect((await park.get(`${base}/parks/${PARK}/gaps/export?format=pdf`)).statusCode).toBe(400);
  });

  it('stops the largest manufacturer: a cascade with lost outlets and alternatives from the exchange; criticality ranks every firm', async () => {
    const crit = await park.get(`${base}/parks/${PARK}/criticality?year=${year}`);
    expect(crit.statusCode, crit.body).toBe(200);
    const ranking = crit.json<{ items: { firm: { code: string }; displacedTonnes: number; stoppedCount: number }[] }>().items;
    expect(ranking.length).toBeGreaterThan(5);
    for (let k = 1; k < ranking.length; k++) expect(ranking[k - 1]!.displacedTonnes).toBeGreaterThanOrEqual(ranking[k]!.displacedTonnes);
    // The largest manufacturer by planned by-product tonnes sent.
    const map = (await park.get(`${base}/parks/${PARK}/map?year=${year}`)).json<MapView>();
    const sent = new Map<string, number>();
    for (const f of map.flows.filter((x) => x.kind === 'material' && x.basis === 'planned' && x.from)) sent.set(f.from!, (sent.get(f.from!) ?? 0) + f.quantity);
    const largest = map.nodes.filter((n) => n.organisationType === 'manufacturer' && n.inside).sort((a, b) => (sent.get(b.id) ?? 0) - (sent.get(a.id) ?? 0))[0]!;
    const res = await park.post(`${base}/parks/${PARK}/stop`, { firms: [largest.code], year });
    expect(res.statusCode, res.body).toBe(200);
    const stop = res.json<{ stopped: { code: string }[]; displacedTonnes: number; affected: { firm: { code: string }; lostOutletT: number; lostInputT: number }[]; alternatives: { lost: string; tonnes: number; options: { deliveredValuePerTonne: number }[] }[] }>();
    expect(stop.stopped[0]!.code).toBe(largest.code);
    expect(stop.displacedTonnes).toBeGreaterThan(0);
    // Its buyers lose inputs.
    expect(stop.affected.some((a) => a.lostInputT > 0)).toBe(true);
    expect(ranking.find((r) => r.firm.code === largest.code)!.displacedTonnes).toBeCloseTo(stop.displacedTonnes, 6);
    // Its buyers run on and are offered replacement supplies from the exchange.
    expect(stop.alternatives.some((a) => a.lost === 'input' && a.options.length > 0)).toBe(true);
    for (const a of stop.alternatives) {
      for (let k = 1; k < a.options.length; k++) expect(a.options[k - 1]!.deliveredValuePerTonne).toBeGreaterThanOrEqual(a.options[k]!.deliveredValuePerTonne);
    }
    // Bad input and policy.
    expect((await park.post(`${base}/parks/${PARK}/stop`, { firms: [] })).statusCode).toBe(400);
    const foreign = await park.post(`${base}/parks/${PARK}/stop`, { firms: ['GY-PARK-ADMIN'] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('firms[0]');
    expect((await (await t.login('park2')).post(`${base}/parks/${PARK}/stop`, { firms: [largest.code] })).statusCode).toBe(403);
    expect((await (await t.login('huatuo')).get(`${base}/parks/${PARK}/criticality`)).statusCode).toBe(403);
  });

  it('lets the park administration declare nodes, flows and values; refuses others and bad input', async () => {
    const node = await park.post(`${base}/parks/${PARK}/nodes`, { kind: 'kiln-co-processing', nameZh: '海螺水泥窑协同处置', nameEn: 'Conch kiln co-processing', lat: 33.9, lon: 115.9 });
    expect(node.statusCode, node.body).toBe(201);
    const flow = await park.post(`${base}/parks/${PARK}/flows`, { year, kind: 'material', from: { organisation: 'BZ-MFR-GUOHE' }, to: { node: node.json<{ id: string }>().id }, quantity: 120, carrier: 'sludge' });
    expect(flow.statusCode, flow.body).toBe(201);
    expect(flow.json<{ unit: string }>().unit).toBe('t');

    const bad = await park.post(`${base}/parks/${PARK}/flows`, { year, kind: 'heat', from: null, to: null, quantity: -1, carrier: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const outside = await park.post(`${base}/parks/${PARK}/flows`, { year, kind: 'water', from: null, to: null, quantity: 5, carrier: 'x' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('to');
    const foreign = await park.post(`${base}/parks/${PARK}/flows`, { year, kind: 'water', from: null, to: { organisation: 'GY-PARK-ADMIN' }, quantity: 5, carrier: 'x' });
    expect(foreign.statusCode).toBe(400);
    expect((await park.get(`${base}/parks/NO-SUCH-PARK/map`)).statusCode).toBe(404);

    const firm = await t.login('huatuo');
    expect((await firm.post(`${base}/parks/${PARK}/nodes`, { kind: 'landfill', nameZh: '填埋场', nameEn: 'Landfill', lat: 33.8, lon: 115.8 })).statusCode).toBe(403);
    const other = await t.login('park2');
    const value = { system: 'HJ274', indicator: 'water-reuse-rate', subjectType: 'park', subject: PARK, year, value: 80, source: '测试' };
    expect((await put(t, other, `${base}/values`, value)).statusCode).toBe(403);
    const ok = await put(t, park, `${base}/values`, value);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await put(t, park, `${base}/values`, { ...value, indicator: 'no-such' })).statusCode).toBe(400);
    expect((await put(t, park, `${base}/firms/BZ-MFR-HUATUO/settings`, { stopThreshold: 0, shareWithOtherParks: false })).statusCode).toBe(400);
    expect((await put(t, park, `${base}/firms/BZ-MFR-HUATUO/settings`, { stopThreshold: 0.6, shareWithOtherParks: false })).statusCode).toBe(200);
    expect((await put(t, other, `${base}/firms/BZ-MFR-HUATUO/settings`, { stopThreshold: 0.6, shareWithOtherParks: false })).statusCode).toBe(403);
  });
});
