import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoRawKeys, expectNoSidewaysScroll, logIn, settled, startBrowserHarness } from './harness';

/**
 * Issue 13 in the browser: the regulator opens the manifest supervision page from its menu,
 * sees the demo manifests' findings and the month's figures, filters by kind (the filter is in
 * the URL and in the export link), closes a finding with a reason, and opens a manifest's
 * versions; the same at 390×844 without sideways scrolling, in Chinese and English.
 * Screenshots: test-results/screenshots/manifest-queue-*.png.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['manifests', 'manifest-regulation'] });
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('the regulator queue in the browser', () => {
  it('desktop: lists the findings, filters by kind in the URL, closes one with a reason', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await logIn(page, 'bz-eeb');
    await page.getByTestId('side-menu').getByText('联单监管').click();
    await page.waitForURL(/\/manifests\/queue/);
    await page.getByTestId('queue-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('figures').waitFor();
    await settled(page);
    await expectNoRawKeys(page, 'manifestRegulation');
    await harness.screenshot(page, 'manifest-queue-desktop-zh');

    await page.goto(`${harness.baseUrl}/manifests/queue?kind=refusal`);
    const rows = page.getByTestId('queue-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('拒收')]));
    expect(await page.getByTestId('queue-export').getAttribute('href')).toMatch(/\/api\/v1\/manifests\/queue\/export\?.*kind=refusal.*format=xlsx/);
    const before = await rows.count();
    await rows.first().getByTestId('queue-close').click();
    await page.getByTestId('queue-text').fill('拒收理由充分，已核实退回');
    await page.getByTestId('queue-confirm').click();
    await expect.poll(() => rows.count()).toBe(before - 1);
    await page.goto(`${harness.baseUrl}/manifests/queue?kind=refusal&status=closed`);
    await page.getByText('拒收理由充分，已核实退回').waitFor();

    // The manifest's versions, reached from the queue.
    await page.getByTestId('queue-table').locator('tbody tr.ant-table-row a').first().click();
    await page.waitForURL(/\/manifests\/[0-9a-f-]+\/revisions/);
    await page.getByTestId('revisions-card').getByText('尚未更正。').waitFor();
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('phone: the queue and the versions page fit 390 px, in Chinese and English', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, 'bz-eeb');
    for (const language of ['zh-CN', 'en'] as const) {
      await page.evaluate(`localStorage.setItem('herbloop.language', '${language}')`);
      await page.goto(`${harness.baseUrl}/manifests/queue?status=all`);
      await page.getByTestId('queue-list').getByTestId('queue-item').first().waitFor();
      await settled(page);
      await expectNoRawKeys(page, 'manifestRegulation');
      await expectNoSidewaysScroll(page, `queue ${language}`);
      await harness.screenshot(page, `manifest-queue-phone-${language}`);
      if (language === 'en') await page.getByText('Manifest supervision').first().waitFor();
      await page.getByTestId('queue-item').first().locator('a').first().click();
      await page.getByTestId('revisions-card').waitFor();
      await settled(page);
      await expectNoSidewaysScroll(page, `revisions ${language}`);
      await harness.screenshot(page, `manifest-revisions-phone-${language}`);
    }
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
