import { type APIRequestContext, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/platform.dataset';
import type { ManifestView } from '../../src/modules/manifests/manifests.schema';
import { extractPdfText } from '../helpers/pdf';
import { type BrowserHarness, expectNoSidewaysScroll, logIn, settled, startBrowserHarness } from './harness';

/**
 * Issue 13, the load label: the public page its QR code opens, at phone size in Chinese and
 * English without a login (verified, then broken is the API's test), nothing confidential on it;
 * an unknown token; and on the manifest page the transporter's staff issue a driver's one-time
 * code, shown as text and QR code, which the phone's signing page takes filled in.
 */
const PHONE = { width: 390, height: 844 };

describe('manifest label: public page and driver codes', () => {
  let harness: BrowserHarness;
  let api: APIRequestContext;
  let csrf = '';
  let manifest: ManifestView;
  let token = '';

  const post = async <T>(path: string, data: Record<string, unknown>): Promise<T> => {
    const res = await api.post(path, { data, headers: { 'x-csrf-token': csrf } });
    if (!res.ok()) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: [] });
    api = await request.newContext({ baseURL: harness.baseUrl });
    const login = await api.post('/api/v1/auth/login', { data: { username: 'huatuo', password: DEMO_PASSWORD } });
    csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const orgs = ((await (await api.get('/api/v1/organisations?limit=100')).json()) as { items: { id: string; code: string }[] }).items;
    const org = (code: string) => orgs.find((o) => o.code === code)!.id;
    const site = ((await (await api.get(`/api/v1/organisations/${org('BZ-MFR-HUATUO')}/sites`)).json()) as { items: { id: string }[] }).items[0]!.id;
    const m = await post<ManifestView>('/api/v1/manifests', {
      generatorId: org('BZ-MFR-HUATUO'),
      generatorSiteId: site,
      transporters: [{ organisationId: org('BZ-TRN-TONGDA'), plate: '皖S·D1234', driverName: '马强', driverPhone: '13800000001' }],
      receiverId: org('BZ-UTL-LVYUAN'),
      lines: [{ wasteCode: 'SW13', description: '白芍药渣（湿）', quantity: '12.5', unit: 't', measure: 'estimated' }],
      password: DEMO_PASSWORD,
    });
    manifest = (await post<{ manifest: ManifestView }>(`/api/v1/manifests/${m.id}/events?view=full`, { kind: 'sealed', password: DEMO_PASSWORD })).manifest;
    // The token as the printed label carries it (the URL under its QR code).
    const pdf = await api.get(`/api/v1/manifests/${m.id}/label.pdf`);
    expect(pdf.status()).toBe(200);
    token = /\/m\/([0-9a-f]{32})/.exec(await extractPdfText(await pdf.body()))![1]!;
  }, 600_000);
  afterAll(async () => {
    await api?.dispose();
    await harness?.close();
  });

  it('shows the public page on a phone in Chinese and English, without a login and nothing confidential', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${harness.baseUrl}/m/${token}`);
    await page.getByTestId('public-verified').waitFor();
    await settled(page);
    expect(await page.getByTestId('public-verified').innerText()).toContain('已核验 ✓');
    expect(await page.getByTestId('public-status').innerText()).toBe('已封装');
    const facts = await page.getByTestId('public-facts').innerText();
    expect(facts).toContain(manifest.number);
    expect(facts).toContain('10–20 吨');
    expect(facts).toContain('亳州市 → 亳州市');
    expect(facts).toContain('一般工业固体废物');
    const steps = await page.getByTestId('public-steps').innerText();
    expect(steps).toContain('1. 创建');
    expect(steps).toContain('2. 封装');
    expect(steps).toContain('产生单位签署');
    const body = await page.locator('body').innerText();
    for (const secret of ['马强', '13800000001', '皖S·D1234', '华佗', '通达', '绿源', '白芍药渣', manifest.id]) expect(body).not.toContain(secret);
    await expectNoSidewaysScroll(page, 'public manifest page (zh-CN)');
    await harness.screenshot(page, 'manifest-public-phone-zh');

    await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
    await page.reload();
    await page.getByTestId('public-verified').waitFor();
    await settled(page);
    expect(await page.getByTestId('public-verified').innerText()).toContain('Verified ✓');
    expect(await page.getByTestId('public-facts').innerText()).toContain('Bozhou → Bozhou');
    expect(await page.getByTestId('public-facts').innerText()).toContain('10–20 t');
    expect(await page.getByTestId('public-steps').innerText()).toContain('signed by the generator');
    await expectNoSidewaysScroll(page, 'public manifest page (en)');
    await harness.screenshot(page, 'manifest-public-phone-en');

    await page.goto(`${harness.baseUrl}/m/${'0'.repeat(32)}`);
    await page.getByTestId('public-not-found').waitFor();
    expect(await page.getByTestId('public-not-found').innerText()).toContain('This manifest was not found');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it("lets the transporter's staff issue a driver's code, shown as text and QR code, and the phone page takes it filled in", { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize(PHONE);
    await logIn(page, 'tongda', { landed: true });
    await page.goto(`${harness.baseUrl}/manifests/${manifest.id}`);
    await page.getByTestId('driver-code-card').waitFor();
    await settled(page);
    // The label card too: its QR code image loads.
    await page.getByTestId('label-card').waitFor();
    await expect.poll(() => page.getByTestId('label-qr').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await expectNoSidewaysScroll(page, 'manifest page with the driver-code and label cards');
    await harness.screenshot(page, 'manifest-driver-code-card-phone');

    await page.getByTestId('driver-code-open').click();
    expect(await page.getByTestId('driver-code-plate').inputValue()).toBe('皖S·D1234');
    await page.getByTestId('driver-code-driver').fill('赵师傅');
    await page.getByTestId('driver-code-issue').click();
    const value = page.getByTestId('driver-code-value');
    await value.waitFor();
    const code = (await value.innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const issued = await page.getByTestId('driver-code-issued').innerText();
    expect(issued).toContain('赵师傅');
    expect(issued).toContain('只显示这一次');
    expect(await page.getByTestId('driver-code-qr').locator('canvas').count()).toBe(1);
    await harness.screenshot(page, 'manifest-driver-code-issued-phone');
    await page.getByTestId('driver-code-close').click();

    // What the QR code opens: the on-site signing page with the code in its field.
    await page.goto(`${harness.baseUrl}/field?code=${encodeURIComponent(code)}`);
    await expect.poll(() => page.getByTestId('field-code').inputValue()).toBe(code);
    expect(harness.pageErrors(page)).toEqual([]);

    // The generator prints the label but issues no codes.
    const generator = await harness.freshPage();
    await logIn(generator, 'huatuo', { landed: true });
    await generator.goto(`${harness.baseUrl}/manifests/${manifest.id}`);
    await generator.getByTestId('label-card').waitFor();
    await settled(generator);
    expect(await generator.getByTestId('driver-code-card').count()).toBe(0);
  });
});
