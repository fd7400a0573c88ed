import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp, type TestClient } from '../helpers/app';
import { FIXTURE_PASSWORD, makeMember, makeSite, makeToken, orgId, unique } from '../helpers/fixtures';

/**
 * The role matrix: for every kind of caller, what it may and may not do to one manufacturer
 * (亳州华佗本草, region 341602 in the 亳州 park) and which of its confidential fields it sees.
 * Rule of the platform: an organisation's data is visible to it, to regulators whose region
 * covers it (亳州 341600, 安徽 340000) and to platform admins; writes are for its admins.
 */
type Action =
  | 'readOrg'
  | 'listMembers'
  | 'createOrg'
  | 'updateOrg'
  | 'createSite'
  | 'updateSite'
  | 'deleteSite'
  | 'addMember'
  | 'changeRole'
  | 'removeMember'
  | 'listTokens'
  | 'createToken'
  | 'revokeToken'
  | 'auditOfOrg'
  | 'auditDefault';

interface Fixture {
  t: TestApp;
  target: string;
}

/** Each action returns the HTTP status; write actions make their own fresh target rows. */
const actions: Record<Action, (c: TestClient, f: Fixture) => Promise<number>> = {
  readOrg: async (c, f) => (await c.get(`/api/v1/organisations/${f.target}`)).statusCode,
  listMembers: async (c, f) => (await c.get(`/api/v1/organisations/${f.target}/members`)).statusCode,
  createOrg: async (c) =>
    (
      await c.post('/api/v1/organisations', {
        code: unique('T-').toUpperCase(),
        nameZh: '测试企业',
        nameEn: 'Test firm',
        type: 'manufacturer',
        regionCode: '341602',
      })
    ).statusCode,
  updateOrg: async (c, f) => (await c.patch(`/api/v1/organisations/${f.target}`, { nameEn: 'Huatuo Bencao Pharmaceutical Co.' })).statusCode,
  createSite: async (c, f) =>
    (await c.post(`/api/v1/organisations/${f.target}/sites`, { name: unique('site-'), address: '药都大道 1 号', latitude: 33.8, longitude: 115.8 })).statusCode,
  updateSite: async (c, f) => (await c.patch(`/api/v1/sites/${await makeSite(f.t.db, f.target)}`, { name: unique('renamed-') })).statusCode,
  deleteSite: async (c, f) => (await c.delete(`/api/v1/sites/${await makeSite(f.t.db, f.target)}`)).statusCode,
  addMember: async (c, f) =>
    (await c.post(`/api/v1/organisations/${f.target}/members`, { username: unique('new-'), displayName: 'New Person', password: FIXTURE_PASSWORD, role: 'member' }))
      .statusCode,
  changeRole: async (c, f) => {
    const m = await makeMember(f.t.db, f.target, 'member');
    return (await c.patch(`/api/v1/organisations/${f.target}/members/${m.userId}`, { role: 'reader' })).statusCode;
  },
  removeMember: async (c, f) => {
    const m = await makeMember(f.t.db, f.target, 'member');
    return (await c.delete(`/api/v1/organisations/${f.target}/members/${m.userId}`)).statusCode;
  },
  listTokens: async (c, f) => (await c.get(`/api/v1/organisations/${f.target}/tokens`)).statusCode,
  createToken: async (c, f) => (await c.post(`/api/v1/organisations/${f.target}/tokens`, { name: unique('feed-') })).statusCode,
  revokeToken: async (c, f) => (await c.delete(`/api/v1/tokens/${(await makeToken(f.t.db, f.target)).id}`)).statusCode,
  auditOfOrg: async (c, f) => (await c.get(`/api/v1/audit?organisationId=${f.target}`)).statusCode,
  auditDefault: async (c) => (await c.get('/api/v1/audit')).statusCode,
};

const allActions = Object.keys(actions) as Action[];
const read: Action[] = ['readOrg'];
const ownerAdmin: Action[] = allActions.filter((a) => a !== 'createOrg');
const platformAdmin: Action[] = allActions.filter((a) => a !== 'createToken');
const regionalRegulator: Action[] = ['readOrg', 'listMembers', 'auditOfOrg', 'auditDefault'];
/** Admins of other organisations read their own audit trail (auditDefault), nothing of the target's. */
const otherAdmin: Action[] = ['readOrg', 'auditDefault'];

interface Row {
  who: string;
  /** demo username, a user made in beforeAll, 'token' or 'anonymous' */
  login: string;
  allowed: Action[];
  /** sees contactPhone, site addresses and coordinates of the target */
  confidential: boolean;
}

const matrix: Row[] = [
  { who: 'owner admin (manufacturer)', login: 'huatuo', allowed: ownerAdmin, confidential: true },
  { who: 'owner member', login: 'huatuo-ops', allowed: [...read, 'listMembers'], confidential: true },
  { who: 'owner reader', login: 'owner-reader', allowed: [...read, 'listMembers'], confidential: true },
  { who: 'owner driver', login: 'owner-driver', allowed: [...read, 'listMembers'], confidential: true },
  { who: 'owner API token (member)', login: 'token', allowed: read, confidential: true },
  { who: 'other manufacturer admin, same park', login: 'shaodu', allowed: otherAdmin, confidential: false },
  { who: 'utilizer admin', login: 'lvyuan', allowed: otherAdmin, confidential: false },
  { who: 'transporter admin', login: 'tongda', allowed: otherAdmin, confidential: false },
  { who: 'transporter driver', login: 'tongda-driver', allowed: read, confidential: false },
  { who: 'service-provider admin', login: 'qingyuan', allowed: otherAdmin, confidential: false },
  { who: 'park-admin', login: 'park', allowed: otherAdmin, confidential: false },
  { who: 'supply-monitor', login: 'bz-price', allowed: otherAdmin, confidential: false },
  { who: 'statistics-office', login: 'bz-stat', allowed: otherAdmin, confidential: false },
  { who: 'regulator of the city 341600', login: 'bz-eeb', allowed: regionalRegulator, confidential: true },
  { who: 'regulator of the province 340000', login: 'ah-eed', allowed: regionalRegulator, confidential: true },
  { who: 'regulator of another province 530000', login: 'yn-eeb', allowed: otherAdmin, confidential: false },
  { who: 'platform admin', login: 'admin', allowed: platformAdmin, confidential: true },
];

const statusWhenAllowed: Record<Action, number> = {
  readOrg: 200,
  listMembers: 200,
  createOrg: 201,
  updateOrg: 200,
  createSite: 201,
  updateSite: 200,
  deleteSite: 204,
  addMember: 202,
  changeRole: 204,
  removeMember: 204,
  listTokens: 200,
  createToken: 201,
  revokeToken: 200,
  auditOfOrg: 200,
  auditDefault: 200,
};

describe.each(backends)('role matrix (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;
  let token: string;
  let yunnanRegulator: string;
  const clients = new Map<string, TestClient>();

  beforeAll(async () => {
    t = await createTestApp({ kind });
    const target = await orgId(t.db, 'BZ-MFR-HUATUO');
    f = { t, target };
    await makeMember(t.db, target, 'reader', 'owner-reader');
    await makeMember(t.db, target, 'driver', 'owner-driver');
    // A regulator outside Anhui, made through the API as a platform admin would.
    const admin = await t.login('admin');
    const created = await admin.post('/api/v1/organisations', {
      code: 'YN-REG-EEB',
      nameZh: '云南省生态环境厅',
      nameEn: 'Yunnan Department of Ecology and Environment',
      type: 'regulator',
      regionCode: '530000',
    });
    expect(created.statusCode, created.body).toBe(201);
    yunnanRegulator = created.json<{ id: string }>().id;
    await makeMember(t.db, yunnanRegulator, 'admin', 'yn-eeb');
    token = (await makeToken(t.db, target, 'member')).token;
  });
  afterAll(() => t.close());

  async function clientFor(login: string): Promise<TestClient> {
    if (login === 'token') return t.anonymous({ authorization: `Bearer ${token}` });
    if (login === 'anonymous') return t.anonymous();
    let c = clients.get(login);
    if (!c) {
      c = await t.login(login, ['owner-reader', 'owner-driver', 'yn-eeb'].includes(login) ? FIXTURE_PASSWORD : undefined);
      clients.set(login, c);
    }
    return c;
  }

  it.each(matrix)('$who', async ({ login, allowed }) => {
    const c = await clientFor(login);
    const actual: Partial<Record<Action, number>> = {};
    const expected: Partial<Record<Action, number>> = {};
    for (const action of allActions) {
      actual[action] = await actions[action](c, f);
      expected[action] = allowed.includes(action) ? statusWhenAllowed[action] : 403;
    }
    expect(actual).toEqual(expected);
  });

  it.each(matrix)('$who: confidential fields visible = $confidential', async ({ login, confidential }) => {
    const c = await clientFor(login);
    const org = (await c.get(`/api/v1/organisations/${f.target}`)).json<Record<string, unknown>>();
    expect(org.code).toBe('BZ-MFR-HUATUO');
    expect('contactPhone' in org).toBe(confidential);
    if (confidential) expect(org.contactPhone).toBe('0558-5510001');
    // Internal fields: every logged-in caller.
    expect(org.creditCode).toBe('91341600MA2N000A01');

    const directory = (await c.get('/api/v1/organisations?limit=500')).json<{ items: Record<string, unknown>[] }>();
    const entry = directory.items.find((o) => o.id === f.target);
    expect(entry && 'contactPhone' in entry).toBe(confidential);

    const sites = (await c.get(`/api/v1/organisations/${f.target}/sites`)).json<{ items: Record<string, unknown>[] }>();
    expect(sites.items.length).toBeGreaterThan(0);
    for (const site of sites.items) {
      expect(typeof site.name).toBe('string');
      expect(['address' in site, 'latitude' in site, 'longitude' in site]).toEqual([confidential, confidential, confidential]);
    }
    const workshop = sites.items.find((s) => s.name === '提取车间');
    if (confidential) expect(workshop).toMatchObject({ address: '亳州市谯城区药都大道 1688 号', latitude: 33.8412, longitude: 115.7921 });
  });

  it('anonymous callers see the public firm directory and nothing else', async () => {
    const c = await clientFor('anonymous');
    const directory = await c.get('/api/v1/organisations?limit=500');
    expect(directory.statusCode).toBe(200);
    const entry = directory.json<{ items: Record<string, unknown>[] }>().items.find((o) => o.id === f.target);
    expect(Object.keys(entry ?? {}).sort()).toEqual(['code', 'id', 'nameEn', 'nameZh', 'parkId', 'regionCode', 'type']);
    for (const action of allActions) {
      const status = await actions[action](c, f);
      expect({ action, status }).toEqual({ action, status: action === 'readOrg' ? 200 : 401 });
    }
  });

  it('a regulator never sees confidential fields outside its region, a city regulator not its whole province', async () => {
    const bz = await clientFor('bz-eeb');
    const ah = await clientFor('ah-eed');
    const yn = await clientFor('yn-eeb');
    const hefeiRegulator = await orgId(t.db, 'AH-REG-EED'); // 340000: inside Anhui, outside 亳州
    const beijing = await orgId(t.db, 'HERBLOOP'); // 110000
    const fields = async (c: TestClient, id: string) => 'contactPhone' in (await c.get(`/api/v1/organisations/${id}`)).json<Record<string, unknown>>();
    expect(await fields(bz, hefeiRegulator)).toBe(false);
    expect(await fields(ah, hefeiRegulator)).toBe(true);
    expect(await fields(bz, beijing)).toBe(false);
    expect(await fields(ah, beijing)).toBe(false);
    expect(await fields(yn, yunnanRegulator)).toBe(true);
    expect(await fields(ah, yunnanRegulator)).toBe(false);
  });

  it('the audit log is scoped: platform admin all, regulators their region, org admins their organisation', async () => {
    const regionOf = new Map(
      (await t.db.selectFrom('organisations').select(['id', 'region_code']).execute()).map((o) => [o.id, o.region_code]),
    );
    const regions = async (login: string) => {
      const res = await (await clientFor(login)).get('/api/v1/audit?limit=500');
      expect(res.statusCode).toBe(200);
      const items = res.json<{ items: { organisationId: string | null }[] }>().items;
      expect(items.length).toBeGreaterThan(0);
      return new Set(items.map((i) => (i.organisationId ? regionOf.get(i.organisationId) : null)));
    };
    const all = await regions('admin');
    expect(all.has('110000') && all.has('341602') && all.has('530000')).toBe(true);
    expect([...(await regions('bz-eeb'))].every((r) => r?.startsWith('3416'))).toBe(true);
    const anhui = await regions('ah-eed');
    expect([...anhui].every((r) => r?.startsWith('34'))).toBe(true);
    expect(anhui.has('340000') && anhui.has('341602')).toBe(true);
    expect([...(await regions('yn-eeb'))]).toEqual(['530000']);

    const own = await (await clientFor('shaodu')).get('/api/v1/audit?limit=500');
    const shaodu = await orgId(t.db, 'BZ-MFR-SHAODU');
    expect(own.json<{ items: { organisationId: string }[] }>().items.every((i) => i.organisationId === shaodu)).toBe(true);
    // An org admin asking for another organisation's trail is refused, not silently narrowed.
    expect((await (await clientFor('shaodu')).get(`/api/v1/audit?organisationId=${f.target}`)).statusCode).toBe(403);
  });
});
