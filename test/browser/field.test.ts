import { type APIRequestContext, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/platform.dataset';
import type { ManifestView } from '../../src/modules/manifests/manifests.schema';
import { type BrowserHarness, expectNoSidewaysScroll, logIn, startBrowserHarness } from './harness';

/**
 * Issue 13, "In the field": at phone size a driver registers the phone, signs a pickup with the
 * browser offline (the queue shows it waiting, and it survives a reload offline through the
 * service worker), and going online syncs it: the manifest shows the event with the phone's and
 * the server's times. A second load signed offline while the dispatcher signed the same step
 * online comes back as a conflict shown to the driver, not merged.
 */
const PHONE = { width: 390, height: 844 };

describe('field signing on a phone, offline', () => {
  let harness: BrowserHarness;
  let api: APIRequestContext;
  let csrf = '';

  const post = async <T>(path: string, data: Record<string, unknown>): Promise<T> => {
    const res = await api.post(path, { data, headers: { 'x-csrf-token': csrf } });
    if (!res.ok()) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const loginApi = async (username: string) => {
    await api.dispose().catch(() => undefined);
    api = await request.newContext({ baseURL: harness.baseUrl });
    const res = await api.post('/api/v1/auth/login', { data: { username, password: DEMO_PASSWORD } });
    csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  };
  const orgOf = async (code: string) => {
    const res = await api.get('/api/v1/organisations?limit=100');
    const items = ((await res.json()) as { items: { id: string; code: string }[] }).items;
    return items.find((o) => o.code === code)!.id;
  };

  /** A sealed manifest of Huatuo's herb residue carried by Tongda to Lvyuan. */
  const sealedManifest = async (): Promise<ManifestView> => {
    await loginApi('huatuo');
    const huatuo = await orgOf('BZ-MFR-HUATUO');
    const tongda = await orgOf('BZ-TRN-TONGDA');
    const lvyuan = await orgOf('BZ-UTL-LVYUAN');
    const site = ((await (await api.get(`/api/v1/organisations/${huatuo}/sites`)).json()) as { items: { id: string }[] }).items[0]!.id;
    const m = await post<ManifestView>('/api/v1/manifests', {
      generatorId: huatuo,
      generatorSiteId: site,
      transporters: [{ organisationId: tongda, plate: '皖S·D1234', driverName: '马强' }],
      receiverId: lvyuan,
      lines: [{ wasteCode: 'SW13', description: '白芍药渣（湿）', quantity: '10', unit: 't', measure: 'estimated' }],
      password: DEMO_PASSWORD,
    });
    return (await post<{ manifest: ManifestView }>(`/api/v1/manifests/${m.id}/events?view=full`, { kind: 'sealed', password: DEMO_PASSWORD })).manifest;
  };

  const openOnPhone = async (page: Page, id: string) => {
    await page.goto(`${harness.baseUrl}/field/m/${id}`);
    await page.getByTestId('field-number').waitFor();
    await page.getByTestId('field-offline-ready').waitFor({ timeout: 60_000 });
  };

  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: [] });
    api = await request.newContext({ baseURL: harness.baseUrl });
  }, 600_000);
  afterAll(async () => {
    await api?.dispose();
    await harness?.close();
  });

  it('signs a pickup offline, keeps it queued, and syncs it with both times when back online', { timeout: 300_000 }, async () => {
    const m = await sealedManifest();
    const page = await harness.freshPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${harness.baseUrl}/login`);
    await logIn(page, 'tongda-driver');
    await page.goto(`${harness.baseUrl}/field`);
    await page.getByTestId('field-register').click();
    await page.getByTestId('field-password').fill(DEMO_PASSWORD);
    await page.getByTestId('field-register-ok').click();
    await page.getByTestId('field-registered').waitFor();
    await expectNoSidewaysScroll(page, '/field');
    await harness.screenshot(page, 'field-home-phone');

    await openOnPhone(page, m.id);
    await harness.context.setOffline(true);
    await page.getByTestId('field-connection').filter({ hasText: '离线' }).waitFor();
    await page.getByTestId('field-weight-1').fill('10.2');
    await page.getByTestId('field-sign-picked-up').click();
    await page.getByTestId('field-queue-pending').waitFor();
    // The queue is on the phone: a reload without a connection still shows it (service worker, IndexedDB).
    await page.reload();
    await page.getByTestId('field-queue-pending').waitFor();
    await expectNoSidewaysScroll(page, '/field/m offline');
    await harness.screenshot(page, 'field-offline-queued-phone');

    await harness.context.setOffline(false);
    await page.getByTestId('field-event-3').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('field-queue').count()).toBe(0);
    const times = await page.getByTestId('field-event-3').getByTestId('field-event-times').innerText();
    expect(times).toMatch(/手机签署 \d{4}-\d{2}-\d{2} .* 服务器接收 \d{4}-\d{2}-\d{2}/);
    await harness.screenshot(page, 'field-synced-phone');

    await loginApi('huatuo');
    const view = (await (await api.get(`/api/v1/manifests/${m.id}`)).json()) as ManifestView;
    expect(view.events[2]).toMatchObject({ kind: 'picked-up', method: 'device' });
    expect(view.lines[0]!.pickedUp).toBe('10.2');
    const verified = (await (await api.get(`/api/v1/manifests/${m.id}/verify`)).json()) as { broken: unknown[] };
    expect(verified.broken).toEqual([]);
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('shows a conflict when the manifest moved on while the phone was offline', { timeout: 300_000 }, async () => {
    const m = await sealedManifest();
    const page = await harness.freshPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${harness.baseUrl}/login`);
    await logIn(page, 'tongda-driver');
    await openOnPhone(page, m.id);
    await harness.context.setOffline(true);
    await page.getByTestId('field-sign-picked-up').click();
    await page.getByTestId('field-queue-pending').waitFor();
    // Meanwhile the dispatcher signs the pickup online.
    await loginApi('tongda');
    await post(`/api/v1/manifests/${m.id}/events`, { kind: 'picked-up', password: DEMO_PASSWORD });
    await harness.context.setOffline(false);
    await page.getByTestId('field-conflict').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('field-conflict').innerText()).toContain('提货');
    await expectNoSidewaysScroll(page, '/field/m conflict');
    await harness.screenshot(page, 'field-conflict-phone');
    await page.getByTestId('field-discard').click();
    await expect.poll(() => page.getByTestId('field-queue').count()).toBe(0);
  });
});
