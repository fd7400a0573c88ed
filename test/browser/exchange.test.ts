import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type BrowserHarness, expectNoRawKeys, logIn, startBrowserHarness } from './harness';

/**
 * Issue 12 in the browser ("done means"): a utilizer posts a demand, a manufacturer lists a
 * residue from its stream (the grade and the stream's room shown before saving), the park
 * administration runs the matching, the manufacturer reads the proposal's explanation and
 * accepts, the utilizer accepts, and the contract with its delivery schedule exists. The market
 * page at phone size in both languages. Only the by-product demo is loaded (the exchange starts
 * empty). Screenshots: test-results/screenshots/exchange-*.png.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['byproducts'] });
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

async function typeDate(page: Page, selector: string, date: string): Promise<void> {
  const input = page.locator(selector);
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

async function openMarket(page: Page): Promise<void> {
  await page.getByTestId('side-menu').getByText('交易市场').click();
  await page.waitForURL(/\/exchange\/market/);
}

describe('the exchange in the browser', () => {
  it('a listing from a stream is matched to a demand with its explanation, both accept, and the contract has its delivery schedule', { timeout: 300_000 }, async () => {
    // The utilizer posts a standing demand for every class.
    const lvyuan = await harness.freshPage();
    await logIn(lvyuan, 'lvyuan');
    await openMarket(lvyuan);
    await lvyuan.getByTestId('new-demand').click();
    await lvyuan.getByTestId('demand-form').waitFor();
    await lvyuan.getByTestId('demand-title').fill('有机肥原料（浏览器测试）');
    // Every class is accepted unless narrowed.
    await lvyuan.getByTestId('demand-form').getByText('富活性小分子类').waitFor();
    await lvyuan.locator('#priceA').fill('320');
    await lvyuan.locator('#priceB').fill('260');
    await lvyuan.locator('#priceC').fill('200');
    await lvyuan.locator('#capacityPerMonth').fill('500');
    await typeDate(lvyuan, '#start', day(0));
    await lvyuan.getByTestId('save-demand').click();
    await lvyuan.getByText(/已发布需求 XQ-/).waitFor();
    await expectNoRawKeys(lvyuan, 'exchange');

    // The manufacturer lists a residue of its stream: the grade and the room left show before saving.
    const huatuo = await harness.freshPage();
    await logIn(huatuo, 'huatuo');
    await openMarket(huatuo);
    await huatuo.getByTestId('new-listing').click();
    await huatuo.getByTestId('listing-form').waitFor();
    await huatuo.locator('#stream').click();
    await huatuo.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
    const range = huatuo.locator('.ant-picker-range input');
    await range.nth(0).click();
    await range.nth(0).fill(day(1));
    await range.nth(0).press('Enter');
    await range.nth(1).fill(day(55));
    await range.nth(1).press('Enter');
    for (const [assay, value] of [
      ['moisture', '20'],
      ['crudeFibre', '35'],
      ['crudeProtein', '15'],
      ['crudeFat', '10'],
      ['ash', '8'],
    ] as const) {
      await huatuo.locator(`#${assay}`).fill(value);
    }
    await huatuo.getByTestId('listing-available').waitFor();
    await huatuo.getByTestId('grade-rule').getByText(/级/).first().waitFor();
    await huatuo.locator('#tonnes').fill('0.5');
    await huatuo.locator('#reservePrice').fill('30');
    await harness.screenshot(huatuo, 'exchange-01-listing-form');
    await huatuo.getByTestId('save-listing').click();
    await huatuo.getByText(/已挂牌 GY-/).waitFor();
    await huatuo.getByTestId('listing-table').locator('tbody tr.ant-table-row').first().waitFor();
    await huatuo.getByTestId('market-map').locator('svg').waitFor();
    await harness.screenshot(huatuo, 'exchange-02-market');

    // The park administration runs the matching.
    const park = await harness.freshPage();
    await logIn(park, 'park');
    await openMarket(park);
    await park.getByTestId('run-match').click();
    await park.getByText(/撮合完成：1 条建议/).waitFor();

    // The manufacturer reads the explanation and accepts (one tab at a time: the harness shares cookies).
    const seller = await harness.freshPage();
    await logIn(seller, 'huatuo');
    await seller.getByTestId('side-menu').getByText('撮合建议').click();
    await seller.waitForURL(/\/exchange\/proposals/);
    const card = seller.getByTestId('proposal-card').first();
    await card.getByTestId('proposal-value').waitFor();
    await card.getByTestId('proposal-alternative').getByText(/若没有这一组合，市场总价值减少/).waitFor();
    await card.getByText('有机肥原料（浏览器测试）', { exact: false }).first().waitFor();
    await harness.screenshot(seller, 'exchange-03-proposal');
    await card.getByTestId('accept-proposal').click();
    await seller.getByText('已记录您的决定').waitFor();

    // The utilizer accepts: the contract exists with its monthly delivery schedule.
    const buyer = await harness.freshPage();
    await logIn(buyer, 'lvyuan');
    await buyer.getByTestId('side-menu').getByText('撮合建议').click();
    await buyer.waitForURL(/\/exchange\/proposals/);
    await buyer.getByTestId('proposal-card').first().getByTestId('accept-proposal').click();
    await buyer.getByText('双方均已接受，合同已生成').waitFor();
    await buyer.waitForURL(/\/exchange\/contract\?id=/);
    const deliveries = buyer.getByTestId('delivery-table').locator('tbody tr.ant-table-row');
    await deliveries.first().waitFor();
    expect(await deliveries.count()).toBe(2);
    await buyer.getByTestId('contract-facts').getByText('双边交易').waitFor();
    await harness.screenshot(buyer, 'exchange-04-contract');
    expect(harness.pageErrors(buyer)).toEqual([]);
    expect(harness.pageErrors(seller)).toEqual([]);
  });

  it('phone: the market fits 390 px without sideways scrolling, in Chinese and English', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, 'lvyuan');
    await page.goto(`${harness.baseUrl}/exchange/market`);
    await page.getByTestId('market-map').locator('svg').waitFor();
    await page.getByTestId('listing-table').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await harness.screenshot(page, 'exchange-phone-zh-market');
    await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
    await page.reload();
    await page.getByText('Market').first().waitFor();
    await page.getByTestId('market-map').locator('svg').waitFor();
    await expectNoRawKeys(page, 'exchange');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(1);
    await harness.screenshot(page, 'exchange-phone-en-market');
    await page.goto(`${harness.baseUrl}/exchange/proposals`);
    await page.getByText('All', { exact: true }).click();
    await page.getByTestId('proposal-card').first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(1);
    await harness.screenshot(page, 'exchange-phone-en-proposals');
  });
});
