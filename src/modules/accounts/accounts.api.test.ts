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
    // Each issue the web can translate carries a stable code with the values it quotes.
    const regionFile = 'region,year,kind,unit,domesticExtraction\n火星,2025,oil,t,1\n浙江,2025,unobtainium,t,1';
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/import', headers: { ...csvHeaders, cookie: zj.cookie!, 'x-csrf-token': zj.csrf! }, payload: regionFile });
    expect(second.statusCode).toBe(400);
    const issues = second.json<{ errors: { field: string; code?: string; params?: Record<string, unknown> }[] }>().errors;
    expect(issues).toEqual([{ field: 'row 2: region', message: 'unknown region 火星', code: 'accounts.unknownRegion', params: { region: '火星' } }]);
    const kindFile = 'region,year,kind,unit,domesticExtraction\n浙江,2025,unobtainium,t,1';
    const third = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/import', headers: { ...csvHeaders, cookie: zj.cookie!, 'x-csrf-token': zj.csrf! }, payload: kindFile });
    expect(third.json<{ errors: { field: string; code?: string; params?: Record<string, unknown> }[] }>().errors).toEqual([
      { field: 'row 2: unobtainium', message: 'resource kind unobtainium is not in the catalogue', code: 'accounts.unknownKind', params: { kind: 'unobtainium' } },
    ]);
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
    expect(outcome.findings.find((f) => f.rule === 'missingEconomy' && f.year === 2025)).toMatchObject({ code: 'noEconomyForYear', params: { region: '330000', year: 2025 } });
    expect(await materialRowCount()).toBe(before + 3);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity_id', '=', outcome.importId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('accounts.import');

    const findings = await zj.get('/api/v1/accounts/findings?region=330000&year=2025');
    expect(findings.statusCode).toBe(200);
    const items = findings.json<{ items: { id: string; rule: string; code: string | null; params: Record<string, unknown>; message: string }[] }>().items;
    const finding = items.find((f) => f.rule === 'missingEconomy')!;
    // Stored findings keep the code and parameters, and the English text.
    expect(finding).toMatchObject({ code: 'noEconomyForYear', params: { region: '330000', year: 2025 }, message: 'no GDP/population row for 330000 2025' });
    const missingKind = items.find((f) => f.code === 'kindMissingInYear')!;
    expect(typeof missingKind.params.kind).toBe('string');
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

  it('names both rows of a row repeated in the file (400, not a database error) and writes nothing', async () => {
    const zj = await t.login('zj-drc');
    const upload = (file: string) => t.app.inject({ method: 'POST', url: '/api/v1/accounts/import', headers: { ...csvHeaders, cookie: zj.cookie!, 'x-csrf-token': zj.csrf! }, payload: file });
    const economy = 'region,year,baseYear,gdpCurrent,gdpConstant,population\n330000,2026,2010,90000,60000,66000000\n浙江,2026,2010,91000,61000,66000000';
    const before = await sql<{ n: number }>`select count(*)::int8 as n from economic_accounts`.execute(t.db);
    const repeated = await upload(economy);
    expect(repeated.statusCode).toBe(400);
    expect(repeated.headers['content-type']).toContain('application/problem+json');
    expect(repeated.json<{ errors: unknown[] }>().errors).toEqual([
      { field: 'row 3: year', message: '330000 2026 appears again (first in row 2)', code: 'accounts.repeatedRow', params: { row: 3, firstRow: 2, region: '330000', year: 2026, what: '330000 2026' } },
    ]);
    const materials = 'region,year,kind,unit,domesticExtraction\n330000,2026,coal,t,1\n330000,2026,oil,t,1\n浙江省,2026,coal,t,2';
    const again = await upload(materials);
    expect(again.statusCode).toBe(400);
    expect(again.json<{ errors: { field: string; message: string }[] }>().errors).toEqual([expect.objectContaining({ field: 'row 4: kind', message: '330000 2026 coal appears again (first in row 2)' })]);
    expect((await sql<{ n: number }>`select count(*)::int8 as n from economic_accounts`.execute(t.db)).rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('refuses figures that are not finite or out of range, naming row and column', async () => {
    const zj = await t.login('zj-drc');
    const before = await materialRowCount();
    const upload = (file: string) => t.app.inject({ method: 'POST', url: '/api/v1/accounts/import', headers: { ...csvHeaders, cookie: zj.cookie!, 'x-csrf-token': zj.csrf! }, payload: file });
    const materials = await upload('region,year,kind,unit,domesticExtraction,imports\n330000,2026,coal,t,1e308,1\n330000,2026,oil,t,1,Infinity\n330000,2026,gas,m3,-1,0');
    expect(materials.statusCode).toBe(400);
    expect(materials.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['row 2: domesticExtraction', 'row 3: imports', 'row 4: domesticExtraction']);
    const economy = await upload('region,year,baseYear,gdpCurrent,deflator,population\n330000,2026,2010,1e308,130,66000000\n330000,2027,2010,90000,130,1e12');
    expect(economy.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['row 2: gdpCurrent', 'row 3: population']);
    expect(await materialRowCount()).toBe(before);
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

  describe('resource catalogue', () => {
    const kind = { code: 'rareEarths', nameZh: '稀土', nameEn: 'Rare earths', category: 'metalOres', unit: 't', toTonnes: 1, primaryEquivalent: 50, basis: 'REO content to crude ore at 2 %' };

    it('lists the 14 national kinds publicly', async () => {
      const res = await t.anonymous().get('/api/v1/accounts/catalogue');
      expect(res.statusCode).toBe(200);
      const items = res.json<{ items: { code: string; national: boolean }[] }>().items;
      expect(items.filter((k) => k.national)).toHaveLength(14);
    });

    it('lets a statistics-office admin add, edit and delete a kind, each change audited', async () => {
      const zj = await t.login('zj-drc');
      const created = await zj.post('/api/v1/accounts/catalogue', kind);
      expect(created.statusCode).toBe(201);
      // An office's kind is its region's own.
      expect(created.json()).toMatchObject({ ...kind, national: false, region: '330000' });
      const again = await zj.post('/api/v1/accounts/catalogue', kind);
      expect(again.statusCode).toBe(409);
      expect(again.json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('accounts.kindExists');

      const edited = await zj.patch('/api/v1/accounts/catalogue/rareEarths', { primaryEquivalent: 40, category: 'nonMetallicMinerals' });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({ primaryEquivalent: 40, category: 'nonMetallicMinerals' });
      const listed = (await t.anonymous().get('/api/v1/accounts/catalogue')).json<{ items: { code: string; primaryEquivalent: number }[] }>().items;
      expect(listed.find((k) => k.code === 'rareEarths')!.primaryEquivalent).toBe(40);

      const deleted = await zj.delete('/api/v1/accounts/catalogue/rareEarths');
      expect(deleted.statusCode).toBe(204);
      const audit = await t.db.selectFrom('audit_log').select(['action']).where('entity_type', '=', 'resource_kinds').where('entity_id', '=', 'rareEarths').orderBy('at').execute();
      expect(audit.map((a) => a.action)).toEqual(['resource_kind.create', 'resource_kind.update', 'resource_kind.delete']);
    });

    it('validates kinds: code, unit, factors, at least one change', async () => {
      const zj = await t.login('zj-drc');
      const bad = await zj.post('/api/v1/accounts/catalogue', { ...kind, code: 'Rare earths', unit: 'barrel', toTonnes: 0, primaryEquivalent: 1e9 });
      expect(bad.statusCode).toBe(400);
      const fields = bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['body.code', 'body.unit', 'body.toTonnes', 'body.primaryEquivalent']));
      const empty = await zj.patch('/api/v1/accounts/catalogue/coal', {});
      expect(empty.statusCode).toBe(400);
      const unknown = await zj.patch('/api/v1/accounts/catalogue/unobtainium', { toTonnes: 2 });
      expect(unknown.statusCode).toBe(404);
    });

    it('keeps the national kinds: category fixed, never deleted; a unit change must keep stored rows convertible', async () => {
      const zj = await t.login('admin');
      const category = await zj.patch('/api/v1/accounts/catalogue/coal', { category: 'biomass' });
      expect(category.statusCode).toBe(409);
      expect(category.json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('accounts.nationalCategoryFixed');
      const del = await zj.delete('/api/v1/accounts/catalogue/coal');
      expect(del.statusCode).toBe(409);
      expect(del.json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('accounts.nationalKindKept');

      // The demo reports coal in t: a volume unit would make every stored coal row unconvertible.
      const before = await t.db.selectFrom('resource_kinds').selectAll().where('code', '=', 'coal').executeTakeFirstOrThrow();
      const unit = await zj.patch('/api/v1/accounts/catalogue/coal', { unit: 'm3', toTonnes: 0.9 });
      expect(unit.statusCode).toBe(409);
      const issue = unit.json<{ errors: { field: string; code: string; params: { unit: string; rows: number } }[] }>().errors[0]!;
      expect(issue).toMatchObject({ field: 'body.unit', code: 'accounts.unitChangeBreaksRows', params: { unit: 't' } });
      expect(issue.params.rows).toBeGreaterThan(0);
      const after = await t.db.selectFrom('resource_kinds').selectAll().where('code', '=', 'coal').executeTakeFirstOrThrow();
      expect(after).toEqual(before);
      // Within the same dimension the rows still convert: 万t is accepted (and set back).
      expect((await zj.patch('/api/v1/accounts/catalogue/coal', { unit: '万t', toTonnes: 10000 })).statusCode).toBe(200);
      expect((await zj.patch('/api/v1/accounts/catalogue/coal', { unit: 't', toTonnes: 1 })).statusCode).toBe(200);
    });

    it('refuses to delete a kind that stored rows use', async () => {
      const zj = await t.login('zj-drc');
      expect((await zj.post('/api/v1/accounts/catalogue', { ...kind, code: 'graphite', unit: 't' })).statusCode).toBe(201);
      const file = 'region,year,kind,unit,domesticExtraction\n330000,2024,graphite,t,10';
      const imported = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/import', headers: { ...csvHeaders, cookie: zj.cookie!, 'x-csrf-token': zj.csrf! }, payload: file });
      expect(imported.statusCode).toBe(201);
      const del = await zj.delete('/api/v1/accounts/catalogue/graphite');
      expect(del.statusCode).toBe(409);
      expect(del.json<{ errors: { code: string; params: { rows: number } }[] }>().errors[0]).toMatchObject({ code: 'accounts.kindInUse', params: { rows: 1 } });
    });

    it('the attack: an office can no longer change another province’s indicators; a region’s own kinds count only there', async () => {
      const bz = await t.login('bz-stat');
      const zj = await t.login('zj-drc');
      const admin = await t.login('admin');
      const dmi = async () => (await t.anonymous().get('/api/v1/accounts/indicators?region=330000&from=2012&to=2012')).json<{ indicators: { dmi: number }[] }>().indicators[0]!.dmi;
      const before = await dmi();
      // 亳州's office changing the national coal factor: refused, Zhejiang's DMI unchanged.
      expect((await bz.patch('/api/v1/accounts/catalogue/coal', { toTonnes: 30 })).statusCode).toBe(403);
      expect((await bz.post('/api/v1/accounts/catalogue', { ...kind, code: 'nationalByOffice', region: null })).statusCode).toBe(403);
      expect(await dmi()).toBe(before);
      // Its own kind: created for 341600, changed by it, not by Zhejiang's office.
      const own = await bz.post('/api/v1/accounts/catalogue', { ...kind, code: 'bozhouSlag' });
      expect(own.json()).toMatchObject({ code: 'bozhouSlag', region: '341600', national: false });
      expect((await zj.patch('/api/v1/accounts/catalogue/bozhouSlag', { toTonnes: 30 })).statusCode).toBe(403);
      expect((await zj.delete('/api/v1/accounts/catalogue/bozhouSlag')).statusCode).toBe(403);
      expect((await zj.post('/api/v1/accounts/catalogue', { ...kind, code: 'zjForAnhui', region: '341600' })).statusCode).toBe(403);
      expect((await bz.patch('/api/v1/accounts/catalogue/bozhouSlag', { toTonnes: 2 })).statusCode).toBe(200);
      // Zhejiang's accounts cannot use 亳州's kind: an unknown kind there, nothing imported.
      const file = 'region,year,kind,unit,domesticExtraction\n330000,2024,bozhouSlag,t,10';
      const imported = await t.app.inject({ method: 'POST', url: '/api/v1/accounts/import', headers: { ...csvHeaders, cookie: zj.cookie!, 'x-csrf-token': zj.csrf! }, payload: file });
      expect(imported.statusCode).toBe(400);
      expect(imported.json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('accounts.unknownKind');
      // A firm of 亳州 reports in its region's kind, not in Zhejiang's.
      expect((await zj.post('/api/v1/accounts/catalogue', { ...kind, code: 'zhejiangOnly' })).statusCode).toBe(201);
      const firm = await t.login('huatuo');
      expect((await firm.post('/api/v1/reports', { period: '2024-02', lines: [{ kind: 'bozhouSlag', unit: 't', consumed: 3 }] })).statusCode).toBe(201);
      const foreign = await firm.post('/api/v1/reports', { period: '2024-03', lines: [{ kind: 'zhejiangOnly', unit: 't', consumed: 3 }] });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json<{ errors: { code: string }[] }>().errors[0]!.code).toBe('accounts.unknownKind');
      // National kinds: platform admins, each change audited with who made it.
      expect((await admin.patch('/api/v1/accounts/catalogue/coal', { basis: 'raw coal as mined (checked)' })).statusCode).toBe(200);
      const audit = await t.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_type', '=', 'resource_kinds').where('entity_id', 'in', ['bozhouSlag', 'coal']).execute();
      expect(audit.map((a) => `${a.action} ${a.entity_id}`)).toEqual(expect.arrayContaining(['resource_kind.create bozhouSlag', 'resource_kind.update bozhouSlag', 'resource_kind.update coal']));
      const listed = (await t.anonymous().get('/api/v1/accounts/catalogue')).json<{ items: { code: string; region: string | null }[] }>().items;
      expect(listed.find((k) => k.code === 'coal')!.region).toBeNull();
    });

    it('lets only statistics-office admins and platform admins edit', async () => {
      for (const user of ['huatuo', 'bz-eeb']) {
        const c = await t.login(user);
        expect((await c.post('/api/v1/accounts/catalogue', { ...kind, code: `k${user.replace('-', '')}` })).statusCode, user).toBe(403);
        expect((await c.patch('/api/v1/accounts/catalogue/coal', { basis: 'x' })).statusCode, user).toBe(403);
      }
      const admin = await t.login('admin');
      expect((await admin.patch('/api/v1/accounts/catalogue/timber', { basis: 'air-dry density 0.6 t/m³ (checked)' })).statusCode).toBe(200);
    });
  });
});
