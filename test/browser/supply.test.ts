import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, logIn, menuLabels, expectNoRawKeys, startBrowserHarness } from './harness';

/**
 * Issue 3 in the browser: the essential-medicine cost watch, 复方丹参片's Y/P with its band and
 * episodes, a what-if with 三七 at 300 元/kg, the herb page and the price index, on the supply
 * demo only. Screenshots: test-results/screenshots/supply-*.png.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['supply'] });
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

const percent = (text: string) => Number(/([\d.]+)\s*%/.exec(text)?.[1] ?? NaN);

describe('supply early warning in the browser', () => {
  it('a supply monitor sees 复方丹参片 above its band, the band and episodes, and a what-if with 三七 at 300 元/kg', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'ah-tcm');
    expect((await menuLabels(page)).slice(0, 5)).toEqual(['概览', '基本药物成本监测', '品种成本比分析', '药材价格', '药材价格指数']);

    await page.getByTestId('side-menu').getByText('基本药物成本监测').click();
    await page.waitForURL(/\/supply\/products/);
    const table = page.getByTestId('formula-table');
    const row = table.locator('tr', { hasText: '复方丹参片' });
    await row.waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBeGreaterThanOrEqual(30);
    expect(percent(await row.locator('td').nth(4).innerText())).toBeGreaterThan(30);
    await row.locator('[data-level^="above-"]').waitFor();
    await row.getByTestId('sparkline').waitFor();
    await expectNoRawKeys(page, 'supply');
    await harness.screenshot(page, 'supply-01-products-zh');

    await row.getByRole('link', { name: '复方丹参片' }).click();
    await page.waitForURL(/\/supply\/product\?formula=FFDSP/);
    await page.getByRole('heading', { name: /复方丹参片/ }).waitFor();
    const chart = page.getByTestId('ratio-chart');
    await chart.locator('svg').waitFor();
    // The band is drawn as two labelled lines; the long 2010–2015 red episode is listed.
    await chart.getByText('R_high 30 %').waitFor();
    await chart.getByText('R_low 10 %').waitFor();
    const episodes = page.getByTestId('episodes-table');
    await episodes.getByText('2010-03-05').waitFor();
    expect(percent(await episodes.locator('tbody tr').first().locator('td').nth(4).innerText())).toBeGreaterThan(100);
    // Shares over time: 三七's stacked area is drawn once the samples are in.
    await page.getByTestId('shares-chart').getByText('三七').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('herb-price-chart').getByText('三七').first().waitFor();

    const panel = page.getByTestId('whatif-panel');
    await panel.scrollIntoViewIfNeeded();
    await panel.getByTestId('whatif-result').waitFor();
    await panel.getByTestId('whatif-price-三七').fill('300');
    await panel.getByTestId('whatif-result').getByText(/4\d\.\d %/).first().waitFor();
    const ratio = percent(await panel.getByTestId('whatif-result').locator('.ant-statistic-content').first().innerText());
    expect(ratio).toBeGreaterThan(30);
    await panel.getByTestId('whatif-result').locator('[data-level^="above-"]').waitFor();
    await panel.getByTestId('whatif-shares').getByText('三七').first().waitFor();
    await page.getByTestId('forecast-chart').locator('svg').waitFor({ timeout: 60_000 });
    await expectNoRawKeys(page, 'supply');
    await harness.screenshot(page, 'supply-02-product-zh');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('the herb page shows 三七 by market and the formulas it moves; the index page draws base-100 indices; English works', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'bz-price');
    await page.getByTestId('side-menu').getByText('药材价格', { exact: true }).click();
    await page.waitForURL(/\/supply\/herbs/);
    await page.getByRole('heading', { name: /三七/ }).waitFor();
    await page.getByTestId('herb-price-chart').getByText('文山三七市场').first().waitFor();
    const exposure = page.getByTestId('exposure-table');
    await exposure.getByText('复方丹参片').waitFor();
    await expectNoRawKeys(page, 'supply');
    await harness.screenshot(page, 'supply-03-herb-zh');

    await page.getByTestId('side-menu').getByText('药材价格指数').click();
    await page.getByTestId('index-chart').getByText('综合指数').first().waitFor();
    await expectNoRawKeys(page, 'supply');
    await harness.screenshot(page, 'supply-04-index-zh');

    await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
    await page.goto(`${harness.baseUrl}/supply/product?formula=FFDSP`);
    await page.getByRole('heading', { name: /Compound Danshen Tablets/ }).waitFor();
    await page.getByTestId('ratio-chart').getByText('R_high 30 %').waitFor();
    await page.getByTestId('whatif-result').waitFor();
    await expectNoRawKeys(page, 'supply');
    await harness.screenshot(page, 'supply-05-product-en');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a manufacturer sees the cost pages; a utilizer sees only herb prices and the index', { timeout: 60_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'huatuo');
    const labels = await menuLabels(page);
    expect(labels).toContain('基本药物成本监测');
    expect(labels).toContain('药材价格');
    const other = await harness.freshPage();
    await logIn(other, 'lvyuan');
    const otherLabels = await menuLabels(other);
    expect(otherLabels).not.toContain('基本药物成本监测');
    expect(otherLabels).toContain('药材价格指数');
  });
});
