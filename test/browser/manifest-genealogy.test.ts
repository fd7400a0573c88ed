import { type APIRequestContext, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/platform.dataset';
import type { ManifestView } from '../../src/modules/manifests/manifests.schema';
import { type BrowserHarness, expectNoRawKeys, expectNoSidewaysScroll, logIn, settled, startBrowserHarness } from './harness';

/**
 * Issue 13, grouping at a transfer station and EPCIS: two loads received at Lvyuan's site are
 * grouped into one outgoing load; the outgoing manifest's page shows where it came from (two
 * links) and the grouping on its timeline, the incoming one where it went; both offer the EPCIS
 * downloads, which answer JSON-LD. Desktop in Chinese and phone in English, no sideways scroll.
 */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

describe('transfer-station genealogy and EPCIS on the manifest page', () => {
  let harness: BrowserHarness;
  let api: APIRequestContext | undefined;
  let csrf = '';
  let ids: Record<'huatuo' | 'tongda' | 'lvyuan' | 'junxiang' | 'huatuoSite' | 'lvyuanSite', string>;
  const inputs: ManifestView[] = [];
  let output: ManifestView;

  const post = async <T>(path: string, data: Record<string, unknown>): Promise<T> => {
    const res = await api!.post(path, { data, headers: { 'x-csrf-token': csrf } });
    if (!res.ok()) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const as = async (username: string) => {
    await api?.dispose().catch(() => undefined);
    api = await request.newContext({ baseURL: harness.baseUrl });
    const res = await api.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
    csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  };
  const sign = (id: string, body: Record<string, unknown>) => post(`/api/v1/manifests/${id}/events`, { ...body, password: DEMO_PASSWORD });
  const create = (body: Record<string, unknown>) =>
    post<ManifestView>('/api/v1/manifests', { transporters: [{ organisationId: ids.tongda, plate: '皖S·D1234', driverName: '马强' }], password: DEMO_PASSWORD, ...body });

  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: ['platform'] });
    await as('huatuo');
    const orgs = ((await (await api!.get('/api/v1/organisations?limit=100')).json()) as { items: { id: string; code: string }[] }).items;
    const org = (code: string) => orgs.find((o) => o.code === code)!.id;
    const site = async (id: string) => ((await (await api!.get(`/api/v1/organisations/${id}/sites`)).json()) as { items: { id: string }[] }).items[0]!.id;
    ids = { huatuo: org('BZ-MFR-HUATUO'), tongda: org('BZ-TRN-TONGDA'), lvyuan: org('BZ-UTL-LVYUAN'), junxiang: org('BZ-UTL-JUNXIANG'), huatuoSite: '', lvyuanSite: '' };
    ids.huatuoSite = await site(ids.huatuo);
    ids.lvyuanSite = await site(ids.lvyuan);
    for (const tonnes of ['5', '3']) {
      await as('huatuo');
      const m = await create({ generatorId: ids.huatuo, generatorSiteId: ids.huatuoSite, receiverId: ids.lvyuan, receiverSiteId: ids.lvyuanSite, lines: [{ wasteCode: 'SW13', description: '白芍药渣（湿）', quantity: tonnes, unit: 't', measure: 'estimated' }] });
      await sign(m.id, { kind: 'sealed' });
      await as('tongda-driver');
      await sign(m.id, { kind: 'picked-up' });
      await sign(m.id, { kind: 'delivered' });
      await as('lvyuan');
      await sign(m.id, { kind: 'received', lines: [{ line: 1, outcome: 'accepted', received: tonnes }] });
      inputs.push(m);
    }
    output = await create({ generatorId: ids.lvyuan, generatorSiteId: ids.lvyuanSite, receiverId: ids.junxiang, lines: [{ wasteCode: 'SW13', description: '白芍药渣（合并）', quantity: '8', unit: 't', measure: 'estimated' }] });
    await post('/api/v1/manifests/genealogy', { kind: 'group', siteId: ids.lvyuanSite, inputs: inputs.map((m) => ({ manifestId: m.id })), outputs: [{ manifestId: output.id }], password: DEMO_PASSWORD });
  }, 300_000);

  afterAll(async () => {
    await api?.dispose();
    await harness?.close();
  });

  async function open(user: string, phone: boolean, en: boolean): Promise<Page> {
    const page = await harness.freshPage();
    await page.setViewportSize(phone ? PHONE : DESKTOP);
    if (en) {
      await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
      await page.reload();
    }
    await logIn(page, user);
    return page;
  }

  /** The download answers the EPCIS document (fetched with the page's session). */
  async function expectDownload(page: Page, testId: string): Promise<void> {
    const href = await page.getByTestId(testId).getAttribute('href');
    const answer = await page.evaluate(async (url: string) => {
      const res = await fetch(url);
      const body = (await res.json()) as { type?: string; epcisBody?: { eventList?: unknown[] } };
      return { status: res.status, type: res.headers.get('content-type'), doc: body.type, events: body.epcisBody?.eventList?.length ?? 0 };
    }, href!);
    expect(answer).toMatchObject({ status: 200, doc: 'EPCISDocument' });
    expect(answer.type).toMatch(/^application\/ld\+json/);
    expect(answer.events).toBeGreaterThan(0);
  }

  it('the station sees where the grouped load came from, desktop in Chinese, and downloads EPCIS', { timeout: 300_000 }, async () => {
    const page = await open('lvyuan', false, false);
    await page.goto(`${harness.baseUrl}/manifests/${output.id}`);
    await settled(page);
    await page.getByTestId('genealogy-card').waitFor();
    await expect.poll(async () => (await page.getByTestId('genealogy-link').allInnerTexts()).map((x) => x.trim())).toEqual(inputs.map((m) => m.number));
    expect(await page.getByTestId('genealogy-card').innerText()).toContain('来自');
    expect(await page.getByTestId('event-genealogy').innerText()).toContain('合并');
    await expectDownload(page, 'epcis-download');
    await expectDownload(page, 'epcis-batch-download');
    await expectNoSidewaysScroll(page, 'genealogy desktop zh');
    await expectNoRawKeys(page, 'manifests');
    expect(harness.pageErrors(page)).toEqual([]);
    await harness.screenshot(page, 'manifests-genealogy-desktop-zh');
    // The link opens the incoming load.
    await page.getByTestId('genealogy-link').first().click();
    await settled(page);
    await expect.poll(() => page.url()).toContain(`/manifests/${inputs[0]!.id}`);
  });

  it('the generator of an incoming load sees where it went, on a phone in English', { timeout: 300_000 }, async () => {
    const page = await open('huatuo', true, true);
    await page.goto(`${harness.baseUrl}/manifests/${inputs[1]!.id}`);
    await settled(page);
    await page.getByTestId('genealogy-card').waitFor();
    await expect.poll(async () => (await page.getByTestId('genealogy-link').allInnerTexts()).map((x) => x.trim())).toEqual([output.number]);
    expect(await page.getByTestId('genealogy-card').innerText()).toContain('Went into');
    expect(await page.getByTestId('event-genealogy').innerText()).toContain('Grouped');
    await expectDownload(page, 'epcis-download');
    await expectNoSidewaysScroll(page, 'genealogy phone en');
    await expectNoRawKeys(page, 'manifests');
    expect(harness.pageErrors(page)).toEqual([]);
    await harness.screenshot(page, 'manifests-genealogy-phone-en');
  });
});
