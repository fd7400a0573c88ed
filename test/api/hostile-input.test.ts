import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../helpers/app';
import { supplyLimits } from '../../src/shared/supply';
import { countRows, expectProblem, makeToken, orgId } from '../helpers/fixtures';

/**
 * Requests a fuzzer sent that used to answer 500 or Fastify's own JSON: control characters in
 * any string, malformed URL encoding, over-long path parameters, integers past int4. Each must be
 * a problem+json 4xx naming the field where there is one, and write nothing.
 */
describe.each(backends)('hostile input (%s)', (kind) => {
  let t: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['platform'] });
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a NUL in a public path parameter, a query or a body field is a 400 naming it, never a 500', async () => {
    const pub = expectProblem(await t.anonymous().get('/api/v1/public/bulletins/%00'), 400, 'validation');
    expect(pub.errors).toEqual([{ field: 'params.ref', message: expect.stringMatching(/control characters/) as string }]);
    const query = expectProblem(await admin.get('/api/v1/organisations?q=a%00b'), 400, 'validation');
    expect(query.errors!.map((e) => e.field)).toEqual(['query.q']);
    const before = await countRows(t.db, 'organisations');
    const body = expectProblem(
      await admin.post('/api/v1/organisations', { code: 'NUL-ORG', nameZh: '空\u0000字', nameEn: 'Nul\u0007', type: 'utilizer', regionCode: '340000' }),
      400,
      'validation',
    );
    expect(body.errors!.map((e) => e.field).sort()).toEqual(['body.nameEn', 'body.nameZh']);
    expect(await countRows(t.db, 'organisations')).toBe(before);
  });

  it('line breaks and tabs stay allowed in bodies; nested fields and keys are named by their path', async () => {
    const nested = expectProblem(await admin.post('/api/v1/auth/switch', { organisationId: ['ok', 'bad\u0000'] }), 400, 'validation');
    expect(nested.errors!.map((e) => e.field)).toEqual(['body.organisationId.1']);
    const key = expectProblem(await admin.post('/api/v1/auth/switch', { 'a\u0000b': 1 }), 400, 'validation');
    expect(key.errors![0]!.field).toBe('body.a?b');
    // A multi-line value passes the guard (and is then judged by the route's own schema).
    const multiline = await admin.post('/api/v1/auth/switch', { organisationId: 'line one\nline two\ttabbed' });
    expect(multiline.statusCode).toBe(400);
    expect(multiline.body).not.toMatch(/control characters/);
  });

  it('bad URL encoding and over-long path parameters are problem+json, not Fastify JSON', async () => {
    const bad = await admin.get('/api/v1/organisations/%E0%A4%A');
    expectProblem(bad, 400, 'bad_request');
    const long = await admin.get(`/api/v1/organisations/${'a'.repeat(150)}`);
    expectProblem(long, 414, 'uri_too_long');
  });

  it('an integer path parameter past int4 is refused by the shared key field, naming it (not by the database)', async () => {
    for (const id of ['2147483648', '9007199254740993', '1e308', '0', '-1', '1.5']) {
      const p = expectProblem(await admin.patch(`/api/v1/supply/specs/${id}`, { name: '统货' }), 400, 'validation');
      // 1e308 is both too large and not an integer: one field, maybe two messages.
      expect([...new Set(p.errors!.map((e) => e.field))]).toEqual(['params.id']);
    }
    // The largest int4 passes validation and is simply not found.
    expectProblem(await admin.patch('/api/v1/supply/specs/2147483647', { name: '统货' }), 404, 'not_found');
  });

  it('scenarios with an empty list is a 400 naming body.scenarios, not a TypeError', async () => {
    const p = expectProblem(await admin.post('/api/v1/accounts/scenarios', { region: '340000', targetYear: 2030, scenarios: [], targetChange: 0.5 }), 400, 'validation');
    expect(p.errors!.map((e) => e.field)).toEqual(['body.scenarios']);
  });
});

/** Numbers that are finite and in range one by one but made a what-if cost or Y/P infinite. */
describe.each(backends)('hostile numbers in supply what-ifs and price files (%s)', (kind) => {
  let t: TestApp;
  let maker: TestClient;
  let monitorToken: string;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['supply'] });
    maker = await t.login('huatuo');
    monitorToken = (await makeToken(t.db, await orgId(t.db, 'BZ-MON-PRICE'), 'member')).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a what-if price of 1e308 or a cap of 5e-324 is a 400 naming the field (was an infinite result and a 500)', async () => {
    const url = `/api/v1/supply/formulas/${encodeURIComponent('复方丹参片')}/whatif`;
    const huge = expectProblem(await maker.post(url, { prices: { 丹参: 1e308 } }), 400, 'validation');
    expect(huge.errors!.map((e) => e.field)).toEqual(['body.prices.丹参']);
    const tiny = expectProblem(await maker.post(url, { priceCap: 5e-324 }), 400, 'validation');
    expect(tiny.errors!.map((e) => e.field)).toEqual(['body.priceCap']);
    const both = expectProblem(await maker.post(url, { prices: { 丹参: 1e308 }, priceCap: 1e308 }), 400, 'validation');
    expect(both.errors!.map((e) => e.field).sort()).toEqual(['body.priceCap', 'body.prices.丹参']);
    // The limits themselves still compute, finitely.
    const edge = await maker.post(url, { prices: { 丹参: supplyLimits.price.max }, priceCap: supplyLimits.price.min });
    expect(edge.statusCode).toBe(200);
    const body = edge.json<{ cost: number; ratio: number }>();
    expect(Number.isFinite(body.cost) && Number.isFinite(body.ratio)).toBe(true);
  });

  it('a formula with a yield of 5e-324 or an amount of 1e308 is refused, so no stored formula makes later reads infinite', async () => {
    const formula = (over: Record<string, unknown>, ingredient: Record<string, unknown> = {}) => ({
      formulas: [
        { code: 'HOSTILE-1', nameZh: '测试方', dosageForm: 'tablet', batchYield: 1000, batchUnit: '片', packSize: 48, ingredients: [{ herb: '丹参', amount: 500, unit: 'g', ...ingredient }], priceCaps: [{ from: '2020-01-01', priceCap: 12 }], ...over },
      ],
    });
    const before = await countRows(t.db, 'formulas');
    const yieldTiny = expectProblem(await maker.post('/api/v1/supply/formulas', formula({ batchYield: 5e-324 })), 400, 'validation');
    expect(yieldTiny.errors!.map((e) => e.field)).toEqual(['body.formulas.0.batchYield']);
    const amountHuge = expectProblem(await maker.post('/api/v1/supply/formulas', formula({}, { amount: 1e308 })), 400, 'validation');
    expect(amountHuge.errors!.map((e) => e.field)).toEqual(['body.formulas.0.ingredients.0.amount']);
    const capTiny = expectProblem(await maker.post('/api/v1/supply/formulas', formula({ priceCaps: [{ from: '2020-01-01', priceCap: 5e-324 }] })), 400, 'validation');
    expect(capTiny.errors!.map((e) => e.field)).toEqual(['body.formulas.0.priceCaps.0.priceCap']);
    expect(await countRows(t.db, 'formulas')).toBe(before);
  });

  it('floor-price and exposure numbers beyond their ranges are 400s naming the query field (were infinite results)', async () => {
    const floor = expectProblem(await maker.get('/api/v1/supply/floor-price?cycleYears=3&annualInput=1e308&yield=5e-324&annualProfit=0'), 400, 'validation');
    expect(floor.errors!.map((e) => e.field).sort()).toEqual(['query.annualInput', 'query.yield']);
    const shock = expectProblem(await maker.get(`/api/v1/supply/herbs/${encodeURIComponent('丹参')}/exposure?shock=1e308`), 400, 'validation');
    expect(shock.errors!.map((e) => e.field)).toEqual(['query.shock']);
  });

  it('an attribution from a day before an ingredient has prices is a 400 naming the field, not a NaN and a 500', async () => {
    const p = expectProblem(await maker.get('/api/v1/supply/formulas/AGNHW/attribution?from=2009-01-01&to=2026-11-20'), 400, 'validation');
    expect(p.errors!.map((e) => e.field)).toEqual(['from']);
  });

  it('the CSV price import takes the same price field as the JSON API: 1e308 is refused naming the row', async () => {
    const before = await countRows(t.db, 'price_observations');
    const csv = 'herb,market,date,price\n丹参,亳州,2026-11-21,30\n丹参,亳州,2026-11-22,1e308\n';
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/supply/prices/import', headers: { authorization: `Bearer ${monitorToken}`, 'content-type': 'text/csv' }, payload: csv });
    const p = expectProblem(res, 400, 'validation');
    expect(p.errors!.map((e) => e.field)).toEqual(['row 3: price']);
    expect(await countRows(t.db, 'price_observations')).toBe(before);
  });
});
