import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, orgId } from '../../../test/helpers/fixtures';
import type { OrganisationView, SiteView } from './organisations.schema';

describe.each(backends)('organisations and sites (%s)', (kind) => {
  let t: TestApp;
  let admin: TestClient;
  let huatuo: TestClient;
  let huatuoId: string;
  beforeAll(async () => {
    t = await createTestApp({ kind });
    admin = await t.login('admin');
    huatuo = await t.login('huatuo');
    huatuoId = await orgId(t.db, 'BZ-MFR-HUATUO');
  });
  afterAll(() => t.close());

  const codes = async (query: string) =>
    (await huatuo.get(`/api/v1/organisations?${query}`)).json<{ items: OrganisationView[]; total: number }>();

  describe('directory', () => {
    it('filters by type, by region (and everything below it) and by text', async () => {
      expect((await codes('type=regulator')).items.map((o) => o.code).sort()).toEqual(['AH-REG-EED', 'BZ-REG-EEB']);
      const bozhou = await codes('regionCode=341600&limit=500');
      expect(bozhou.items.every((o) => o.regionCode.startsWith('3416'))).toBe(true);
      expect(bozhou.items.map((o) => o.code)).toContain('BZ-UTL-JUNXIANG'); // 341621, a county of 亳州
      expect((await codes('regionCode=340000&limit=500')).total).toBe(bozhou.total + 2); // + the two provincial bodies
      // 341000 (黄山) is a sibling city: its prefix is 3410, not 341.
      expect((await codes('regionCode=341000')).total).toBe(0);
      expect((await codes('regionCode=341621')).items.map((o) => o.code)).toEqual(['BZ-UTL-JUNXIANG']);
      expect((await codes('q=huatuo')).items.map((o) => o.code)).toEqual(['BZ-MFR-HUATUO']);
      expect((await codes(`q=${encodeURIComponent('生态环境')}`)).total).toBe(2);
      // LIKE wildcards in the search text are taken literally.
      expect((await codes('q=%25')).total).toBe(0);
      expect((await codes('q=_')).total).toBe(0);
    });

    it('pages with limit and offset and reports the total', async () => {
      const first = await codes('limit=10&offset=0');
      const second = await codes('limit=10&offset=10');
      expect(first.total).toBe(27);
      expect(first.items).toHaveLength(10);
      const firstIds = new Set(first.items.map((o) => o.id));
      expect(second.items.filter((o) => firstIds.has(o.id))).toEqual([]);
      expectProblem(await huatuo.get('/api/v1/organisations?limit=501'), 400, 'validation');
    });

    it('answers 404 for an unknown organisation', async () => {
      expectProblem(await huatuo.get('/api/v1/organisations/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
      expectProblem(await huatuo.get('/api/v1/organisations/00000000-0000-4000-8000-000000000000/sites'), 404, 'not_found');
      expectProblem(await huatuo.patch('/api/v1/sites/00000000-0000-4000-8000-000000000000', { name: 'x' }), 404, 'not_found');
    });
  });

  describe('changes', () => {
    it('the platform admin creates an organisation in a park; its code is normalised', async () => {
      const park = (await huatuo.get('/api/v1/parks')).json<{ items: { id: string; code: string }[] }>().items[0]!;
      const res = await admin.post('/api/v1/organisations', {
        code: ' bz-utl-new ',
        nameZh: '新企业',
        nameEn: 'New firm',
        type: 'utilizer',
        regionCode: '341602',
        parkId: park.id,
        creditCode: '91341600ma2n009x99',
        contactPhone: '0558-1234567',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<OrganisationView>()).toMatchObject({ code: 'BZ-UTL-NEW', parkId: park.id, creditCode: '91341600MA2N009X99', contactPhone: '0558-1234567' });
      expectProblem(await admin.post('/api/v1/organisations', { code: 'X-1', nameZh: 'x', nameEn: 'x', type: 'utilizer', regionCode: '341602', parkId: '00000000-0000-4000-8000-000000000000' }), 400, 'validation');
    });

    it('an org admin updates its profile and can clear optional fields', async () => {
      const res = await huatuo.patch(`/api/v1/organisations/${huatuoId}`, { contactPhone: null, nameZh: '  亳州华佗本草制药有限公司  ' });
      expect(res.statusCode).toBe(200);
      expect(res.json<OrganisationView>()).toMatchObject({ contactPhone: null, nameZh: '亳州华佗本草制药有限公司' });
      // Sending the unchanged region (as the web form does) is fine.
      expect((await huatuo.patch(`/api/v1/organisations/${huatuoId}`, { regionCode: '341602', contactPhone: '0558-5510001' })).statusCode).toBe(200);
    });

    it('only platform admins move an organisation to another region or park (it decides who oversees it)', async () => {
      const moved = await huatuo.patch(`/api/v1/organisations/${huatuoId}`, { regionCode: '110000' });
      expectProblem(moved, 403, 'forbidden');
      expectProblem(await huatuo.patch(`/api/v1/organisations/${huatuoId}`, { parkId: null }), 403, 'forbidden');
      const row = await t.db.selectFrom('organisations').select(['region_code', 'park_id']).where('id', '=', huatuoId).executeTakeFirstOrThrow();
      expect(row.region_code).toBe('341602');
      expect(row.park_id).not.toBeNull();
      const baishao = await orgId(t.db, 'BZ-MFR-BAISHAO');
      const byAdmin = await admin.patch(`/api/v1/organisations/${baishao}`, { regionCode: '341621' });
      expect(byAdmin.statusCode).toBe(200);
      expect(byAdmin.json<OrganisationView>().regionCode).toBe('341621');
    });

    it('sites: create, update, delete with coordinates kept exactly', async () => {
      const created = await huatuo.post(`/api/v1/organisations/${huatuoId}/sites`, { name: ' 新仓库 ', address: '药都大道 1 号', latitude: 33.123456, longitude: 115.654321 });
      expect(created.statusCode).toBe(201);
      const site = created.json<SiteView>();
      expect(site).toMatchObject({ name: '新仓库', latitude: 33.123456, longitude: 115.654321, organisationId: huatuoId });
      const stored = await t.db.selectFrom('sites').select(['latitude', 'longitude']).where('id', '=', site.id).executeTakeFirstOrThrow();
      expect(stored).toEqual({ latitude: '33.123456', longitude: '115.654321' });
      const updated = await huatuo.patch(`/api/v1/sites/${site.id}`, { latitude: -33.5 });
      expect(updated.json<SiteView>()).toMatchObject({ latitude: -33.5, longitude: 115.654321, name: '新仓库' });
      expect((await huatuo.delete(`/api/v1/sites/${site.id}`)).statusCode).toBe(204);
      expectProblem(await huatuo.delete(`/api/v1/sites/${site.id}`), 404, 'not_found');
    });
  });

  it('public reference data: parks and regions without login', async () => {
    const parks = await t.anonymous().get('/api/v1/parks');
    expect(parks.json<{ items: { code: string }[] }>().items.map((p) => p.code)).toContain('BZ-TCM-PARK');
    const regions = (await t.anonymous().get('/api/v1/regions')).json<{ items: { code: string; parentCode: string | null; level: string }[] }>().items;
    expect(regions.find((r) => r.code === '341602')).toMatchObject({ level: 'county', parentCode: '341600' });
    expect(regions.filter((r) => r.level === 'province').length).toBeGreaterThanOrEqual(31);
  });

  it('dashboard counts are real numbers from the database', async () => {
    const res = await huatuo.get('/api/v1/dashboard/summary');
    expect(res.statusCode).toBe(200);
    const summary = res.json<{ organisations: number; organisationsByType: Record<string, number>; sites: number; users: number; myOrganisation: { sites: number; members: number } }>();
    const count = async (table: 'organisations' | 'sites' | 'users') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(summary.organisations).toBe(await count('organisations'));
    expect(summary.sites).toBe(await count('sites'));
    expect(summary.users).toBe(await count('users'));
    expect(summary.organisationsByType.regulator).toBe(2);
    expect(summary.myOrganisation.members).toBe(2);
    expectProblem(await t.anonymous().get('/api/v1/dashboard/summary'), 401, 'unauthenticated');
  });
});
