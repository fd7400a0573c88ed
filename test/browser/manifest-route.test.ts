import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoRawKeys, expectNoSidewaysScroll, logIn, settled, startBrowserHarness } from './harness';

/**
 * Issue 13 "Sensors" in the browser: the regulator opens the demo load that left its corridor
 * and sees the route card (the purpose and retention of the track, the map drawn with ECharts,
 * the deviation and the weighbridge table); the same at 390×844 without sideways scrolling, in
 * Chinese and English. The park administration (no party) gets no route card.
 * Screenshots: test-results/screenshots/manifest-route-*.png.
 */
let harness: BrowserHarness;
let detoured: string;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['manifests', 'manifest-regulation', 'manifest-sensors'] });
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('the route card of a manifest', () => {
  it('desktop: the regulator sees the route, the deviation and the weighings', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await logIn(page, 'bz-eeb');
    // The detour is a finding in the regulator's queue; its row links to the manifest.
    await page.goto(`${harness.baseUrl}/manifests/queue?kind=route-deviation`);
    const row = page.getByTestId('queue-table').locator('tbody tr.ant-table-row', { hasText: '驶出两地之间的行驶走廊' });
    await row.locator('a').first().click();
    await page.waitForURL(/\/manifests\/[0-9a-f-]+\/revisions/);
    detoured = /\/manifests\/([0-9a-f-]+)\//.exec(page.url())![1]!;
    await page.goto(`${harness.baseUrl}/manifests/${detoured}`);
    const card = page.getByTestId('route-card');
    await card.getByTestId('route-map').locator('svg, canvas').first().waitFor();
    await settled(page);
    await card.getByTestId('route-purpose').getByText('个人信息').waitFor();
    expect(await card.getByTestId('route-purpose').innerText()).toContain('180 天');
    expect(await card.getByTestId('route-deviations').innerText()).toContain('偏离走廊');
    expect(await card.getByTestId('weighings').locator('tbody tr.ant-table-row').count()).toBe(2);
    await expectNoRawKeys(page, 'manifestSensors');
    await harness.screenshot(page, 'manifest-route-desktop-zh');
    expect(harness.pageErrors(page)).toEqual([]);

    // No party and no regulator: the park administration sees neither the card nor a request for it.
    const other = await harness.freshPage();
    await logIn(other, 'park');
    const asked: string[] = [];
    other.on('request', (r) => {
      if (r.url().includes('/sensors')) asked.push(r.url());
    });
    await other.goto(`${harness.baseUrl}/manifests/${detoured}`);
    await settled(other);
    expect(await other.getByTestId('route-card').count()).toBe(0);
    expect(asked).toEqual([]);
  });

  it('phone: the route card fits 390 px, in Chinese and English', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, 'bz-eeb');
    for (const language of ['zh-CN', 'en'] as const) {
      await page.evaluate(`localStorage.setItem('herbloop.language', '${language}')`);
      await page.goto(`${harness.baseUrl}/manifests/${detoured}`);
      const card = page.getByTestId('route-card');
      await card.getByTestId('route-map').locator('svg, canvas').first().waitFor();
      await settled(page);
      await expectNoRawKeys(page, 'manifestSensors');
      await expectNoSidewaysScroll(page, `route card ${language}`);
      await card.scrollIntoViewIfNeeded();
      await harness.screenshot(page, `manifest-route-phone-${language}`);
      if (language === 'en') await card.getByText('Route and weighing').waitFor();
    }
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
