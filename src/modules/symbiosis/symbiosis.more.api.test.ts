import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import ExcelJS from 'exceljs';
import type { EvaluationView, MapView } from './symbiosis.schema';

const base = '/api/v1/symbiosis';

/** PUT through the app with the client's session (the test client has no put). */
const put = (t: TestApp, client: TestClient, url: string, body: unknown) =>
  t.app.inject({ method: 'PUT', url, payload: body as Record<string, unknown>, headers: { cookie: client.cookie ?? '', 'x-csrf-token': client.csrf ?? '' } });
const PARK = 'BZ-TCM-PARK';

describe.each(backends)('symbiosis API: manifests, filters, chains (%s)', (kind) => {
  let t: TestApp;
  let park: TestClient;
  let year: number;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['byproducts', 'exchange', 'manifests', 'symbiosis'] });
    park = await t.login('park');
    year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  }, 600_000);
  afterAll(async () => t?.close());

  const mapOf = async (query: string) => {
    const res = await park.get(`${base}/parks/${PARK}/map?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<MapView>();
  };

  it('shows the received manifests as actual flows, apart from the planned ones', async () => {
    // The demo's loads span two years: last year's and this year's (China time), received less refused per pair.
    const maps = [await mapOf(`year=${year - 1}`), await mapOf(`year=${year}`)];
    const code = (map: MapView, id: string | null) => map.nodes.find((n) => n.id === id)?.code;
    const { rows: received } = await sql<{ from: string; to: string; tonnes: string }>`
      select g.code as from, r.code as to, sum(l.received - coalesce(l.refused, 0))::text as tonnes
      from manifests m join manifest_lines l on l.manifest_id = m.id
      join organisations g on g.id = m.generator_id join organisations r on r.id = m.receiver_id
      join manifest_events e on e.manifest_id = m.id and e.kind = 'received'
      where l.received is not null and m.status in ('received', 'processed', 'closed') and (g.park_id is not null or r.park_id is not null)
        and extract(year from (e.at at time zone 'UTC') + interval '8 hours') >= ${year - 1}
      group by 1, 2`.execute(t.db);
    expect(received.length).toBeGreaterThan(10);
    for (const r of received) {
      const tonnes = maps.flatMap((m) => m.flows.filter((f) => f.source === 'manifest' && code(m, f.from) === r.from && code(m, f.to) === r.to)).reduce((a, f) => a + f.quantity, 0);
      expect(tonnes, `${r.from} → ${r.to}`).toBeCloseTo(Number(r.tonnes), 3);
    }
    // Only received loads count, as actual flows (refused whole and returned, or still on the road: nothing).
    for (const m of maps) expect(m.flows.every((f) => f.source !== 'manifest' || f.basis === 'actual')).toBe(true);
  });

  it('filters by herb, class and mode, and gives the three chains with their figures', async () => {
    const all = await mapOf(`year=${year - 1}`);
    expect(all.filters.applied).toEqual({ herb: null, class: null, mode: null, chain: null });
    expect(all.filters.herbs.length).toBeGreaterThan(0);
    expect(all.filters.classes.length).toBeGreaterThan(0);
    expect(all.filters.modes).toContain('disposal');

    const herb = all.filters.herbs[0]!;
    const byHerb = await mapOf(`year=${year - 1}&herb=${encodeURIComponent(herb)}`);
    expect(byHerb.filters.applied.herb).toBe(herb);
    expect(byHerb.flows.length).toBeGreaterThan(0);
    expect(byHerb.flows.every((f) => f.herb === herb)).toBe(true);
    expect(byHerb.flows.length).toBe(all.flows.filter((f) => f.herb === herb).length);

    const cls = all.filters.classes[0]!;
    const byClass = await mapOf(`year=${year - 1}&class=${encodeURIComponent(cls)}`);
    expect(byClass.flows.every((f) => f.class === cls)).toBe(true);
    const byMode = await mapOf(`year=${year - 1}&mode=disposal`);
    expect(byMode.flows.length).toBeGreaterThan(0);
    expect(byMode.flows.every((f) => f.mode === 'disposal')).toBe(true);

    // Chains: the ecological layer is exactly the disposed material; its figures add up.
    const planned = all.chains.find((c) => c.basis === 'planned')!;
    const eco = await mapOf(`year=${year - 1}&chain=ecological`);
    expect(eco.flows.every((f) => f.chains.includes('ecological'))).toBe(true);
    const disposed = eco.flows.filter((f) => f.kind === 'material' && f.basis === 'planned').reduce((a, f) => a + f.quantity, 0);
    expect(planned.ecological.disposedT).toBeCloseTo(disposed, 6);
    expect(planned.ecological.byHandling.reduce((a, h) => a + h.share, 0)).toBeCloseTo(1, 9);
    const reused = all.flows.filter((f) => f.kind === 'material' && f.basis === 'planned' && f.chains.includes('resource')).reduce((a, f) => a + f.quantity, 0);
    expect(planned.resource.reusedT).toBeCloseTo(reused, 6);
    expect(planned.ecological.diversionRate).toBeCloseTo(reused / (reused + disposed), 9);
    const value = await mapOf(`year=${year - 1}&chain=value`);
    expect(value.flows.every((f) => f.chains.includes('value'))).toBe(true);
    expect(planned.value.pricedT).toBeCloseTo(value.flows.filter((f) => f.basis === 'planned').reduce((a, f) => a + f.quantity, 0), 6);

    // Bad filters name the field.
    const bad = await park.get(`${base}/parks/${PARK}/map?mode=compost`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('query.mode');
  });

  it('shocks: a herb shortage halts the manufacturers whose formulas use the herb, a price fall the maker; outlets in other parks named only when shared', async () => {
    // The herb catalogue comes with the supply demo, too slow to load here: one herb row as the
    // fixture. Then 华佗 imports a formula of its own with it (formulas of no firm halt nobody).
    await t.db.insertInto('herbs').values({ code: 'DANSHEN', name_zh: '丹参', pinyin: 'danshen', category: 'root', cultivation: 'cultivated' }).execute();
    const maker = await t.login('huatuo');
    const csv = 'code,name_zh,dosage_form,batch_yield,batch_unit,pack_size,price_cap,herb,amount\nHT-SYM,华佗丹参片,tablet,1000,片,48,30,丹参,500\n';
    const imported = await t.app.inject({ method: 'POST', url: '/api/v1/supply/formulas/import', payload: csv, headers: { 'content-type': 'text/csv', cookie: maker.cookie ?? '', 'x-csrf-token': maker.csrf ?? '' } });
    expect(imported.statusCode, imported.body).toBe(200);

    type ShockFirm = { code: string; formulas: string[]; lostRevenueShare: number | null; threshold: number };
    type Stop = { shocks: { kind: string; subject: string; halted: ShockFirm[]; spared: ShockFirm[] }[]; stopped: { code: string }[]; alternatives: { options: { counterpart: { code: string } | null; park: { code: string } | null; otherPark: boolean }[] }[] };
    const shortage = await park.post(`${base}/parks/${PARK}/stop`, { herbShortage: { herb: '丹参' }, year: year - 1 });
    expect(shortage.statusCode, shortage.body).toBe(200);
    const s = shortage.json<Stop>();
    expect(s.shocks).toEqual([{ kind: 'herb-shortage', subject: '丹参', halted: [expect.objectContaining({ code: 'BZ-MFR-HUATUO', formulas: ['HT-SYM'], lostRevenueShare: null })], spared: [] }]);
    expect(s.stopped[0]!.code).toBe('BZ-MFR-HUATUO');
    // The fall decides: HT-SYM is 华佗's only formula, so a fall of 40 % costs it 40 % of its
    // revenue, within its default threshold of 50 %: it runs on, nobody stops.
    const stopOn = async (fall: number) => {
      const res = await park.post(`${base}/parks/${PARK}/stop`, { priceFall: { product: 'HT-SYM', fall }, year: year - 1 });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Stop>();
    };
    const mild = await stopOn(0.4);
    expect(mild.shocks).toEqual([{ kind: 'price-fall', subject: 'HT-SYM', halted: [], spared: [expect.objectContaining({ code: 'BZ-MFR-HUATUO', lostRevenueShare: 0.4, threshold: 0.5 })] }]);
    expect(mild.stopped).toEqual([]);
    // Named by its name, as a park office knows the product: the same makers and shares.
    const byName = await park.post(`${base}/parks/${PARK}/stop`, { priceFall: { product: '华佗丹参片', fall: 0.4 }, year: year - 1 });
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json<Stop>().shocks[0]!.spared).toEqual(mild.shocks[0]!.spared);
    // 60 % is above the threshold: 华佗 stops and the same cascade follows as for the shortage.
    const fall = await stopOn(0.6);
    expect(fall.shocks[0]!.halted).toEqual([expect.objectContaining({ code: 'BZ-MFR-HUATUO', lostRevenueShare: 0.6, threshold: 0.5 })]);
    expect(fall.shocks[0]!.spared).toEqual([]);
    expect(fall.stopped.map((f) => f.code)).toEqual(s.stopped.map((f) => f.code));
    // A second product of 华佗 halves the weight of HT-SYM: 60 % now costs it 30 %, it runs on;
    // with its stop threshold lowered to 25 % by the park, the same fall stops it again.
    const csv2 = 'code,name_zh,dosage_form,batch_yield,batch_unit,pack_size,price_cap,herb,amount\nHT-SYM2,华佗丹参胶囊,capsule,1000,粒,36,25,丹参,400\n';
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/supply/formulas/import', payload: csv2, headers: { 'content-type': 'text/csv', cookie: maker.cookie ?? '', 'x-csrf-token': maker.csrf ?? '' } });
    expect(second.statusCode, second.body).toBe(200);
    const halved = await stopOn(0.6);
    expect(halved.shocks[0]!.spared).toEqual([expect.objectContaining({ code: 'BZ-MFR-HUATUO', lostRevenueShare: 0.3, threshold: 0.5 })]);
    expect(halved.stopped).toEqual([]);
    const settings = await put(t, park, `${base}/firms/BZ-MFR-HUATUO/settings`, { stopThreshold: 0.25, shareWithOtherParks: false });
    expect(settings.statusCode, settings.body).toBe(200);
    const fragile = await stopOn(0.6);
    expect(fragile.shocks[0]!.halted).toEqual([expect.objectContaining({ code: 'BZ-MFR-HUATUO', lostRevenueShare: 0.3, threshold: 0.25 })]);
    expect(fragile.stopped[0]!.code).toBe('BZ-MFR-HUATUO');
    expect((await put(t, park, `${base}/firms/BZ-MFR-HUATUO/settings`, { stopThreshold: 0.5, shareWithOtherParks: false })).statusCode).toBe(200);
    // Every option says its park; a firm of another park that does not share stays unnamed.
    for (const a of [...s.alternatives, ...fall.alternatives]) for (const o of a.options) if (o.otherPark && o.counterpart !== null) expect(o.park).not.toBeNull();
    const options = s.alternatives.flatMap((a) => a.options);
    expect(options.filter((o) => !o.otherPark).every((o) => o.park?.code === PARK || o.park === null)).toBe(true);

    const unknown = await park.post(`${base}/parks/${PARK}/stop`, { herbShortage: { herb: '不存在的药' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('herbShortage.herb');
    expect((await park.post(`${base}/parks/${PARK}/stop`, {})).statusCode).toBe(400);
  });

  it('writes the evaluation report as a Chinese PDF with charts and as .xlsx, to those who may read the evaluation', async () => {
    const span = `from=${year - 2}&to=${year - 1}`;
    const view = (await park.get(`${base}/parks/${PARK}/evaluation?${span}`)).json<EvaluationView>();
    const pdf = await park.get(`${base}/parks/${PARK}/evaluation/report?${span}&format=pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The CJK font is embedded (a subset): Chinese text is drawn, not dropped.
    expect(pdf.rawPayload.toString('latin1')).toMatch(/FontFile2|FontFile3/);

    const xlsx = await park.get(`${base}/parks/${PARK}/evaluation/report?${span}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const scores = view.systems.reduce((a, s) => a + s.indicators.reduce((b, d) => b + d.scores.length, 0), 0);
    expect(sheet.rowCount).toBe(scores + 1);
    expect(sheet.getRow(1).getCell(11).text).toContain('数据来源');
    const water = view.systems.find((s) => s.code === 'HJ274')!.indicators.find((d) => d.code === 'water-reuse-rate')!;
    const row = sheet.getRows(2, scores)!.find((r) => r.getCell(3).text.startsWith(water.nameZh) && r.getCell(7).value === year - 1)!;
    expect(row.getCell(8).value).toBe(water.scores.find((x) => x.year === year - 1)!.value);
    expect(row.getCell(11).text).toBe(water.scores.find((x) => x.year === year - 1)!.source);

    expect((await park.get(`${base}/parks/${PARK}/evaluation/report?format=doc`)).statusCode).toBe(400);
    expect((await t.anonymous().get(`${base}/parks/${PARK}/evaluation/report`)).statusCode).toBe(401);
  });
});
