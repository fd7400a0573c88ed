import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx } from '../../platform/import/xlsx.fixture';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { countRows, expectProblem, makeToken, orgId } from '../../../test/helpers/fixtures';

/**
 * Supply early warning API (issue 3) on the demo data: contracts of ratio/attribution/what-if/
 * floor price, imports (all-or-nothing with row numbers, idempotent), held ticks, the station
 * POST with an API token, and who may write prices. One demo app per backend (the demo load
 * is the expensive part).
 */
describe.each(backends)('supply API (%s)', (kind) => {
  let t: TestApp;
  let monitor: TestClient;
  let maker: TestClient;
  let memberToken: string;
  let readerToken: string;

  const raw = (token: string, url: string, contentType: string, payload: string | Buffer) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload });
  const bearer = (token: string) => t.anonymous({ authorization: `Bearer ${token}` });
  const auditCount = async (action: string) =>
    (await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n;

  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['supply'] });
    monitor = await t.login('bz-price');
    maker = await t.login('huatuo');
    const station = await orgId(t.db, 'BZ-MON-PRICE');
    memberToken = (await makeToken(t.db, station, 'member')).token;
    readerToken = (await makeToken(t.db, station, 'reader')).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists herbs with aliases and specs, finds a herb by alias, and needs a login', async () => {
    const res = await maker.get('/api/v1/supply/herbs');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { nameZh: string }[] }>().items;
    expect(items.length).toBeGreaterThanOrEqual(80);
    const sanqi = (await maker.get(`/api/v1/supply/herbs/${encodeURIComponent('田七')}`)).json<{ nameZh: string; specs: string[]; aliases: { alias: string }[] }>();
    expect(sanqi.nameZh).toBe('三七');
    expect(sanqi.specs).toEqual(expect.arrayContaining(['统货', '60头', '剪口']));
    expect((await maker.get('/api/v1/supply/markets')).json<{ items: unknown[] }>().items).toHaveLength(6);
    expectProblem(await t.anonymous().get('/api/v1/supply/herbs'), 401, 'unauthenticated');
    expectProblem(await maker.get(`/api/v1/supply/herbs/${encodeURIComponent('不存在')}`), 404, 'not_found');
  });

  it('names herbs, specs and the price-index method for the English interface (issue 11)', async () => {
    type HerbView = { nameZh: string; nameEn: string | null; pinyin: string; latinName: string | null; specs: string[]; specNames: { name: string; nameEn: string | null }[] };
    const danshen = (await maker.get(`/api/v1/supply/herbs/${encodeURIComponent('丹参')}`)).json<HerbView>();
    expect(danshen).toMatchObject({ nameEn: 'Salvia miltiorrhiza root', pinyin: 'danshen', latinName: 'Salviae Miltiorrhizae Radix et Rhizoma' });
    const sanqi = (await maker.get('/api/v1/supply/herbs/SANQI')).json<HerbView>();
    expect(sanqi.specNames.map((s) => s.name)).toEqual(sanqi.specs);
    expect(sanqi.specNames).toEqual(expect.arrayContaining([{ name: '统货', nameEn: 'ungraded' }, { name: '60头', nameEn: '60 roots per 500 g' }]));
    // A spec added or renamed keeps the English name it is given; a herb's English name can be cleared.
    const spec = await monitor.post('/api/v1/supply/herbs/HUANGQI/specs', { name: '黄芪片', nameEn: 'sliced' });
    expect(spec.statusCode).toBe(201);
    const specId = spec.json<{ id: number; nameEn: string | null }>().id;
    expect(spec.json<{ nameEn: string | null }>().nameEn).toBe('sliced');
    const renamed = await monitor.patch(`/api/v1/supply/specs/${specId}`, { name: '黄芪斜片' });
    expect(renamed.json<{ name: string; nameEn: string | null }>()).toMatchObject({ name: '黄芪斜片', nameEn: 'sliced' });
    expect((await monitor.patch('/api/v1/supply/herbs/HUANGQI', { nameEn: '' })).json<HerbView>().nameEn).toBeNull();
    expect((await monitor.patch('/api/v1/supply/herbs/HUANGQI', { nameEn: 'astragalus root' })).json<HerbView>().nameEn).toBe('astragalus root');
    // The index says how it is computed by a code the web words in either language.
    expect((await maker.get('/api/v1/supply/index')).json<{ method: string }>().method).toBe('chained-jevons-equal-monthly');
  });

  it('reproduces the Compound Danshen course (ratio contract)', async () => {
    const res = await maker.get(`/api/v1/supply/formulas/${encodeURIComponent('复方丹参片')}/ratio?from=2009-01-01&to=2013-12-31&resolution=day`);
    expect(res.statusCode).toBe(200);
    const r = res.json<{ formula: string; band: [number, number]; series: { date: string; cost: number; priceCap: number; ratio: number; level: string }[]; episodes: { start: string; peakRatio: number; level: string }[] }>();
    expect(r.formula).toBe('复方丹参片');
    expect(r.band).toEqual([0.1, 0.3]);
    const on = (d: string) => r.series.find((s) => s.date === d)!;
    expect(on('2009-01-15').ratio).toBeGreaterThan(0.085);
    expect(on('2009-01-15').ratio).toBeLessThan(0.115);
    expect(on('2009-12-20').ratio).toBeGreaterThan(0.22);
    expect(on('2009-12-20').ratio).toBeLessThanOrEqual(0.3);
    expect(on('2010-10-15').ratio).toBeGreaterThan(0.55);
    expect(on('2013-06-30').ratio).toBeGreaterThan(1);
    expect(on('2013-06-30').level).toBe('above-red');
    for (const s of r.series.slice(0, 50)) expect(s.ratio).toBeCloseTo(s.cost / s.priceCap, 12);
    expect(r.episodes[0]!.start.slice(0, 7)).toBe('2010-03');
    expect(r.episodes[0]!.peakRatio).toBeGreaterThan(1);

    const list = (await maker.get('/api/v1/supply/formulas')).json<{ items: { code: string; ratio: number; level: string; trend: unknown[] }[] }>().items;
    expect(list.length).toBeGreaterThanOrEqual(30);
    expect(list.find((f) => f.code === 'FFDSP')!.trend).toHaveLength(13);
    const detail = (await maker.get('/api/v1/supply/formulas/FFDSP')).json<{ ingredients: { herb: string; amount: number }[]; priceCaps: { priceCap: number }[]; packSize: number }>();
    expect(detail.ingredients.map((i) => [i.herb, i.amount])).toEqual([['丹参', 450], ['三七', 141], ['冰片', 8]]);
    expect(detail.priceCaps[0]!.priceCap).toBe(7.2);
    expect(detail.packSize).toBe(60);
  });

  it('attribution sums to the change; what-if is the seed formula; floor price is 300 元/kg', async () => {
    const a = (await maker.get('/api/v1/supply/formulas/FFDSP/attribution?from=2009-01-15&to=2013-06-30')).json<{ costFrom: number; costTo: number; contributions: Record<string, number> }>();
    expect(Object.keys(a.contributions).sort()).toEqual(['三七', '丹参', '冰片'].sort());
    expect(Object.values(a.contributions).reduce((s, x) => s + x, 0)).toBeCloseTo(a.costTo - a.costFrom, 12);
    expect(a.contributions['三七']! / (a.costTo - a.costFrom)).toBeGreaterThan(0.9);

    const w = await maker.post(`/api/v1/supply/formulas/${encodeURIComponent('复方丹参片')}/whatif`, { prices: { 丹参: 10, 田七: 100, BINGPIAN: 150 } });
    expect(w.statusCode).toBe(200);
    const wr = w.json<{ cost: number; priceCap: number; ratio: number; level: string; shares: Record<string, number> }>();
    const y = ((10 * 0.45 + 100 * 0.141 + 150 * 0.008) * 60) / 1000;
    expect(wr.cost).toBeCloseTo(y, 12);
    expect(wr.ratio).toBeCloseTo(y / 7.2, 12);
    expect(wr.level).toBe('normal');
    expect(wr.shares['三七']).toBeCloseTo((100 * 0.141) / (10 * 0.45 + 100 * 0.141 + 150 * 0.008), 12);
    expectProblem(await maker.post('/api/v1/supply/formulas/FFDSP/whatif', { prices: { 黄连: 10 } }), 400, 'validation');

    const f = (await maker.get('/api/v1/supply/floor-price?cycleYears=3&annualInput=10000&yield=150&annualProfit=75000&profitAreaUnit=hm2')).json<{ floorPrice: number }>();
    expect(f.floorPrice).toBeCloseTo(300, 9);
    const fr = (await maker.get(`/api/v1/supply/floor-price?cycleYears=3&annualInput=10000&yield=150&annualProfit=75000&profitAreaUnit=hm2&formula=FFDSP&herb=${encodeURIComponent('三七')}`)).json<{ floorPrice: number; ratio: number }>();
    expect(fr.ratio).toBeGreaterThan(0.3);

    const e = (await maker.get(`/api/v1/supply/herbs/${encodeURIComponent('三七')}/exposure?shock=1.5`)).json<{ formulas: { code: string }[]; shock: { pushedOutOfBand: unknown[] } }>();
    expect(e.formulas.map((x) => x.code)).toEqual(expect.arrayContaining(['FFDSP', 'FFDSDW', 'SQP']));
    expect(Array.isArray(e.shock.pushedOutOfBand)).toBe(true);

    const fc = (await maker.get('/api/v1/supply/formulas/FFDSP/forecast?weeks=6')).json<{ weeks: { p05: number; p50: number; p95: number }[]; models: Record<string, string>; probabilityLeaveBand: number }>();
    expect(fc.weeks).toHaveLength(6);
    for (const w of fc.weeks) expect(w.p05).toBeLessThanOrEqual(w.p95);
    expect(Object.keys(fc.models).sort()).toEqual(['三七', '丹参', '冰片'].sort());
    const idx = (await maker.get('/api/v1/supply/index?from=2009-01-01')).json<{ base: string; periods: string[]; composite: number[]; categories: Record<string, number[]> }>();
    expect(idx.base).toBe('2009-01');
    expect(idx.composite[0]).toBe(100);
    expect(idx.composite).toHaveLength(idx.periods.length);
    expect(idx.categories.root![0]).toBe(100);
  });

  it('imports a price file all-or-nothing with row numbers, idempotently, with Chinese headers and 元/斤', async () => {
    const before = await countRows(t.db, 'price_observations');
    const bad = '药材,规格,市场,日期,价格,单位\n三七,统货,亳州,2026-11-21,230,元/kg\n不存在的药,统货,亳州,2026-11-21,10,元/kg\n丹参,统货,安国,2026-11-21,-3,元/kg\n冰片,,玉林,2026-13-01,180,元/kg\n';
    const p = expectProblem(await raw(memberToken, '/api/v1/supply/prices/import?fileName=bad.csv', 'text/csv', bad), 400, 'validation');
    expect(p.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['row 4: price', 'row 5: date']));
    // Row-level checks passed for rows 2–3 shape-wise; the unknown herb is reported after the shape check of the others passes.
    expect(await countRows(t.db, 'price_observations')).toBe(before);
    const unknownHerb = '药材,市场,日期,价格\n三七,亳州,2026-11-21,230\n不存在的药,亳州,2026-11-21,10\n';
    const p2 = expectProblem(await raw(memberToken, '/api/v1/supply/prices/import', 'text/csv', unknownHerb), 400, 'validation');
    expect(p2.errors![0]!.field).toBe('row 3: herb');
    expect(await countRows(t.db, 'price_observations')).toBe(before);

    const imports = await auditCount('supply.prices.import');
    const good = 'herb,spec,market,date,price,unit\n三七,统货,亳州,2026-11-21,115,元/斤\n丹参,统货,安国,2026-11-21,31.5,元/kg\n冰片,,玉林,2026/11/21,0.18,元/g\n三七,60头,文山三七市场,2026-11-21,260,元/kg\n';
    const first = await raw(memberToken, '/api/v1/supply/prices/import?fileName=good.csv', 'text/csv', good);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ rows: 4, inserted: 4, updated: 0, unchanged: 0, held: 0, specsCreated: 0 });
    expect(await auditCount('supply.prices.import')).toBe(imports + 1);
    const again = await raw(memberToken, '/api/v1/supply/prices/import?fileName=good.csv', 'text/csv', good);
    expect(again.json()).toMatchObject({ rows: 4, inserted: 0, updated: 0, unchanged: 4 });
    expect(await countRows(t.db, 'price_observations')).toBe(before + 4);
    const sanqi = (await maker.get(`/api/v1/supply/prices?herb=${encodeURIComponent('三七')}&market=BOZHOU&from=2026-11-21`)).json<{ items: { price: number; unit: string; pricePerKg: number }[] }>();
    expect(sanqi.items[0]).toMatchObject({ price: 115, unit: '元/斤', pricePerKg: 230 });

    // .xlsx through the same path.
    const xlsx = buildXlsx(2, (i) => (i === 0 ? ['herb', 'market', 'date', 'price'] : ['丹参', '亳州', '2026-11-22', 31]));
    const x = await raw(memberToken, '/api/v1/supply/prices/import', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx);
    expect(x.statusCode).toBe(200);
    expect(x.json()).toMatchObject({ rows: 1, inserted: 1 });
    expectProblem(await raw(memberToken, '/api/v1/supply/prices/import', 'application/pdf', 'x'), 415, 'unsupported_media_type');
  });

  it('refuses in a file what the JSON API refuses: a price of 1e308 names its row and column, nothing is written', async () => {
    const before = await countRows(t.db, 'price_observations');
    const imports = await auditCount('supply.prices.import');
    const csv = 'herb,market,date,price\n丹参,亳州,2026-11-26,31\n三七,亳州,2026-11-26,1e308\n冰片,玉林,2026-11-26,Infinity\n';
    const file = expectProblem(await raw(memberToken, '/api/v1/supply/prices/import?fileName=huge.csv', 'text/csv', csv), 400, 'validation');
    expect(file.errors!.map((e) => e.field)).toEqual(['row 3: price', 'row 4: price']);
    const json = expectProblem(await bearer(memberToken).post('/api/v1/supply/prices', { observations: [{ herb: '三七', market: '亳州', date: '2026-11-26', price: 1e308 }] }), 400, 'validation');
    expect(json.errors!.map((e) => e.field)).toEqual(['body.observations.0.price']);
    // One field schema behind both: the same words for the same fault.
    expect(file.errors![0]!.message).toBe(json.errors![0]!.message);
    const xlsx = buildXlsx(2, (i) => (i === 0 ? ['药材', '市场', '日期', '价格'] : ['三七', '亳州', '2026-11-26', 1e308]));
    const sheet = expectProblem(await raw(memberToken, '/api/v1/supply/prices/import', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx), 400, 'validation');
    expect(sheet.errors!.map((e) => e.field)).toEqual(['row 2: price']);
    // What-if prices and caps go through the same field: no infinite Y/P.
    expectProblem(await maker.post('/api/v1/supply/formulas/FFDSP/whatif', { prices: { 三七: 1e308 } }), 400, 'validation');
    expectProblem(await maker.post('/api/v1/supply/formulas/FFDSP/whatif', { priceCap: 5e-324 }), 400, 'validation');
    const formulaCsv = 'code,name_zh,dosage_form,batch_yield,batch_unit,pack_size,price_cap,herb,amount\nHT-BIG,大片,tablet,1000,片,48,1e308,丹参,500\n';
    const formula = expectProblem(await raw(memberToken, '/api/v1/supply/formulas/import', 'text/csv', formulaCsv), 400, 'validation');
    expect(formula.errors!.map((e) => e.field)).toEqual(['row 2: priceCap']);
    expect(await countRows(t.db, 'price_observations')).toBe(before);
    expect(await auditCount('supply.prices.import')).toBe(imports);
  });

  it('station POST with a token: validation names item and field; outliers are held until an admin confirms', async () => {
    const v = expectProblem(
      await bearer(memberToken).post('/api/v1/supply/prices', { observations: [{ herb: '三七', market: '亳州', date: '2026-11-23', price: 230 }, { herb: '三七', market: '亳州', date: '2026-11-24', price: -1 }] }),
      400,
      'validation',
    );
    expect(v.errors!.map((e) => e.field)).toContain('body.observations.1.price');
    const u = expectProblem(await bearer(memberToken).post('/api/v1/supply/prices', { observations: [{ herb: '不存在', market: '亳州', date: '2026-11-23', price: 1 }] }), 400, 'validation');
    expect(u.errors![0]!.field).toBe('body.observations.0.herb');

    const spike = await bearer(memberToken).post('/api/v1/supply/prices', { observations: [{ herb: '三七', market: '安国', date: '2026-11-23', price: 2300 }] });
    expect(spike.statusCode).toBe(200);
    expect(spike.json()).toMatchObject({ inserted: 1, held: 1 });
    const held = (await monitor.get('/api/v1/supply/prices?status=held')).json<{ items: { herb: string; date: string; pricePerKg: number }[] }>();
    expect(held.items).toEqual([expect.objectContaining({ herb: '三七', date: '2026-11-23', pricePerKg: 2300 })]);
    // Held ticks are not reference prices: the ratio series does not reach that day.
    const r = (await maker.get('/api/v1/supply/formulas/FFDSP/ratio?from=2026-11-20')).json<{ series: { date: string }[] }>();
    expect(r.series.at(-1)!.date).toBe('2026-11-22');

    const item = { herb: '三七', market: '安国', date: '2026-11-23' };
    expectProblem(await bearer(memberToken).post('/api/v1/supply/prices/confirm', { items: [item] }), 403, 'forbidden');
    const ok = await monitor.post('/api/v1/supply/prices/confirm', { items: [item] });
    expect(ok.json()).toEqual({ confirmed: 1, notHeld: 0 });
    const after = (await maker.get('/api/v1/supply/formulas/FFDSP/ratio?from=2026-11-20')).json<{ series: { date: string }[] }>();
    expect(after.series.at(-1)!.date).toBe('2026-11-23');
    // Re-sending the confirmed price keeps it confirmed (idempotent).
    const resend = await bearer(memberToken).post('/api/v1/supply/prices', { observations: [{ herb: '三七', market: '安国', date: '2026-11-23', price: 2300 }] });
    expect(resend.json()).toMatchObject({ unchanged: 1 });
  });

  it('who may write prices and formulas', async () => {
    const batch = { observations: [{ herb: '丹参', market: '玉林', date: '2026-11-25', price: 30 }] };
    expectProblem(await maker.post('/api/v1/supply/prices', batch), 403, 'forbidden');
    expectProblem(await bearer(readerToken).post('/api/v1/supply/prices', batch), 403, 'forbidden');
    expectProblem(await t.anonymous().post('/api/v1/supply/prices', batch), 401, 'unauthenticated');
    expect((await monitor.post('/api/v1/supply/prices', batch)).statusCode).toBe(200);
    expect((await (await t.login('admin')).post('/api/v1/supply/prices', batch)).statusCode).toBe(200);
    expectProblem(await raw(readerToken, '/api/v1/supply/prices/import', 'text/csv', 'herb,market,date,price\n丹参,玉林,2026-11-25,30\n'), 403, 'forbidden');

    const own = {
      formulas: [
        { code: 'HT-DSP', nameZh: '华佗丹参片', dosageForm: 'tablet', batchYield: 1000, batchUnit: '片', packSize: 48, ingredients: [{ herb: '丹参片', amount: 500, unit: 'g' }], priceCaps: [{ from: '2020-01-01', priceCap: 12 }] },
      ],
    };
    const created = await maker.post('/api/v1/supply/formulas', own);
    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({ formulas: 1, created: 1, replaced: 0 });
    expect((await maker.get('/api/v1/supply/formulas/HT-DSP')).json()).toMatchObject({ ownerOrganisationId: await orgId(t.db, 'BZ-MFR-HUATUO'), band: [0.1, 0.3] });
    expect((await monitor.get('/api/v1/supply/formulas/HT-DSP')).statusCode).toBe(200);
    const other = await t.login('shaodu');
    expectProblem(await other.get('/api/v1/supply/formulas/HT-DSP'), 404, 'not_found');
    expectProblem(await other.post('/api/v1/supply/formulas', { formulas: [{ ...own.formulas[0]!, code: 'FFDSP' }] }), 409, 'conflict');
    expectProblem(await other.post('/api/v1/supply/formulas', own), 409, 'conflict');
  });

  it('a formula code held by a formula one may not read answers like any taken code (no existence or owner leak)', async () => {
    const other = await t.login('shaodu');
    const formula = (code: string) => ({
      code,
      nameZh: '芍都丹参片',
      dosageForm: 'tablet',
      batchYield: 1000,
      batchUnit: '片',
      packSize: 48,
      ingredients: [{ herb: '丹参', amount: 500, unit: 'g' }],
      priceCaps: [{ from: '2020-01-01', priceCap: 12 }],
    });
    // HT-PRIV is 华佗's own formula: 芍都 reads it as absent.
    expect((await maker.post('/api/v1/supply/formulas', { formulas: [formula('HT-PRIV')] })).statusCode).toBe(200);
    expectProblem(await other.get('/api/v1/supply/formulas/HT-PRIV'), 404, 'not_found');
    const before = await countRows(t.db, 'formulas');
    // Creating it answers what a reference code (FFDSP, readable by all) answers: taken, nothing about who holds it.
    const answers = await Promise.all(
      ['HT-PRIV', 'FFDSP'].map(async (code) => {
        const p = expectProblem(await other.post('/api/v1/supply/formulas', { formulas: [formula(code)] }), 409, 'conflict');
        return { detail: p.detail, errors: p.errors!.map((e) => ({ ...e, message: e.message.replace(code, 'X'), params: { code: 'X' } })) };
      }),
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.errors).toEqual([{ field: 'body.formulas.0.code', message: 'the code X is taken; choose another code', code: 'supply.formulaCodeTaken', params: { code: 'X' } }]);
    const shaoduToken = (await makeToken(t.db, await orgId(t.db, 'BZ-MFR-SHAODU'), 'member')).token;
    const csv = (code: string) => `code,name_zh,dosage_form,batch_yield,batch_unit,pack_size,price_cap,herb,amount\n${code},芍都丹参片,tablet,1000,片,48,12,丹参,500\n`;
    const fromFile = await Promise.all(
      ['HT-PRIV', 'FFDSP'].map(async (code) => expectProblem(await raw(shaoduToken, '/api/v1/supply/formulas/import', 'text/csv', csv(code)), 409, 'conflict').errors!.map((e) => e.field)),
    );
    expect(fromFile).toEqual([['row 2 (formula HT-PRIV): code'], ['row 2 (formula FFDSP): code']]);
    expect(await countRows(t.db, 'formulas')).toBe(before);
    // A free code is the firm's own.
    expect((await raw(shaoduToken, '/api/v1/supply/formulas/import', 'text/csv', csv('SD-DSP'))).json()).toEqual({ formulas: 1, created: 1, replaced: 0 });
    expectProblem(await maker.get('/api/v1/supply/formulas/SD-DSP'), 404, 'not_found');
  });

  it('per-ingredient series: reference prices with stale flags and spec, cost parts that add up to Y', async () => {
    const url = `/api/v1/supply/formulas/${encodeURIComponent('复方丹参片')}/ingredients?from=2012-01-01&to=2012-03-31`;
    const r = (await maker.get(url)).json<{
      formula: string;
      dates: string[];
      cost: number[];
      ingredients: { herb: string; spec: string; specSet: boolean; kgPerPack: number; price: number[]; stale: number[]; costPerPack: number[] }[];
    }>();
    expect(r.formula).toBe('复方丹参片');
    expect(r.dates[0]).toBe('2012-01-01');
    expect(r.dates.at(-1)).toBe('2012-03-31');
    expect(r.dates).toHaveLength(91);
    expect(r.ingredients.map((i) => i.herb)).toEqual(['丹参', '三七', '冰片']);
    const ratio = (await maker.get(`/api/v1/supply/formulas/FFDSP/ratio?from=2012-01-01&to=2012-03-31&resolution=day`)).json<{ series: { date: string; cost: number }[] }>();
    r.dates.forEach((d, k) => {
      const parts = r.ingredients.reduce((s, i) => s + i.costPerPack[k]!, 0);
      expect(parts).toBeCloseTo(r.cost[k]!, 5);
      expect(r.cost[k]).toBeCloseTo(ratio.series.find((x) => x.date === d)!.cost, 5);
      for (const i of r.ingredients) {
        expect(i.price[k]! * i.kgPerPack).toBeCloseTo(i.costPerPack[k]!, 5);
        expect(i.stale[k]).toBe(0);
      }
    });
    const sanqi = r.ingredients[1]!;
    expect(sanqi.kgPerPack).toBeCloseTo((141 / 1000) * (60 / 1000), 12);
    expect(sanqi.spec).toBe('统货');
    expect(sanqi.specSet).toBe(false);
    // 三七's share: ~60 % early 2009, close to 90 % by 2012 (seed 003).
    expect(sanqi.costPerPack[0]! / r.cost[0]!).toBeGreaterThan(0.85);
    const early = (await maker.get(`/api/v1/supply/formulas/FFDSP/ingredients?from=2009-01-15&to=2009-01-15`)).json<{ cost: number[]; ingredients: { costPerPack: number[] }[] }>();
    expect(early.ingredients[1]!.costPerPack[0]! / early.cost[0]!).toBeGreaterThan(0.5);
    expect(early.ingredients[1]!.costPerPack[0]! / early.cost[0]!).toBeLessThan(0.7);
    const weekly = (await maker.get(`${url}&every=7`)).json<{ dates: string[] }>();
    expect(weekly.dates.slice(0, 3)).toEqual(['2012-01-01', '2012-01-08', '2012-01-15']);
    expectProblem(await maker.get(`/api/v1/supply/formulas/FFDSP/ingredients?every=0`), 400, 'validation');
    expectProblem(await maker.get(`/api/v1/supply/formulas/FFDSP/ingredients?from=2012-02-01&to=2012-01-01`), 400, 'validation');
    expectProblem(await maker.get(`/api/v1/supply/formulas/NOPE/ingredients`), 404, 'not_found');
  });

  it('herb price forecast: ETS by AICc with 80 % and 95 % intervals, by spec', async () => {
    const r = (await maker.get(`/api/v1/supply/herbs/${encodeURIComponent('三七')}/forecast?weeks=8`)).json<{
      herb: string;
      spec: string;
      asOf: string;
      model: string;
      history: { date: string; price: number | null }[];
      weeks: { week: number; date: string; median: number; lower80: number; upper80: number; lower95: number; upper95: number }[];
    }>();
    expect(r).toMatchObject({ herb: '三七', spec: '统货' });
    // From 三七's own last quote (the demo ends 2026-11-20; earlier tests add a few later ticks).
    expect(r.asOf >= '2026-11-20').toBe(true);
    expect(['ANN', 'AAN', 'AAdN']).toContain(r.model);
    expect(r.history).toHaveLength(52);
    expect(r.history.at(-1)!.date).toBe(r.asOf);
    expect(r.weeks.map((w) => w.week)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Date.parse(r.weeks[0]!.date) - Date.parse(r.asOf)).toBe(7 * 86_400_000);
    for (const w of r.weeks) {
      expect(w.lower95).toBeLessThan(w.lower80);
      expect(w.lower80).toBeLessThan(w.median);
      expect(w.median).toBeLessThan(w.upper80);
      expect(w.upper80).toBeLessThan(w.upper95);
    }
    // Intervals widen with the horizon; the median starts near the last weekly price.
    expect(r.weeks[7]!.upper95 - r.weeks[7]!.lower95).toBeGreaterThan(r.weeks[0]!.upper95 - r.weeks[0]!.lower95);
    expect(Math.abs(r.weeks[0]!.median / r.history.at(-1)!.price! - 1)).toBeLessThan(0.1);
    expect((await maker.get(`/api/v1/supply/herbs/SANQI/forecast?weeks=4&spec=${encodeURIComponent('统货')}`)).json()).toMatchObject({ spec: '统货', code: 'SANQI' });
    // The demo quotes 三七 ungraded only: a grade without prices cannot be forecast.
    expectProblem(await maker.get(`/api/v1/supply/herbs/SANQI/forecast?spec=${encodeURIComponent('60头')}`), 400, 'bad_request');
    expectProblem(await maker.get(`/api/v1/supply/herbs/SANQI/forecast?spec=${encodeURIComponent('无此规格')}`), 404, 'not_found');
    expectProblem(await maker.get('/api/v1/supply/herbs/SANQI/forecast?weeks=99'), 400, 'validation');
  });

  it('catalogue administration: herbs, aliases with factors, specs and markets; duplicates are conflicts; audited', async () => {
    const herb = {
      code: 'xiyangshen',
      nameZh: '西洋参',
      pinyin: 'xiyangshen',
      latinName: 'Panacis Quinquefolii Radix',
      category: 'root',
      cultivation: 'cultivated',
      growthCycleYears: 4,
      producingAreas: ['吉林', '山东文登'],
      reservesTonnes: null,
    };
    const created = await monitor.post('/api/v1/supply/herbs', herb);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'XIYANGSHEN', nameZh: '西洋参', growthCycleYears: 4, producingAreas: ['吉林', '山东文登'], specs: ['统货'], aliases: [] });
    expect(await auditCount('supply.herb.create')).toBe(1);

    // Duplicates: the code, the Chinese name, or a name that is an alias elsewhere.
    const dupCode = expectProblem(await monitor.post('/api/v1/supply/herbs', { ...herb, nameZh: '另一个' }), 409, 'conflict');
    expect(dupCode.errors?.map((e) => e.field)).toEqual(['body.code']);
    expect(dupCode.errors?.[0]?.message).toContain('already taken');
    const dupName = expectProblem(await monitor.post('/api/v1/supply/herbs', { ...herb, code: 'OTHER', nameZh: '田七' }), 409, 'conflict');
    expect(dupName.errors?.[0]?.field).toBe('body.nameZh');
    expect(dupName.errors?.[0]?.message).toContain('alias of 三七');
    const bad = expectProblem(await monitor.post('/api/v1/supply/herbs', { ...herb, code: 'X Y', category: 'tuber' }), 400, 'validation');
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['body.category', 'body.code']);

    const edited = await monitor.patch(`/api/v1/supply/herbs/${encodeURIComponent('西洋参')}`, { reservesTonnes: 1200, producingAreas: ['吉林'] });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ reservesTonnes: 1200, producingAreas: ['吉林'] });
    expectProblem(await monitor.patch('/api/v1/supply/herbs/XIYANGSHEN', { nameZh: '三七' }), 409, 'conflict');
    expectProblem(await monitor.patch('/api/v1/supply/herbs/XIYANGSHEN', {}), 400, 'validation');
    expectProblem(await monitor.patch('/api/v1/supply/herbs/NOPE', { pinyin: 'x' }), 404, 'not_found');

    // Alias with a conversion factor: a price quoted for the alias becomes the herb's price.
    const alias = await monitor.post(`/api/v1/supply/herbs/XIYANGSHEN/aliases`, { alias: '西洋参片', factor: 1.25, kind: 'decoction-piece' });
    expect(alias.statusCode).toBe(201);
    expect(alias.json()).toEqual({ alias: '西洋参片', herb: '西洋参', herbCode: 'XIYANGSHEN', factor: 1.25, kind: 'decoction-piece' });
    expect((await maker.get(`/api/v1/supply/herbs/${encodeURIComponent('西洋参片')}`)).json()).toMatchObject({ code: 'XIYANGSHEN' });
    expectProblem(await monitor.post(`/api/v1/supply/herbs/XIYANGSHEN/aliases`, { alias: '酒萸肉' }), 409, 'conflict');
    expectProblem(await monitor.post(`/api/v1/supply/herbs/XIYANGSHEN/aliases`, { alias: '三七' }), 409, 'conflict');
    expectProblem(await monitor.post(`/api/v1/supply/herbs/XIYANGSHEN/aliases`, { alias: '片', factor: 0 }), 400, 'validation');
    const station = await bearer(memberToken).post('/api/v1/supply/prices', { observations: [{ herb: '西洋参片', market: '亳州', date: '2026-11-20', price: 500 }] });
    expect(station.json()).toMatchObject({ inserted: 1 });
    const stored = (await maker.get('/api/v1/supply/prices?herb=XIYANGSHEN')).json<{ items: { pricePerKg: number }[] }>();
    expect(stored.items[0]!.pricePerKg).toBe(400);
    const moved = await monitor.patch(`/api/v1/supply/aliases/${encodeURIComponent('西洋参片')}`, { factor: 1 });
    expect(moved.json()).toMatchObject({ factor: 1 });
    expect((await monitor.delete(`/api/v1/supply/aliases/${encodeURIComponent('西洋参片')}`)).statusCode).toBe(204);
    expectProblem(await monitor.delete(`/api/v1/supply/aliases/${encodeURIComponent('西洋参片')}`), 404, 'not_found');
    expect(await auditCount('supply.alias.create')).toBe(1);
    expect(await auditCount('supply.alias.update')).toBe(1);
    expect(await auditCount('supply.alias.delete')).toBe(1);

    // Specs: add, duplicate, rename.
    const spec = await monitor.post('/api/v1/supply/herbs/XIYANGSHEN/specs', { name: '长支' });
    expect(spec.statusCode).toBe(201);
    const specId = spec.json<{ id: number }>().id;
    expectProblem(await monitor.post('/api/v1/supply/herbs/XIYANGSHEN/specs', { name: '统货' }), 409, 'conflict');
    expectProblem(await monitor.patch(`/api/v1/supply/specs/${specId}`, { name: '统货' }), 409, 'conflict');
    expect((await monitor.patch(`/api/v1/supply/specs/${specId}`, { name: '长支 A' })).json()).toMatchObject({ id: specId, name: '长支 A', herbCode: 'XIYANGSHEN' });
    expect((await maker.get('/api/v1/supply/herbs/XIYANGSHEN/specs')).json<{ items: { name: string }[] }>().items.map((s) => s.name)).toEqual(['统货', '长支 A']);

    // Markets.
    const market = await monitor.post('/api/v1/supply/markets', { code: 'jiangxi-zhangshu', nameZh: '樟树药材市场', nameEn: 'Zhangshu herb market', regionCode: '360000' });
    expect(market.statusCode).toBe(201);
    expect(market.json()).toMatchObject({ code: 'JIANGXI-ZHANGSHU', nameZh: '樟树药材市场' });
    expectProblem(await monitor.post('/api/v1/supply/markets', { code: 'BOZHOU2', nameZh: '亳州', nameEn: 'x', regionCode: '341600' }), 409, 'conflict');
    expectProblem(await monitor.post('/api/v1/supply/markets', { code: 'NOWHERE', nameZh: '无处', nameEn: 'Nowhere', regionCode: '999999' }), 400, 'validation');
    expect((await monitor.patch(`/api/v1/supply/markets/JIANGXI-ZHANGSHU`, { nameEn: 'Zhangshu herb market (Jiangxi)' })).json()).toMatchObject({ nameEn: 'Zhangshu herb market (Jiangxi)' });
    expect((await maker.get(`/api/v1/supply/markets?q=${encodeURIComponent('樟树')}`)).json<{ items: unknown[] }>().items).toHaveLength(1);

    // Search finds by pinyin, Latin name and alias; category filters.
    const search = async (q: string) => (await maker.get(`/api/v1/supply/herbs?q=${encodeURIComponent(q)}`)).json<{ items: { code: string }[] }>().items.map((h) => h.code);
    expect(await search('xiyang')).toEqual(['XIYANGSHEN']);
    expect(await search('quinquefolii')).toEqual(['XIYANGSHEN']);
    expect(await search('酒萸')).toEqual(['SHANZHUYU']);
    expect((await maker.get('/api/v1/supply/herbs?category=mineral')).json<{ items: { category: string }[] }>().items.every((h) => h.category === 'mineral')).toBe(true);

    // Who may: manufacturers and API tokens may not; a platform admin may.
    expectProblem(await maker.post('/api/v1/supply/herbs', { ...herb, code: 'M1', nameZh: '某药' }), 403, 'forbidden');
    expectProblem(await bearer(memberToken).post('/api/v1/supply/markets', { code: 'T1', nameZh: '某市场', nameEn: 'T', regionCode: '341600' }), 403, 'forbidden');
    expect((await (await t.login('admin')).post('/api/v1/supply/herbs', { ...herb, code: 'A1', nameZh: '某药' })).statusCode).toBe(201);
  });

  // Last: its rally of 三七 would change the forecasts and series the tests above read.
  it('screening sees ticks another process wrote: the window kept from its own writes is read again when the monitor version is not its own', async () => {
    const markets = ['亳州', '安国', '玉林', '成都荷花池', '文山三七市场'];
    const p = (await monitor.get(`/api/v1/supply/prices?herb=${encodeURIComponent('三七')}&limit=1`)).json<{ items: { pricePerKg: number }[] }>().items[0]!.pricePerKg;
    const first = await bearer(memberToken).post('/api/v1/supply/prices', { observations: markets.map((market) => ({ herb: '三七', market, date: '2026-12-09', price: p })) });
    expect(first.json()).toMatchObject({ inserted: 5, held: 0 });
    // Another process stores a genuine rally (three times the price, four days, every market):
    // its ticks and a new monitor version, committed.
    await sql`
      insert into price_observations (herb_id, spec_id, market_id, day, price, unit, price_per_kg, status, source)
      select h.id, s.id, m.id, d::date, ${3 * p}, '元/kg', ${3 * p}, 'ok', 'api'
      from herbs h join herb_specs s on s.herb_id = h.id and s.name = '统货', markets m,
        generate_series(date '2026-12-10', date '2026-12-13', interval '1 day') d
      where h.name_zh = '三七' and m.name_zh = any(${markets}::text[])`.execute(t.db);
    await sql`update supply_monitor set version = gen_random_uuid() where id = 1`.execute(t.db);
    // Judged against the rally it is normal; against this process's own last window it would be held.
    const next = await bearer(memberToken).post('/api/v1/supply/prices', { observations: [{ herb: '三七', market: '安国', date: '2026-12-14', price: 3 * p }] });
    expect(next.json()).toMatchObject({ inserted: 1, held: 0 });
    // And the window then follows this process's writes: a tick far from the rally is held.
    const spike = await bearer(memberToken).post('/api/v1/supply/prices', { observations: [{ herb: '三七', market: '玉林', date: '2026-12-15', price: 30 * p }] });
    expect(spike.json()).toMatchObject({ inserted: 1, held: 1 });
  });
});
