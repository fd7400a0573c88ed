import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { backends, type TestApp, type TestClient } from '../../../test/helpers/app';
import { csv, type Json, send as sendAs, startByproductsApp, upload as uploadAs } from './byproducts.api-fixture';

/**
 * Issue 4, the parts added last: a firm's declared inputs and its Material Circularity Indicator
 * in the firm figures, and the monthly records import (all or nothing, idempotent per stream
 * and month).
 */
interface Mci { value: number | null; reasonCode: string | null; reason: string | null; assumptions: string[]; inputs: Json | null; terms: Record<string, number> | null }

describe.each(backends)('by-product inputs, MCI and records import on %s', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let shaodu: TestClient;
  let park: TestClient;
  let regulator: TestClient;
  beforeAll(async () => {
    ({ t, huatuo, shaodu, park, regulator } = await startByproductsApp(kind));
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (c: TestClient, method: 'PUT' | 'DELETE', url: string, payload?: unknown) => sendAs(t, c, method, url, payload);
  const upload = (c: TestClient, payload: string | Buffer, type = csv['content-type']) => uploadAs(t, c, '/api/v1/byproducts/records/import?fileName=records.csv', payload, type);
  const recordCount = async () => (await sql<{ n: number }>`select count(*)::int8 as n from byproduct_records`.execute(t.db)).rows[0]!.n;
  const lastYear = String(new Date().getUTCFullYear() - 1);

  it('serves the firm MCI from the demo inputs, and null with the reason where a firm declared none', async () => {
    const res = await huatuo.get(`/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-HUATUO&period=${lastYear}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ figures: { generatedT: number; utilisedT: number }; mci: Mci }>();
    const m = body.mci;
    expect(m.reasonCode).toBeNull();
    expect(m.inputs).toMatchObject({ period: lastYear, recycledFeedstockT: 0, recyclingEfficiency: 0.7, utility: null });
    expect(m.assumptions).toEqual(['utility-average']);
    // Recomputed from the served figures and inputs by the formula in the engine README.
    const M = m.terms!.M!;
    expect(M).toBeCloseTo((m.inputs!.virginFeedstockT as number), 6);
    const CR = body.figures.utilisedT / M;
    expect(m.terms!.CR).toBeCloseTo(CR, 9);
    const W = M * (1 - CR) + (M * 0.3 * CR) / 2;
    const lfi = (M + W) / (2 * M - (M * 0.3 * CR) / 2);
    expect(m.value).toBeCloseTo(1 - 0.9 * lfi, 9);
    expect(m.value).toBeGreaterThan(0.1);

    const kangyang = (await park.get(`/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-KANGYANG&period=${lastYear}`)).json<{ mci: Mci }>();
    expect(kangyang.mci).toMatchObject({ value: null, reasonCode: 'no-inputs', terms: null, inputs: null });
    expect(kangyang.mci.reason).toMatch(/no inputs/);
    // Park and region figures carry no MCI.
    expect((await t.anonymous().get(`/api/v1/byproducts/figures?scope=park&id=BZ-TCM-PARK&period=${lastYear}`)).json<{ mci: unknown }>().mci).toBeNull();
  });

  it('lets a firm declare, correct and withdraw its inputs; a month uses the year pro rata; others may not write', async () => {
    const url = '/api/v1/byproducts/firms/BZ-MFR-KANGYANG/inputs/2020';
    // 康养 itself is not logged in here: its park administration declares for it.
    const missingEf = await send(park, 'PUT', url, { virginFeedstockT: 900, recycledFeedstockT: 100 });
    expect(missingEf.statusCode).toBe(400);
    expect(missingEf.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain('body.recycledFeedstockEfficiency');
    const shares = await send(park, 'PUT', url, { virginFeedstockT: 900, productRecycledFraction: 0.7, productReusedFraction: 0.5 });
    expect(shares.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain('body.productReusedFraction');
    expect((await send(shaodu, 'PUT', url, { virginFeedstockT: 1 })).statusCode).toBe(403);
    expect((await send(regulator, 'PUT', url, { virginFeedstockT: 1 })).statusCode).toBe(403);

    const ok = await send(park, 'PUT', url, { virginFeedstockT: 1200, recycledFeedstockT: 0, recyclingEfficiency: null, note: 'annual report' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ period: '2020', virginFeedstockT: 1200, recyclingEfficiency: null, productRecycledFraction: 0 });
    // Nothing utilised in 2020 (no records): E_C is not needed; a linear firm of average utility scores 0.1.
    const y = (await park.get('/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-KANGYANG&period=2020')).json<{ mci: Mci }>();
    expect(y.mci.value).toBeCloseTo(0.1, 9);
    const month = (await park.get('/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-KANGYANG&period=2020-05')).json<{ mci: Mci }>();
    expect(month.mci.assumptions).toContain('year-inputs-pro-rata');
    expect(month.mci.terms!.M).toBeCloseTo(100, 9);

    // The year the firm has by-products utilised but no E_C declared: null with the reason.
    const recent = `/api/v1/byproducts/firms/BZ-MFR-KANGYANG/inputs/${lastYear}`;
    expect((await send(park, 'PUT', recent, { virginFeedstockT: 50000 })).statusCode).toBe(200);
    const noEc = (await park.get(`/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-KANGYANG&period=${lastYear}`)).json<{ mci: Mci }>();
    expect(noEc.mci).toMatchObject({ value: null, reasonCode: 'recycling-efficiency-missing' });
    expect((await send(park, 'PUT', recent, { virginFeedstockT: 50000, recyclingEfficiency: 0.6, utility: 2 })).statusCode).toBe(200);
    const withEc = (await park.get(`/api/v1/byproducts/figures?scope=firm&id=BZ-MFR-KANGYANG&period=${lastYear}`)).json<{ mci: Mci }>();
    expect(withEc.mci.value).toBeGreaterThan(0.5);
    expect(withEc.mci.assumptions).toEqual([]);

    const list = (await regulator.get('/api/v1/byproducts/firms/BZ-MFR-KANGYANG/inputs')).json<{ items: { period: string }[] }>();
    expect(list.items.map((i) => i.period)).toEqual(['2020', lastYear]);
    expect((await shaodu.get('/api/v1/byproducts/firms/BZ-MFR-KANGYANG/inputs')).statusCode).toBe(403);
    expect((await send(park, 'DELETE', url)).statusCode).toBe(204);
    expect((await send(park, 'DELETE', url)).statusCode).toBe(404);
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'byproduct_firm_inputs').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['byproduct_firm_inputs.put', 'byproduct_firm_inputs.delete']));
  });

  it('gives each stream validation message a stable code and params (the English message stays)', async () => {
    const bad = await huatuo.post('/api/v1/byproducts/what-if/advice', { herb: '丹参', stage: 'moon', tonnesPerYear: -3, assays: { crudeFibre: 80, crudeProtein: 50 }, hazardous: true });
    expect(bad.statusCode).toBe(400);
    const errors = bad.json<{ errors: { field: string; message: string; code: string; params?: Json }[] }>().errors;
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(byField['body.tonnesPerYear']).toMatchObject({ code: 'too-small', params: { min: 0, op: '>' }, message: 'must be > 0' });
    expect(byField['body.stage']).toMatchObject({ code: 'unknown-choice', params: { value: 'moon' } });
    expect(byField['body.part']).toMatchObject({ code: 'part-or-residue' });
    expect(byField['body.assays']).toMatchObject({ code: 'proximate-sum', params: { sum: '130.0' } });
    expect(byField['body.hazardousCode']).toMatchObject({ code: 'hazardous-code-required' });
    // Row errors of a stream import carry the same codes.
    const file = ['herb,part,stage,tonnesPerYear', '丹参,root,extraction,abc'].join('\n');
    const imp = await t.app.inject({ method: 'POST', url: '/api/v1/byproducts/streams/import?fileName=x.csv', headers: { ...csv, cookie: huatuo.cookie!, 'x-csrf-token': huatuo.csrf! }, payload: file });
    expect(imp.json<{ errors: { field: string; code: string }[] }>().errors).toContainEqual(expect.objectContaining({ field: 'row 2: tonnesPerYear', code: 'not-number' }));
  });

  it('imports monthly records all or nothing with row-numbered errors, and a second import of the same file changes nothing', async () => {
    const streams = (await huatuo.get('/api/v1/byproducts/streams')).json<{ items: { code: string }[] }>().items;
    const [a, b] = [streams[0]!.code, streams[1]!.code];
    const header = 'stream,period,generatedT,lowValueConversionT,valueAddedT,landfillT,valueCreatedYuan,disposalCostYuan';
    const before = await recordCount();
    const bad = [
      header,
      `${a},2019-01,100,40,20,40,5000,6000`,
      `${a},2019-13,100,,,,,`,
      `NO-SUCH,2019-02,10,,,,,`,
      `${b},2019-01,abc,,,,,`,
      `${b},2019-02,10,50,,,,`,
      `${a},2019-01,90,,,,,`,
      `BZ-MFR-SHAODU-S01,2019-01,10,,,,,`,
    ].join('\n');
    // The cells are checked while the file is read (month, numbers in the JSON API's ranges) ...
    const rejected = await upload(huatuo, bad);
    expect(rejected.statusCode).toBe(400);
    const fields = rejected.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toEqual(['row 3: period', 'row 5: generatedT']);
    // ... then the rows against the database: stream known and writable, plausible, once each.
    const cellsFixed = bad.replace(`${a},2019-13,`, `${a},2019-12,`).replace(`${b},2019-01,abc,`, `${b},2019-01,5,`);
    const refused = await upload(huatuo, cellsFixed);
    expect(refused.statusCode).toBe(400);
    const rowFields = refused.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(rowFields).toEqual(['row 4: stream', 'row 6: generatedT', 'row 7: period', 'row 8: stream']);
    const beyondApiRange = await upload(huatuo, `${header}\n${a},2019-01,2e9,,,,,`);
    expect(beyondApiRange.json<{ errors: { field: string; message: string }[] }>().errors).toEqual([expect.objectContaining({ field: 'row 2: generatedT' })]);
    expect(await recordCount()).toBe(before);

    const missingColumn = await upload(huatuo, 'stream,period\nX,2019-01');
    expect(missingColumn.statusCode).toBe(400);
    expect(missingColumn.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toContain('column generatedT');

    // Chinese headers, a month written 2019年3月.
    const good = ['流编码,月份,产生量,低值转化,高效增值,填埋,创造价值,处置费用', `${a},2019-01,100,40,20,40,5000,6000`, `${a},2019年3月,80,80,,,4000,0`, `${b},2019-01,10,,,10,,1500`].join('\n');
    const first = await upload(huatuo, good);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ rows: 3, created: 3, updated: 0, streams: 2 });
    expect(await recordCount()).toBe(before + 3);
    const records = (await huatuo.get(`/api/v1/byproducts/streams/${a}/records`)).json<{ items: { period: string; generatedT: number; utilised: Record<string, number>; disposed: Record<string, number>; valueCreatedYuan: number }[] }>().items;
    expect(records.find((r) => r.period === '2019-03')).toMatchObject({ generatedT: 80, utilised: { 'low-value-conversion': 80 }, valueCreatedYuan: 4000 });
    const again = await upload(huatuo, good);
    expect(again.json()).toEqual({ rows: 3, created: 0, updated: 3, streams: 2 });
    expect(await recordCount()).toBe(before + 3);
    const records2 = (await huatuo.get(`/api/v1/byproducts/streams/${a}/records`)).json<{ items: unknown[] }>().items;
    expect(records2).toEqual(records);

    // .xlsx works too, with the month as an Excel date cell.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('records');
    ws.addRow(['stream', 'period', 'generatedT', 'harmlessTreatmentT', 'disposalCostYuan']);
    ws.addRow([a, new Date(Date.UTC(2019, 4, 1)), 50, 50, 15000]);
    const xlsx = await upload(huatuo, Buffer.from(await wb.xlsx.writeBuffer()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.statusCode, xlsx.body).toBe(201);
    expect(xlsx.json()).toMatchObject({ rows: 1, created: 1 });
    const may = (await huatuo.get('/api/v1/byproducts/figures?scope=stream&id=' + a + '&period=2019-05')).json<{ figures: { disposalMix: Record<string, { tonnes: number }> } }>();
    expect(may.figures.disposalMix['harmless-treatment']!.tonnes).toBe(50);

    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'byproduct_record.import').execute();
    expect(audit).toHaveLength(3);
  });
});
