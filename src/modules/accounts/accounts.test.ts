import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends, createTestApp, type TestApp } from '../../../test/helpers/app';

const csvHeaders = { 'content-type': 'text/csv' };

describe.each(backends)('accounts API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind, demo: ['accounts'] });
  });
  afterAll(async () => {
    await t.close();
  });

  async function materialRowCount(): Promise<number> {
    const r = await sql<{ n: number }>`select count(*)::int8 as n from material_accounts`.execute(t.db);
    return r.rows[0]!.n;
  }

  it('reproduces the Zhejiang 2010→2013 change of seed 004, publicly', async () => {
    const res = await t.anonymous().get('/api/v1/accounts/change?region=浙江&from=2010&to=2013');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ region: string; gdpChange: number; dmcChange: number; productivityChange: number }>();
    expect(body.region).toBe('330000');
    expect(body.gdpChange).toBeCloseTo(0.27, 10);
    expect(body.dmcChange).toBeCloseTo(0.1, 10);
    expect(body.productivityChange).toBeCloseTo(1.27 / 1.1 - 1, 10);
    expect(Math.round(body.productivityChange * 1000) / 10).toBe(15.5);
  });

  it('serves indicators with year-on-year changes and quality scores', async () => {
    const res = await t.anonymous().get('/api/v1/accounts/indicators?region=330000&from=2010&to=2014');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ indicators: { year: number; dmc: number; dmi: number; circularMaterialUseRate: number }[]; yearOnYear: unknown[]; quality: unknown[] }>();
    expect(body.indicators.map((i) => i.year)).toEqual([2010, 2011, 2012, 2013, 2014]);
    for (const i of body.indicators) {
      expect(i.dmc).toBeLessThanOrEqual(i.dmi);
      expect(i.circularMaterialUseRate).toBeGreaterThan(0);
    }
    expect(body.yearOnYear).toHaveLength(4);
    expect(body.quality.length).toBeGreaterThan(0);
  });

  it('names the offending rows of a bad file and writes nothing', async () => {
    const zj = await t.login('zj-drc');
    const before = await materialRowCount();
    const file = [
      'region,year,kind,unit,domesticExtraction,imports,exports,fromOtherRegions,toOtherRegions,recycled',
      '浙江,2025,coal,t,0,1000,0,5000,0,0',
      '浙江,2025,unobtainium,t,1,0,0,0,0,0',
      '浙江,2025,timber,kg,1,0,0,0,0,0',
      '火星,2025,oil,t,1,0,0,0,0,0',
      '浙江,twenty,oil,t,1,0,0,0,0,0',
    ].join('\n');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/import?fileName=bad.csv', headers: { ...csvHeaders, cookie: zj.cookie!, 'x-csrf-token': zj.csrf! }, payload: file });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
    expect(fields).toContain('row 6: year');
    expect(await materialRowCount()).toBe(before);
  });

  it('imports a good file for the office of the region, with findings, and audits it', async () => {
    const zj = await t.login('zj-drc');
    const before = await materialRowCount();
    const rows = ['region,year,kind,unit,domesticExtraction,imports,exports,fromOtherRegions,toOtherRegions,recycled'];
    for (const k of ['coal', 'oil', 'limestone']) rows.push(`330000,2025,${k},t,1000,2000,100,3000,200,50`);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/import?fileName=zj-2025.csv', headers: { ...csvHeaders, cookie: zj.cookie!, 'x-csrf-token': zj.csrf! }, payload: rows.join('\n') });
    expect(res.statusCode).toBe(201);
    const outcome = res.json<{ kind: string; rows: number; regions: string[]; findings: { rule: string; year: number }[]; importId: string }>();
    expect(outcome).toMatchObject({ kind: 'materials', rows: 3, regions: ['330000'] });
    // 2025 has no GDP row yet and lacks 11 kinds: the import lands, the gaps become findings.
    expect(outcome.findings.some((f) => f.rule === 'missingEconomy' && f.year === 2025)).toBe(true);
    expect(await materialRowCount()).toBe(before + 3);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity_id', '=', outcome.importId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('accounts.import');

    const findings = await zj.get('/api/v1/accounts/findings?region=330000&year=2025');
    expect(findings.statusCode).toBe(200);
    const items = findings.json<{ items: { id: string; rule: string }[] }>().items;
    const finding = items.find((f) => f.rule === 'missingEconomy')!;
    const accepted = await zj.patch(`/api/v1/accounts/findings/${finding.id}`, { status: 'accepted', note: 'GDP 2025 not yet published' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted' });
  });

  it('lets only the statistics office of the region import', async () => {
    const file = 'region,year,kind,unit,domesticExtraction\n330000,2026,coal,t,1';
    for (const user of ['bz-stat', 'huatuo']) {
      const c = await t.login(user);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/import', headers: { ...csvHeaders, cookie: c.cookie!, 'x-csrf-token': c.csrf! }, payload: file });
      expect(res.statusCode, user).toBe(403);
    }
  });

  it('refuses an economy file that would mix base years for a region', async () => {
    const zj = await t.login('zj-drc');
    const file = 'region,year,baseYear,gdpCurrent,deflator,population\n浙江,2025,2020,90000,130,66000000';
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/import', headers: { ...csvHeaders, cookie: zj.cookie!, 'x-csrf-token': zj.csrf! }, payload: file });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ errors: { field: string }[] }>().errors[0]!.field).toBe('baseYear');
  });

  it('projects trend scenarios and a roadmap to a target', async () => {
    const zj = await t.login('zj-drc');
    const res = await zj.post('/api/v1/accounts/scenarios', { region: '浙江', baseYear: 2024, targetYear: 2030, targetChange: 0.25 });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ projections: { name: string; path: unknown[]; meetsTarget: boolean }[]; roadmap: { requiredAnnualImprovement: number; rows: unknown[] } }>();
    expect(body.projections.map((p) => p.name)).toEqual(['trend', 'green', 'frozen']);
    expect(body.projections[0]!.path).toHaveLength(7);
    expect(body.roadmap.requiredAnnualImprovement).toBeCloseTo(Math.pow(1.25, 1 / 6) - 1, 10);
    expect(body.roadmap.rows).toHaveLength(7);
  });
});
