import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoRawKeys, expectNoSidewaysScroll, logIn, settled, startBrowserHarness } from './harness';

/**
 * Issue 13's statutory ledgers in the browser: a firm finds the ledger card on its manifest list,
 * and each button downloads an .xlsx (fetched with the page's session to check the answer); a
 * manifest's page links its national-layout export; the card fits 390 px in both languages.
 * Screenshots: test-results/screenshots/ledgers-*.png.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['byproducts', 'manifests'] });
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

/** Status and content type of a download link, fetched in the page with its cookie. */
const fetchHead = (href: string) => `fetch(${JSON.stringify(href)}).then(async (r) => [r.status, r.headers.get('content-type'), (await r.arrayBuffer()).byteLength])`;

describe('statutory ledgers in the browser', () => {
  it('desktop: the firm downloads its ledgers and a manifest in the national layout', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await logIn(page, 'huatuo');
    await page.goto(`${harness.baseUrl}/manifests`);
    const card = page.getByTestId('ledgers-card');
    await card.getByText('一般工业固体废物管理台账').waitFor();
    await settled(page);
    await expectNoRawKeys(page, 'ledgers');
    await harness.screenshot(page, 'ledgers-desktop-zh');
    for (const id of ['ledger-general', 'ledger-hazardous-plan', 'ledger-hazardous-declaration', 'ledger-national']) {
      const href = await card.getByTestId(id).getAttribute('href');
      expect(href, id).toMatch(/^\/api\/v1\/manifests\//);
      const [status, type, bytes] = await page.evaluate<[number, string, number]>(fetchHead(href!));
      expect([id, status, type]).toEqual([id, 200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
      expect(bytes).toBeGreaterThan(1000);
    }

    await page.getByTestId('manifest-table').locator('tbody tr.ant-table-row a').first().click();
    await page.waitForURL(/\/manifests\/[0-9a-f-]{36}$/);
    const national = await page.getByTestId('manifest-national').getAttribute('href');
    expect(national).toMatch(/\/national\?lang=zh&format=xlsx$/);
    expect((await page.evaluate<[number, string, number]>(fetchHead(national!)))[0]).toBe(200);
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('phone: the ledger card fits 390 px in Chinese and English', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, 'bz-eeb');
    for (const language of ['zh-CN', 'en'] as const) {
      await page.evaluate(`localStorage.setItem('herbloop.language', '${language}')`);
      await page.goto(`${harness.baseUrl}/manifests`);
      const card = page.getByTestId('ledgers-card');
      await card.getByTestId('ledgers-firm').waitFor();
      await settled(page);
      await expectNoRawKeys(page, 'ledgers');
      await expectNoSidewaysScroll(page, `ledgers ${language}`);
      await harness.screenshot(page, `ledgers-phone-${language}`);
      // A regulator picks the firm first: until then the buttons are disabled.
      expect(await card.getByTestId('ledger-general').isDisabled()).toBe(true);
    }
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
