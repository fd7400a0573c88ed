import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import type { EvaluationView } from './symbiosis.schema';

const base = '/api/v1/symbiosis';
const PARK = 'BZ-TCM-PARK';

type SystemView = { code: string; version: number; scope: string; edition: string; note: string | null; indicators: { code: string; threshold: number | null; verified: boolean; computedFrom: string | null }[] };
type Problem = { errors: { field: string; code?: string }[] };

const put = (t: TestApp, client: TestClient, url: string, body: unknown) =>
  t.app.inject({ method: 'PUT', url, payload: body as Record<string, unknown>, headers: { cookie: client.cookie ?? '', 'x-csrf-token': client.csrf ?? '' } });

/**
 * The indicator systems as versioned data and the values offices enter (issue 14): what the
 * admin pages call. Platform admins publish versions; the park administration enters its park's
 * values, statistics offices their region's; the evaluation uses the newest version.
 */
describe.each(backends)('symbiosis indicator systems and values (%s)', (kind) => {
  let t: TestApp;
  let admin: TestClient;
  let park: TestClient;
  let year: number;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['byproducts', 'exchange', 'symbiosis'] });
    admin = await t.login('admin');
    park = await t.login('park');
    year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() - 1;
  }, 300_000);
  afterAll(async () => t?.close());

  it('gives the admin pages their capabilities', async () => {
    const caps = async (client: TestClient) => (await client.get('/api/v1/auth/me')).json<{ capabilities: Record<string, boolean> }>().capabilities;
    expect(await caps(admin)).toMatchObject({ editIndicatorSystems: true, enterParkIndicatorValues: true, enterRegionIndicatorValues: true });
    expect(await caps(park)).toMatchObject({ editIndicatorSystems: false, enterParkIndicatorValues: true, enterRegionIndicatorValues: false });
    expect(await caps(await t.login('bz-stat'))).toMatchObject({ editIndicatorSystems: false, enterParkIndicatorValues: false, enterRegionIndicatorValues: true });
    expect(await caps(await t.login('huatuo'))).toMatchObject({ editIndicatorSystems: false, enterParkIndicatorValues: false, enterRegionIndicatorValues: false });
  });

  it('publishes a new version of HJ 274; the old one stays; the evaluation uses the new threshold', async () => {
    const list = await park.get(`${base}/indicator-systems`);
    expect(list.statusCode, list.body).toBe(200);
    const hj = list.json<{ items: SystemView[] }>().items.find((s) => s.code === 'HJ274')!;
    expect(hj.version).toBe(1);
    expect(hj.indicators.every((d) => !d.verified)).toBe(true);

    const indicators = hj.indicators.map((d) => (d.code === 'water-reuse-rate' ? { ...d, threshold: 80, verified: true } : d));
    const body = { scope: 'park', nameZh: '国家生态工业示范园区标准', nameEn: 'National eco-industrial demonstration park standard', edition: 'HJ 274-2015（核对）', indicators, note: '核对用水指标' };
    expect((await park.post(`${base}/indicator-systems/HJ274`, body)).statusCode).toBe(403);
    const revised = await admin.post(`${base}/indicator-systems/HJ274`, body);
    expect(revised.statusCode, revised.body).toBe(201);
    expect(revised.json<SystemView>()).toMatchObject({ code: 'HJ274', version: 2, edition: 'HJ 274-2015（核对）', note: '核对用水指标' });

    const versions = await park.get(`${base}/indicator-systems/HJ274/versions`);
    expect(versions.statusCode, versions.body).toBe(200);
    const items = versions.json<{ items: SystemView[] }>().items;
    expect(items.map((v) => [v.version, v.edition])).toEqual([
      [2, 'HJ 274-2015（核对）'],
      [1, 'HJ 274-2015'],
    ]);
    expect(items[1]!.indicators.find((d) => d.code === 'water-reuse-rate')).toMatchObject({ threshold: 75, verified: false });
    expect((await park.get(`${base}/indicator-systems/NO-SUCH/versions`)).statusCode).toBe(404);

    // The demo's 78 % met 75; it does not meet 80.
    const ev = (await park.get(`${base}/parks/${PARK}/evaluation?from=${year}&to=${year}`)).json<EvaluationView>();
    const system = ev.systems.find((s) => s.code === 'HJ274')!;
    expect(system).toMatchObject({ version: 2, scope: 'park' });
    expect(system.indicators.find((d) => d.code === 'water-reuse-rate')!.scores[0]).toMatchObject({ value: 78, meetsThreshold: false, origin: 'entered' });
    expect(ev.systems.find((s) => s.code === 'NDRC-CE')!.scope).toBe('region');
  });

  it('refuses a repeated code and a platform figure the evaluation does not know, naming the row', async () => {
    const hj = (await admin.get(`${base}/indicator-systems`)).json<{ items: SystemView[] }>().items.find((s) => s.code === 'HJ274')!;
    const body = { scope: 'park', nameZh: 'x', nameEn: 'x', edition: 'x', indicators: hj.indicators };
    const dup = await admin.post(`${base}/indicator-systems/HJ274`, { ...body, indicators: [...hj.indicators, hj.indicators[0]] });
    expect(dup.statusCode).toBe(400);
    expect(dup.json<Problem>().errors[0]).toMatchObject({ field: `indicators[${hj.indicators.length}].code`, code: 'symbiosis.duplicateIndicator' });
    const figure = await admin.post(`${base}/indicator-systems/HJ274`, { ...body, indicators: [{ ...hj.indicators[0]!, computedFrom: 'gdp' }] });
    expect(figure.statusCode).toBe(400);
    expect(figure.json<Problem>().errors[0]!.field).toContain('indicators.0.computedFrom');
    expect((await admin.get(`${base}/indicator-systems/HJ274/versions`)).json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(1);
  });

  it('takes the region’s values from its statistics office, with the source shown in the park’s evaluation', async () => {
    const value = { system: 'NDRC-CE', indicator: 'waste-recycling-rate', subjectType: 'region', subject: '341602', year, value: 68.5, source: '亳州市统计年鉴（测试）' };
    expect((await put(t, park, `${base}/values`, value)).statusCode).toBe(403);
    const stat = await t.login('bz-stat');
    const ok = await put(t, stat, `${base}/values`, value);
    expect(ok.statusCode, ok.body).toBe(200);
    const wrong = await put(t, stat, `${base}/values`, { ...value, subjectType: 'park', subject: PARK });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<Problem>().errors[0]!.field).toBe('subjectType');
    const ev = (await park.get(`${base}/parks/${PARK}/evaluation?from=${year}&to=${year}`)).json<EvaluationView>();
    const score = ev.systems.find((s) => s.code === 'NDRC-CE')!.indicators.find((d) => d.code === 'waste-recycling-rate')!.scores[0]!;
    expect(score).toMatchObject({ value: 68.5, origin: 'entered', source: '亳州市统计年鉴（测试）' });
  });
});
