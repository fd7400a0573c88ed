import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends, type TestApp, type TestClient } from '../../../test/helpers/app';
import { csv, type Json, send, startByproductsApp } from './byproducts.api-fixture';
import { defaultPathwayKnowledgeBase } from './engine';

/** 丹参 alcohol precipitate of seed 000: its first choice is stachyose (value-added). */
const danshenPrecipitate = {
  name: '丹参醇沉物',
  herb: '丹参',
  residue: 'alcohol-precipitate',
  stage: 'extraction',
  state: 'solid',
  tonnesPerYear: 600,
  moisture: 60,
  assays: { polysaccharides: 25, 水苏糖: 200 },
  currentHandling: 'landfill',
  currentHandlingCostPerTonne: 150,
};

describe.each(backends)('by-products API on %s', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let shaodu: TestClient;
  let park: TestClient;
  let regulator: TestClient;
  let admin: TestClient;
  beforeAll(async () => {
    ({ t, huatuo, shaodu, park, regulator, admin } = await startByproductsApp(kind));
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (table: 'byproduct_streams' | 'pathway_kb_versions') =>
    (await sql<{ n: number }>`select count(*)::int8 as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n;
  const put = (c: TestClient, url: string, payload: unknown) => send(t, c, 'PUT', url, payload);

  it('loads the demo: ≥ 60 streams of the manufacturers with 24 months of records, and the knowledge base v1.0.0', async () => {
    expect(await count('byproduct_streams')).toBeGreaterThanOrEqual(60);
    const months = await sql<{ n: number }>`select count(distinct period)::int8 as n from byproduct_records`.execute(t.db);
    expect(months.rows[0]!.n).toBe(24);
    const kb = (await t.anonymous().get('/api/v1/pathways')).json<{ version: string; items: unknown[] }>();
    expect(kb.version).toBe('1.0.0');
    expect(kb.items.length).toBeGreaterThanOrEqual(40);
  });

  it('lets a firm declare, read, change and delete its streams, with audit; classes, advice and cascade follow', async () => {
    const created = await huatuo.post('/api/v1/byproducts/streams', danshenPrecipitate);
    expect(created.statusCode).toBe(201);
    const s = created.json<{ id: string; code: string; tonnesPerYear: number; organisationCode: string }>();
    expect(s.code).toMatch(/^BZ-MFR-HUATUO-S\d\d$/);
    expect(s).toMatchObject({ tonnesPerYear: 600, organisationCode: 'BZ-MFR-HUATUO' });

    const classes = (await huatuo.get(`/api/v1/byproducts/streams/${s.code}/classification`)).json<{ classes: { class: string; rule: { en: string } }[] }>();
    expect(classes.classes.map((c) => c.class)).toContain('bioactive-small-molecule-rich');

    const advice = await huatuo.get(`/api/v1/byproducts/streams/${s.id}/advice?weights=economic-first`);
    expect(advice.statusCode).toBe(200);
    const a = advice.json<{ classes: unknown[]; options: { rank: number; pathway: string; mode: string; score: number; netValuePerYear: number; reasons: { zh: string; en: string } }[]; excluded: { pathway: string; why: { en: string } }[] }>();
    expect(a.options[0]).toMatchObject({ rank: 1, pathway: 'danshen-stachyose', mode: 'value-added' });
    expect(a.options[0]!.reasons.en.length).toBeGreaterThan(10);
    expect(a.excluded.length).toBeGreaterThan(0);
    expect(a.excluded[0]!.why.en.length).toBeGreaterThan(0);

    const bad = await huatuo.get(`/api/v1/byproducts/streams/${s.id}/advice?weights=greedy`);
    expect(bad.statusCode).toBe(400);

    const cascade = (await huatuo.get(`/api/v1/byproducts/streams/${s.id}/cascade`)).json<{ steps: { mode: string }[]; balance: { in: number; out: number; residue: number; losses: number; closes: boolean } }>();
    expect(cascade.steps[0]!.mode).toBe('value-added');
    const b = cascade.balance;
    expect(b.closes).toBe(true);
    expect(b.in).toBe(600_000);
    expect(b.out + b.residue + b.losses).toBe(b.in);

    // The override is kept next to the derived classes.
    const overridden = await huatuo.patch(`/api/v1/byproducts/streams/${s.id}`, { classOverride: ['cellulose-rich'] });
    expect(overridden.statusCode).toBe(200);
    const c2 = (await huatuo.get(`/api/v1/byproducts/streams/${s.id}/classification`)).json<{ override: boolean; classes: { class: string }[]; derived: { class: string }[] }>();
    expect(c2.override).toBe(true);
    expect(c2.classes.map((c) => c.class)).toEqual(['cellulose-rich']);
    expect(c2.derived.map((c) => c.class)).toContain('bioactive-small-molecule-rich');

    const invalid = await huatuo.patch(`/api/v1/byproducts/streams/${s.id}`, { stage: 'moon-mining' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain('stage');

    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', s.id).orderBy('at').execute();
    expect(audit.map((x) => x.action)).toEqual(['byproduct_stream.create', 'byproduct_stream.update']);

    expect((await huatuo.delete(`/api/v1/byproducts/streams/${s.id}`)).statusCode).toBe(204);
    expect((await huatuo.get(`/api/v1/byproducts/streams/${s.id}`)).statusCode).toBe(404);
  });

  it('keeps volumes confidential to the firm, its park administration and regulators', async () => {
    const own = (await huatuo.get('/api/v1/byproducts/streams')).json<{ items: { code: string; organisationCode: string; tonnesPerYear?: number; confidential: boolean }[] }>();
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((i) => i.organisationCode === 'BZ-MFR-HUATUO' && i.confidential && typeof i.tonnesPerYear === 'number')).toBe(true);
    const code = own.items[0]!.code;

    // Another firm: the kind of residue, never its volume, assays or handling.
    const other = await shaodu.get(`/api/v1/byproducts/streams/${code}`);
    expect(other.statusCode).toBe(200);
    const o = other.json<Json>();
    expect(o.confidential).toBe(false);
    for (const key of ['tonnesPerYear', 'assays', 'moisture', 'currentHandling', 'currentHandlingCostPerTonne']) expect(o).not.toHaveProperty(key);
    const list = (await shaodu.get('/api/v1/byproducts/streams?organisation=BZ-MFR-HUATUO')).json<{ items: Json[] }>();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i) => !('tonnesPerYear' in i))).toBe(true);
    for (const path of ['advice', 'cascade', 'classification', 'records']) {
      expect((await shaodu.get(`/api/v1/byproducts/streams/${code}/${path}`)).statusCode).toBe(403);
    }
    expect((await shaodu.get('/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-HUATUO&period=2025')).statusCode).toBe(403);
    expect((await shaodu.patch(`/api/v1/byproducts/streams/${code}`, { tonnesPerYear: 1 })).statusCode).toBe(403);
    expect((await shaodu.post('/api/v1/byproducts/streams', { ...danshenPrecipitate, organisation: 'BZ-MFR-HUATUO' })).statusCode).toBe(403);
    const exported = await shaodu.get('/api/v1/byproducts/streams/export?organisation=BZ-MFR-HUATUO');
    expect(exported.statusCode).toBe(200);
    const [header, firstRow] = exported.body.replace(/^\uFEFF/, '').split('\r\n');
    const cells = firstRow!.split(',');
    const col = (name: string) => cells[header!.split(',').indexOf(name)];
    expect(col('code')).toBe(code);
    expect(col('tonnesPerYear')).toBe('');

    // The regulator of the region and the park administration see the volumes.
    expect((await regulator.get(`/api/v1/byproducts/streams/${code}`)).json<Json>()).toHaveProperty('tonnesPerYear');
    const parkList = (await park.get('/api/v1/byproducts/streams')).json<{ items: { organisationCode: string; tonnesPerYear?: number }[] }>();
    expect(new Set(parkList.items.map((i) => i.organisationCode)).size).toBeGreaterThan(3);
    expect(parkList.items.every((i) => typeof i.tonnesPerYear === 'number')).toBe(true);
    // Regulators read but do not write.
    expect((await regulator.patch(`/api/v1/byproducts/streams/${code}`, { tonnesPerYear: 1 })).statusCode).toBe(403);
    // Anonymous: nothing.
    expect((await t.anonymous().get('/api/v1/byproducts/streams')).statusCode).toBe(401);
  });

  it('lets the park administration declare a stream for a firm in its park, and the park figures move', async () => {
    const period = new Date().toISOString().slice(0, 7);
    const before = (await park.get(`/api/v1/byproducts/figures?scope=park&id=BZ-TCM-PARK&period=${period}`)).json<{ figures: { generatedT: number }; streams: number }>();
    expect(before.figures.generatedT).toBeGreaterThan(0);
    const created = await park.post('/api/v1/byproducts/streams', { ...danshenPrecipitate, organisation: 'BZ-MFR-GUOHE', tonnesPerYear: 1200 });
    expect(created.statusCode).toBe(201);
    const after = (await park.get(`/api/v1/byproducts/figures?scope=park&id=BZ-TCM-PARK&period=${period}`)).json<{ figures: { generatedT: number }; streams: number; estimatedRecords: number }>();
    expect(after.streams).toBe(before.streams + 1);
    expect(after.figures.generatedT).toBeCloseTo(before.figures.generatedT + 100, 6);

    // Region figures are public too (the city holds the park and more: every cell passes); a year gives the monthly series.
    const year = String(new Date().getUTCFullYear() - 1);
    const region = await t.anonymous().get(`/api/v1/byproducts/figures?scope=region&id=341600&period=${year}`);
    expect(region.statusCode).toBe(200);
    const r = region.json<{ figures: { generatedT: number; utilisationRate: number; co2eAvoidedT: number }; series: unknown[]; byStage: Json }>();
    expect(r.series).toHaveLength(12);
    expect(r.figures.utilisationRate).toBeGreaterThan(0);
    expect(r.figures.co2eAvoidedT).toBeGreaterThan(0);
    expect(Object.keys(r.byStage).length).toBeGreaterThan(2);
    // A firm's figures need clearance.
    expect((await t.anonymous().get(`/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-GUOHE&period=${year}`)).statusCode).toBe(401);
    expect((await park.get(`/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-GUOHE&period=${year}`)).statusCode).toBe(200);

    // A reported month replaces the estimate.
    const s = created.json<{ id: string }>();
    const rec = await put(park, `/api/v1/byproducts/streams/${s.id}/records/${period}`, { generatedT: 90, utilised: { 'value-added': 60 }, disposed: { landfill: 30 }, valueCreatedYuan: 50000 });
    expect(rec.statusCode).toBe(200);
    const again = (await park.get(`/api/v1/byproducts/figures?scope=park&id=BZ-TCM-PARK&period=${period}`)).json<{ figures: { generatedT: number }; estimatedRecords: number }>();
    expect(again.estimatedRecords).toBe(after.estimatedRecords - 1);
    expect(again.figures.generatedT).toBeCloseTo(before.figures.generatedT + 90, 6);
  });

  it('imports streams all or nothing, naming row and column, and updates by code', async () => {
    const before = await count('byproduct_streams');
    const header = 'code,site,name,herb,part,residue,stage,state,tonnesPerYear,moisture,crudeFibre,crudeProtein,constituents,currentHandling,currentHandlingCostPerTonne';
    const badFile = [
      header,
      'SD-T1,饮片炮制厂,白芍边角料,白芍,peel-bark,dust-offcuts,饮片炮制,solid,120,12,30,6,,landfill,150',
      'SD-T2,饮片炮制厂,x,白芍,,,饮片炮制,solid,abc,12,,,,landfill,150',
      'SD-T3,no-such-site,y,白芍,root,,teleportation,solid,10,12,,,芍药苷,landfill,150',
    ].join('\n');
    const headers = { ...csv, cookie: shaodu.cookie!, 'x-csrf-token': shaodu.csrf! };
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/byproducts/streams/import?fileName=bad.csv', headers, payload: badFile });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['row 3: tonnesPerYear', 'row 3: part', 'row 4: site', 'row 4: stage', 'row 4: constituents']));
    expect(fields.some((f) => f.startsWith('row 2'))).toBe(false);
    expect(await count('byproduct_streams')).toBe(before);

    const good = [header, 'SD-T1,饮片炮制厂,白芍边角料,白芍,peel-bark,dust-offcuts,饮片炮制,solid,120,12,30,6,芍药苷=25,landfill,150', ',,白芍药渣,白芍,,water-extract-residue,extraction,solid,300,70,35,8,,填埋,150'].join('\n');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/byproducts/streams/import?fileName=good.csv', headers, payload: good });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ rows: 2, created: 2, updated: 0 });
    expect(await count('byproduct_streams')).toBe(before + 2);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/byproducts/streams/import?fileName=again.csv', headers, payload: [header, 'SD-T1,饮片炮制厂,白芍边角料,白芍,peel-bark,dust-offcuts,饮片炮制,solid,150,12,30,6,,landfill,150'].join('\n') });
    expect(again.json()).toMatchObject({ rows: 1, created: 0, updated: 1 });
    expect((await shaodu.get('/api/v1/byproducts/streams/SD-T1')).json<{ tonnesPerYear: number }>().tonnesPerYear).toBe(150);

    // Another firm's code cannot be taken over; another firm cannot be written.
    const hijack = await t.app.inject({ method: 'POST', url: '/api/v1/byproducts/streams/import?fileName=h.csv', headers: { ...csv, cookie: huatuo.cookie!, 'x-csrf-token': huatuo.csrf! }, payload: [header, 'SD-T1,提取车间,x,白芍,root,,extraction,solid,1,,,,,,'].join('\n') });
    expect(hijack.statusCode).toBe(400);
    expect(hijack.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain('row 2: code');
  });

  it('exports a firm’s streams as .xlsx that import back unchanged', async () => {
    const before = (await huatuo.get('/api/v1/byproducts/streams')).json<{ items: Json[] }>().items;
    const exported = await huatuo.get('/api/v1/byproducts/streams/export?format=xlsx');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/byproducts/streams/import?fileName=roundtrip.xlsx',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', cookie: huatuo.cookie!, 'x-csrf-token': huatuo.csrf! },
      payload: exported.rawPayload,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rows: before.length, created: 0, updated: before.length });
    const after = (await huatuo.get('/api/v1/byproducts/streams')).json<{ items: Json[] }>().items;
    const strip = (items: Json[]) => items.map(({ updatedAt: _u, ...rest }) => rest);
    expect(strip(after)).toEqual(strip(before));

    const taxonomy = (await t.anonymous().get('/api/v1/byproducts/taxonomy')).json<{ residues: { id: string; zh: string }[]; criteria: unknown[] }>();
    expect(taxonomy.residues.find((r) => r.id === 'water-extract-residue')!.zh).toBe('药渣');
    expect(taxonomy.criteria).toHaveLength(7);
  });

  it('advises a stream described in JSON without storing it', async () => {
    const before = await count('byproduct_streams');
    const res = await shaodu.post('/api/v1/byproducts/what-if/advice?weights=ecological-first,economic=2', danshenPrecipitate);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ options: { pathway: string }[] }>().options.length).toBeGreaterThan(0);
    const cascade = (await shaodu.post('/api/v1/byproducts/what-if/cascade', { herb: '青皮', residue: 'resin-elution-wastewater', stage: 'extraction', tonnesPerYear: 2000, assays: { 挥发油: 5 } })).json<{ balance: { closes: boolean } }>();
    expect(cascade.balance.closes).toBe(true);
    const bad = await shaodu.post('/api/v1/byproducts/what-if/advice', { herb: '丹参', stage: 'extraction', tonnesPerYear: -3 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(expect.arrayContaining(['body.tonnesPerYear', 'body.part']));
    expect(await count('byproduct_streams')).toBe(before);
  });

  it('versions the pathway knowledge base: admins add, edit and import; each change is a new audited version', async () => {
    const kb = defaultPathwayKnowledgeBase();
    const first = kb.pathways[0]!;
    expect((await huatuo.post('/api/v1/pathways', { ...first, id: 'x-new' })).statusCode).toBe(403);

    const invalid = await admin.post('/api/v1/pathways', { ...first, id: 'x-new', capexPerTonne: { min: 10, max: 'lots' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain('capexPerTonne.max');

    const versions0 = await count('pathway_kb_versions');
    const added = await admin.post('/api/v1/pathways?note=test', { ...first, id: 'x-new' });
    expect(added.statusCode).toBe(201);
    expect(added.json<{ version: string }>().version).toBe('1.0.1');
    const edited = await put(admin, '/api/v1/pathways/x-new', { ...first, id: 'x-new', trl: 5 });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<{ version: string }>().version).toBe('1.0.2');
    expect((await t.anonymous().get('/api/v1/pathways/x-new')).json<{ trl: number }>().trl).toBe(5);
    expect((await t.anonymous().get('/api/v1/pathways?version=1.0.0')).json<{ items: { id: string }[] }>().items.some((p) => p.id === 'x-new')).toBe(false);
    expect(await count('pathway_kb_versions')).toBe(versions0 + 2);

    const exported = (await t.anonymous().get('/api/v1/pathways/export')).json<{ version: string; pathways: unknown[] }>();
    expect(exported.version).toBe('1.0.2');
    const stale = await admin.post('/api/v1/pathways/import', { ...exported, version: '1.0.1' });
    expect(stale.statusCode).toBe(409);
    const broken = await admin.post('/api/v1/pathways/import', { ...exported, version: '2.0.0', pathways: [{ ...first, mode: 'magic' }] });
    expect(broken.statusCode).toBe(400);
    expect(broken.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain('pathways[0].mode');
    const imported = await admin.post('/api/v1/pathways/import?note=review', { ...exported, version: '2.0.0' });
    expect(imported.statusCode).toBe(201);
    const versions = (await t.anonymous().get('/api/v1/pathways/versions')).json<{ items: { version: string }[] }>();
    expect(versions.items.map((v) => v.version).slice(0, 4)).toEqual(['2.0.0', '1.0.2', '1.0.1', '1.0.0']);
    // Who made a version: for the editors only (created_by is confidential).
    expect(versions.items.every((v) => (v as { createdBy?: string | null }).createdBy === null)).toBe(true);
    const byAdmin = (await admin.get('/api/v1/pathways/versions')).json<{ items: { version: string; createdBy: string | null }[] }>().items;
    expect(byAdmin.find((v) => v.version === '1.0.1')!.createdBy).toBe('平台管理员');
    expect(byAdmin.find((v) => v.version === '1.0.0')!.createdBy).toBe('herbloop');

    const audit = await t.db.selectFrom('audit_log').select(['action']).where('entity_type', '=', 'pathway_kb_versions').orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['pathway.create', 'pathway.update', 'pathways.import']));
  });
});
