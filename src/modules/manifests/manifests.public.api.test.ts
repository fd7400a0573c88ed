import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD } from '../../demo/platform.dataset';
import { backends, createTestApp, type TestApp, type TestClient } from '../../../test/helpers/app';
import { expectProblem, orgId } from '../../../test/helpers/fixtures';
import { extractPdfText } from '../../../test/helpers/pdf';
import { labelQrPng, labelQrSvg } from './engine/label';
import type { PublicManifestView } from './manifests.public.schema';
import type { ManifestView } from './manifests.schema';

const BASE = 'https://hl.example.cn';

/**
 * The load label and its public page through HTTP on both databases: the label in three formats
 * for the parties only, its QR code carrying an unguessable token; the public page without a
 * login, showing status, steps, verification, class and band, and nothing confidential; a
 * tampered trail shown broken at its event; unknown tokens not found; the rate limit.
 */
describe.each(backends)('manifest label and public page (%s)', (kind) => {
  let t: TestApp;
  let huatuo: TestClient;
  let tongda: TestClient;
  let driver: TestClient;
  let regulator: TestClient;
  let park: TestClient;
  let yaodu: TestClient;
  let general: ManifestView;
  let hazardous: ManifestView;

  const created = (res: LightMyRequestResponse) => {
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<ManifestView>();
  };
  const tokenOf = async (id: string) => (await t.db.selectFrom('manifests').select('public_token').where('id', '=', id).executeTakeFirstOrThrow()).public_token;
  const siteOf = async (organisationId: string) => (await t.db.selectFrom('sites').select('id').where('organisation_id', '=', organisationId).executeTakeFirstOrThrow()).id;
  const publicPage = async (token: string) => {
    const res = await t.anonymous().get(`/api/v1/public/manifests/${token}`);
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json<PublicManifestView>();
  };

  beforeAll(async () => {
    t = await createTestApp({ kind, config: { labelBaseUrl: BASE } });
    [huatuo, tongda, driver, regulator, park, yaodu] = (await Promise.all(['huatuo', 'tongda', 'tongda-driver', 'bz-eeb', 'park', 'yaodu'].map((u) => t.login(u)))) as [TestClient, TestClient, TestClient, TestClient, TestClient, TestClient];
    const [h, td, sh, lv, yd, ly, qy] = await Promise.all(['BZ-MFR-HUATUO', 'BZ-TRN-TONGDA', 'BZ-TRN-SHUNAN', 'BZ-UTL-LVYUAN', 'BZ-MFR-YAODU', 'BZ-TRN-LVYUN', 'BZ-SVC-QINGYUAN'].map((c) => orgId(t.db, c)));
    general = created(
      await huatuo.post('/api/v1/manifests', {
        generatorId: h,
        generatorSiteId: await siteOf(h!),
        transporters: [
          { organisationId: td, plate: '皖S·D1234', driverName: '马强', driverPhone: '13800000001' },
          { organisationId: sh, plate: '皖S·E5678', driverName: '罗斌' },
        ],
        receiverId: lv,
        receiverSiteId: await siteOf(lv!),
        lines: [
          { wasteCode: 'SW13', description: '白芍药渣（湿）', packaging: '吨袋', packageCount: 10, quantity: '10', unit: 't', measure: 'estimated' },
          { wasteCode: 'SW59', description: '废包装物', quantity: '2000', unit: 'kg', measure: 'weighed' },
        ],
        password: DEMO_PASSWORD,
      }),
    );
    const sealed = await huatuo.post(`/api/v1/manifests/${general.id}/events`, { kind: 'sealed', password: DEMO_PASSWORD });
    expect(sealed.statusCode).toBe(201);
    hazardous = created(
      await yaodu.post('/api/v1/manifests', {
        generatorId: yd,
        generatorSiteId: await siteOf(yd!),
        transporters: [{ organisationId: ly, plate: '皖S·W0001', driverName: '谢鹏' }],
        receiverId: qy,
        receiverSiteId: await siteOf(qy!),
        lines: [{ wasteCode: '900-402-06', description: '提取车间废乙醇', quantity: '0.8', unit: 't', measure: 'weighed' }],
        password: DEMO_PASSWORD,
      }),
    );
  }, 120_000);
  afterAll(() => t.close());

  it('gives every manifest its own unguessable token, not its id or number', async () => {
    const rows = await t.db.selectFrom('manifests').select(['id', 'number', 'public_token']).execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.public_token).toMatch(/^[0-9a-f]{32}$/);
      expect(r.id.replaceAll('-', '')).not.toBe(r.public_token);
      expect(r.public_token).not.toContain(r.number);
    }
    expect(new Set(rows.map((r) => r.public_token)).size).toBe(rows.length);
  });

  it('renders the label as SVG, PNG and an A6 PDF with the Chinese text, the QR code carrying the public URL', async () => {
    const url = `${BASE}/m/${await tokenOf(general.id)}`;
    const svg = await huatuo.get(`/api/v1/manifests/${general.id}/label.svg`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.headers['cache-control']).toBe('private, no-cache');
    // The same QR code the engine draws for the public URL: the token, never the id.
    expect(svg.body).toBe(await labelQrSvg(url));
    const png = await tongda.get(`/api/v1/manifests/${general.id}/label.png`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.equals(await labelQrPng(url))).toBe(true);

    const pdf = await driver.get(`/api/v1/manifests/${general.id}/label.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await extractPdfText(pdf.rawPayload)).replace(/\s+/g, '');
    for (const s of ['一般工业固体废物转移标签', `联单编号：${general.number}`, '产生单位：亳州华佗本草制药有限公司', '接收单位：亳州绿源有机肥有限公司', 'SW13白芍药渣（湿）10t（估算）', 'SW59废包装物2t（过磅）', '扫码核验联单状态', url]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain(general.id);

    const en = (await extractPdfText((await huatuo.get(`/api/v1/manifests/${general.id}/label.pdf?lang=en`)).rawPayload)).replace(/\s+/g, ' ');
    expect(en).toContain('General industrial solid waste');
    expect(en).toContain('Huatuo Bencao Pharmaceutical Co.');
    expectProblem(await huatuo.get(`/api/v1/manifests/${general.id}/label.pdf?lang=fr`), 400, 'validation');
  });

  it("prints a hazardous load's label with the hazardous-waste label content", async () => {
    const pdf = await yaodu.get(`/api/v1/manifests/${hazardous.id}/label.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = (await extractPdfText(pdf.rawPayload)).replace(/\s+/g, '');
    for (const s of ['危险废物', '废物名称：废有机溶剂', '废物类别：HW06', '废物代码：900-402-06', '产生/收集单位：亳州药都提取物有限公司', '联系方式：0558-5510004', '废物重量：0.8t', '危险特性：—', `${BASE}/m/${await tokenOf(hazardous.id)}`]) {
      expect(text).toContain(s);
    }
  });

  it('gives the label to the parties only', async () => {
    // A regulator reads the manifest but does not handle the load; others do not see it at all.
    expect((await regulator.get(`/api/v1/manifests/${general.id}`)).statusCode).toBe(200);
    expectProblem(await regulator.get(`/api/v1/manifests/${general.id}/label.pdf`), 403, 'forbidden');
    expectProblem(await park.get(`/api/v1/manifests/${general.id}/label.svg`), 404, 'not_found');
    expectProblem(await yaodu.get(`/api/v1/manifests/${general.id}/label.png`), 404, 'not_found');
    expectProblem(await t.anonymous().get(`/api/v1/manifests/${general.id}/label.svg`), 401, 'unauthenticated');
    expectProblem(await huatuo.get('/api/v1/manifests/00000000-0000-4000-8000-000000000000/label.svg'), 404, 'not_found');
    // The manifest page says who may print and who may issue drivers' codes.
    expect((await huatuo.get(`/api/v1/manifests/${general.id}`)).json<ManifestView>().actions).toEqual({ label: true, driverCodes: [] });
    expect((await tongda.get(`/api/v1/manifests/${general.id}`)).json<ManifestView>().actions).toEqual({ label: true, driverCodes: [1] });
    expect((await driver.get(`/api/v1/manifests/${general.id}`)).json<ManifestView>().actions).toEqual({ label: true, driverCodes: [] });
    expect((await regulator.get(`/api/v1/manifests/${general.id}`)).json<ManifestView>().actions).toEqual({ label: false, driverCodes: [] });
  });

  it('shows the public page without a login: status, steps, verification, class and band, nothing confidential', async () => {
    const token = await tokenOf(general.id);
    const res = await t.anonymous().get(`/api/v1/public/manifests/${token}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const view = res.json<PublicManifestView>();
    const events = await t.db.selectFrom('manifest_events').select(['seq', 'kind', 'at']).where('manifest_id', '=', general.id).orderBy('seq').execute();
    expect(view).toEqual({
      number: general.number,
      status: 'sealed',
      hazardous: false,
      wasteClasses: [
        { category: 'SW13', list: 'general' },
        { category: 'SW59', list: 'general' },
      ],
      quantityBand: { from: 10, to: 20 },
      origin: { nameZh: '亳州市', nameEn: 'Bozhou' },
      destination: { nameZh: '亳州市', nameEn: 'Bozhou' },
      steps: events.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.toISOString(), role: 'generator' })),
      verification: { verified: true, events: 2, broken: null, checkedAt: expect.any(String) as string },
    });
    // Nothing of the parties, people, vehicles, places or papers.
    const full = (await huatuo.get(`/api/v1/manifests/${general.id}`)).json<ManifestView>();
    const sites = await t.db.selectFrom('sites').select('address').where('id', 'in', [full.generatorSiteId, full.receiverSiteId!]).execute();
    for (const secret of [general.id, '马强', '13800000001', '皖S·D1234', '罗斌', '亳州华佗本草制药有限公司', 'Huatuo', '亳州通达环保运输有限公司', '亳州绿源有机肥有限公司', '白芍药渣', '吨袋', '"12"', ...sites.map((s) => s.address), ...full.events.map((e) => e.hash)]) {
      expect(res.body).not.toContain(secret);
    }
    // Signed in or not, the same page.
    expect((await regulator.get(`/api/v1/public/manifests/${token}`)).json<PublicManifestView>().number).toBe(general.number);
    const hz = await publicPage(await tokenOf(hazardous.id));
    expect(hz).toMatchObject({ hazardous: true, wasteClasses: [{ category: 'HW06', list: 'hazardous' }], quantityBand: { from: 0, to: 1 }, status: 'draft' });
  });

  it('shows a tampered trail as broken at the edited event', async () => {
    const token = await tokenOf(general.id);
    const seal = await t.db.selectFrom('manifest_events').select(['id', 'payload']).where('manifest_id', '=', general.id).where('seq', '=', 2).executeTakeFirstOrThrow();
    await t.db.updateTable('manifest_events').set({ payload: seal.payload.replace('"sealed"', '"closed"') }).where('id', '=', seal.id).execute();
    try {
      const view = await publicPage(token);
      expect(view.verification).toMatchObject({ verified: false, broken: { seq: 2, reason: 'hash-mismatch' } });
    } finally {
      await t.db.updateTable('manifest_events').set({ payload: seal.payload }).where('id', '=', seal.id).execute();
    }
    expect((await publicPage(token)).verification.verified).toBe(true);
  });

  it('does not find unknown, malformed or id-shaped tokens', async () => {
    const anon = t.anonymous();
    expectProblem(await anon.get(`/api/v1/public/manifests/${'0123456789abcdef'.repeat(2)}`), 404, 'not_found');
    expectProblem(await anon.get(`/api/v1/public/manifests/${general.id}`), 404, 'not_found');
    expectProblem(await anon.get(`/api/v1/public/manifests/${encodeURIComponent(general.number)}`), 404, 'not_found');
    expectProblem(await anon.get(`/api/v1/public/manifests/${(await tokenOf(general.id)).toUpperCase()}`), 404, 'not_found');
  });

  it('limits public page requests per address', async () => {
    const anon = t.anonymous();
    const token = await tokenOf(hazardous.id);
    let limited: LightMyRequestResponse | undefined;
    // Up to two windows' worth: the window may turn over while the loop runs.
    for (let i = 0; i < 2 * 60 + 2 && !limited; i++) {
      const res = await anon.get(`/api/v1/public/manifests/${token}`);
      if (res.statusCode === 429) limited = res;
      else expect(res.statusCode).toBe(200);
    }
    expect(limited).toBeDefined();
    expectProblem(limited!, 429, 'rate_limited');
  });
});
