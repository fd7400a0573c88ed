import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type BrowserHarness, expectNoRawKeys, expectNoSidewaysScroll, logIn, startBrowserHarness } from './harness';

/**
 * Issue 14 in the browser: the park administration opens the symbiosis page and sees the demo
 * park's flows as a Sankey and as a network on the sites' coordinates, the figures with their
 * formulas, a chart's table view, and the evaluation with its unverified marks; another park's
 * administration sees aggregates only. Desktop and 390 px, Chinese and English. Screenshots:
 * test-results/screenshots/symbiosis-*.png.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['byproducts', 'exchange', 'symbiosis'] });
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

async function openPage(page: Page, query = ''): Promise<void> {
  await page.goto(`${harness.baseUrl}/symbiosis${query}`);
  await page.getByTestId('symbiosis-figures').waitFor();
}

describe('the symbiosis page in the browser', () => {
  it('desktop: the park sees the Sankey, the network, the figures with formulas and the evaluation', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await logIn(page, 'park');
    await page.getByTestId('side-menu').getByText('园区产业共生').click();
    await page.waitForURL(/\/symbiosis/);
    await page.getByTestId('symbiosis-figures').waitFor();
    await page.getByTestId('symbiosis-sankey-chart').locator('svg').waitFor();
    await page.getByTestId('symbiosis-network-chart').locator('svg').waitFor();
    await expect.poll(() => page.getByTestId('fig-links').innerText()).not.toBe('—');
    await page.getByText('C = L / (n(n − 1))').waitFor();
    await page.getByText(/FCI = Σ/).waitFor();
    // The Sankey names the city nodes.
    await page.getByTestId('symbiosis-kind').getByText('能源').click();
    await expect.poll(() => page.getByTestId('symbiosis-sankey-chart').innerText(), { timeout: 30_000 }).toContain('城南集中供热');
    // The table view of the chart lists the same links, and the download is offered.
    await page.getByTestId('symbiosis-sankey-view').getByText('表').click();
    await page.getByTestId('symbiosis-sankey').locator('table').getByText('亳州城南集中供热管网').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('symbiosis-sankey-download').click();
    expect((await download).suggestedFilename()).toMatch(/^symbiosis-sankey-energy-actual-\d{4}\.csv$/);
    // The chains as layers with their figures; the ecological layer keeps the disposal flows only.
    await page.getByTestId('symbiosis-kind').getByText('物料').click();
    await page.getByTestId('symbiosis-chains').getByText('生态链：处置量').waitFor();
    await page.getByTestId('symbiosis-chain').click();
    await page.locator('.ant-select-item-option').getByText('生态链', { exact: true }).click();
    await expect.poll(() => page.url()).toContain('chain=ecological');
    await page.getByTestId('symbiosis-filter-mode').waitFor();
    // The evaluation report is offered as PDF and Excel.
    expect(await page.getByTestId('symbiosis-report-pdf').getAttribute('href')).toMatch(/\/evaluation\/report\?from=\d{4}&to=\d{4}&format=pdf$/);
    expect(await page.getByTestId('symbiosis-report-xlsx').getAttribute('href')).toMatch(/format=xlsx$/);
    // The evaluation shows HJ 274 with its recalled indicators marked.
    await page.getByTestId('symbiosis-evaluation-chart').locator('svg').waitFor();
    await page.getByTestId('symbiosis-evaluation-view').getByText('表').click();
    await page.getByTestId('symbiosis-evaluation').getByText('待核实').first().waitFor();
    await page.getByTestId('symbiosis-evaluation').getByText('工业用水重复利用率').waitFor();
    // The attraction list names kinds of firm and offers the .xlsx.
    await page.getByTestId('symbiosis-gaps').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('symbiosis-gaps-export').getAttribute('href')).toMatch(/\/gaps\/export\?year=\d{4}&format=xlsx$/);
    // "Firm stops": the most critical firm stops; the cascade and the exchange's alternatives show.
    await page.getByTestId('symbiosis-criticality-chart').locator('svg').waitFor();
    await page.getByTestId('symbiosis-stop-firms').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('symbiosis-stop-run').click();
    await page.getByTestId('symbiosis-stop-result').getByText('停产顺序').waitFor();
    await page.getByTestId('symbiosis-alternatives').waitFor();
    await expectNoRawKeys(page, 'symbiosis');
    await harness.screenshot(page, 'symbiosis-desktop-zh');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('another park’s administration sees aggregates only', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'park2');
    const parks = await page.evaluate<{ items: { id: string; code: string }[] }>("fetch('/api/v1/parks').then((r) => r.json())");
    const demo = parks.items.find((p) => p.code === 'BZ-TCM-PARK')!;
    await openPage(page, `?park=${demo.id}`);
    await page.getByTestId('symbiosis-access').getByText('其他园区只能看到汇总指标').waitFor();
    await page.getByTestId('symbiosis-network-view').getByText('表').click();
    const table = await page.getByTestId('symbiosis-network').locator('table').innerText();
    expect(table).toContain('亳州绿源有机肥有限公司');
    expect(table).not.toContain('亳州华佗本草制药有限公司');
  });

  it('phone: the page fits 390 px in Chinese and English', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, 'park');
    await openPage(page);
    await page.getByTestId('symbiosis-sankey-chart').locator('svg').waitFor();
    await page.getByTestId('symbiosis-chains').waitFor();
    await page.getByTestId('symbiosis-filters').waitFor();
    await expectNoSidewaysScroll(page, 'symbiosis zh 390');
    await harness.screenshot(page, 'symbiosis-phone-zh');
    await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
    await page.reload();
    await page.getByText('Park industrial symbiosis map').waitFor();
    await page.getByTestId('symbiosis-network-chart').locator('svg').waitFor();
    await page.getByText("Finn's cycling index").waitFor();
    await expectNoRawKeys(page, 'symbiosis');
    await expectNoSidewaysScroll(page, 'symbiosis en 390');
    await harness.screenshot(page, 'symbiosis-phone-en');
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
