import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoRawKeys, expectNoSidewaysScroll, logIn, startBrowserHarness } from './harness';

/**
 * The credit rating pages (issue 13) on the demo: the regulator's list, worst first, and a
 * suspended transporter's page with its reasons in words, history chart and the waiting appeal,
 * which the regulator upholds; the firm's own page with the appeal form; another firm's page
 * without reasons. Desktop and phone, Chinese and English.
 * Screenshots: test-results/screenshots/ratings-*.png.
 */
const PHONE = { width: 390, height: 844 };

async function toEnglish(page: Page): Promise<void> {
  await page.getByTestId('language-switch').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'English' }).click();
}

describe('credit ratings in the browser', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: ['byproducts', 'exchange', 'manifests', 'ratings'] });
  }, 600_000);
  afterAll(async () => harness?.close());

  it('the regulator lists ratings, reads a suspended firm’s reasons and history, and upholds its appeal (desktop, phone, zh, en)', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'bz-eeb');
    await page.goto(`${harness.baseUrl}/ratings`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(10);
    expect(await rows.first().innerText()).toMatch(/暂停竞拍/);
    await expectNoRawKeys(page, 'ratings');
    await harness.screenshot(page, 'ratings-00-list-zh');

    await page.getByRole('link', { name: '亳州通达环保运输有限公司' }).click();
    await page.getByTestId('rating-grade').waitFor();
    await page.getByTestId('rating-history').locator('svg').first().waitFor();
    const reasons = await page.getByTestId('rating-reason').allInnerTexts();
    expect(reasons.join('\n')).toMatch(/监管部门/);
    expect(await page.getByText('待裁决').count()).toBeGreaterThan(0);
    await expectNoRawKeys(page, 'ratings');
    await harness.screenshot(page, 'ratings-01-suspended-zh');

    await page.setViewportSize(PHONE);
    await toEnglish(page);
    await page.getByText('Why this grade').waitFor();
    await expectNoSidewaysScroll(page);
    await expectNoRawKeys(page, 'ratings');
    await harness.screenshot(page, 'ratings-02-suspended-phone-en');

    await page.getByLabel('Reason of the decision').fill('The cover straps were replaced on every truck; checked on site.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    // The suspension is lifted: its notice gives way to the appeal's.
    await page.getByText(/An upheld appeal lets the firm bid/).waitFor();
    expect(await page.getByText(/Suspended from exchange auctions since/).count()).toBe(0);
    expect(await page.locator('.ant-tag', { hasText: 'Upheld' }).count()).toBe(1);
    await harness.screenshot(page, 'ratings-03-upheld-phone-en');

    await page.goto(`${harness.baseUrl}/ratings`);
    await rows.first().waitFor();
    await expectNoSidewaysScroll(page);
    await harness.screenshot(page, 'ratings-04-list-phone-en');
  });

  it('a firm sees its own rating with the appeal form, and only the grade of another firm', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'fengmu');
    await page.goto(`${harness.baseUrl}/ratings/mine`);
    await page.getByTestId('rating-grade').waitFor();
    await expect.poll(() => page.getByTestId('rating-reason').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '提交申诉' }).waitFor();
    await expectNoRawKeys(page, 'ratings');
    await harness.screenshot(page, 'ratings-05-own-zh');

    const other = await page.evaluate(async () => {
      const list = (await (await fetch('/api/v1/ratings')).json()) as { items: { organisation: { id: string; nameZh: string } }[] };
      return list.items.find((i) => i.organisation.nameZh.includes('绿源'))!.organisation.id;
    });
    await page.goto(`${harness.baseUrl}/ratings/${other}`);
    await page.getByTestId('rating-grade').waitFor();
    await page.getByText('评级原因仅向企业本身').waitFor();
    expect(await page.getByTestId('rating-reason').count()).toBe(0);
    expect(await page.getByRole('button', { name: '提交申诉' }).count()).toBe(0);
    await page.setViewportSize(PHONE);
    await expectNoSidewaysScroll(page);
    await harness.screenshot(page, 'ratings-06-other-phone-zh');
  });
});
