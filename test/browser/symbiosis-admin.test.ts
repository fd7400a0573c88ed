import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoRawKeys, expectNoSidewaysScroll, logIn, menuLabels, startBrowserHarness } from './harness';

/**
 * Issue 14's admin pages in the browser: a platform admin reads the indicator systems (edition,
 * versions, unverified marks) and publishes a new version of HJ 274 with one indicator checked
 * and its threshold changed; the park administration enters a value the platform has no data
 * for, with its source, and sees every value with where it comes from; it cannot enter the
 * region's values. Desktop and 390 px, Chinese and English. Screenshots:
 * test-results/screenshots/symbiosis-admin-*.png.
 */
let harness: BrowserHarness;
const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() - 1;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['byproducts', 'exchange', 'symbiosis'] });
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('the indicator admin pages in the browser', () => {
  it('a platform admin publishes a new version of HJ 274: edition, a checked indicator, a new threshold', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await logIn(page, 'admin');
    await page.getByTestId('side-menu').getByText('评价指标体系').click();
    await page.waitForURL(/\/symbiosis\/indicators/);
    await page.getByTestId('indicator-system').waitFor();
    // HJ 274: its ten indicators all recalled, one version so far.
    await page.getByTestId('indicator-system-select').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '国家生态工业示范园区标准' }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('system=HJ274');
    await page.getByTestId('indicator-system-edition').getByText('HJ 274-2015').waitFor();
    expect(await page.getByTestId('indicator-system-unverified').innerText()).toContain('10 项指标中有 10 项待核实');
    const table = page.getByTestId('indicator-system-indicators');
    await table.getByText('工业用水重复利用率').waitFor();
    await table.getByText('平台计算：副产物利用率').waitFor();
    expect(await page.getByTestId('indicator-system-versions').locator('tbody tr.ant-table-row').count()).toBe(1);

    await page.getByTestId('indicator-system-edit').click();
    const form = page.getByTestId('indicator-system-form');
    await form.waitFor();
    await page.getByTestId('indicator-system-edition-input').fill('HJ 274-2015（已核对工业用水重复利用率）');
    await page.getByTestId('indicator-system-note').fill('核对工业用水重复利用率的标准值');
    // Row 7 is the water reuse rate (the migration's order): checked, threshold 80.
    expect(await form.getByTestId('indicator-row-6').locator('input').first().inputValue()).toBe('工业用水重复利用率');
    await page.getByTestId('indicator-threshold-6').fill('80');
    await page.getByTestId('indicator-verified-6').check();
    await page.getByRole('dialog').getByRole('button', { name: /^发\s?布$/ }).click();
    await page.getByText('已发布第 2 版').waitFor();

    await expect.poll(() => page.getByTestId('indicator-system-versions').locator('tbody tr.ant-table-row').count(), { timeout: 30_000 }).toBe(2);
    await page.getByTestId('indicator-system-edition').getByText('HJ 274-2015（已核对工业用水重复利用率）').waitFor();
    expect(await page.getByTestId('indicator-system-unverified').innerText()).toContain('10 项指标中有 9 项待核实');
    const row = table.locator('tr', { hasText: '工业用水重复利用率' });
    expect(await row.innerText()).toContain('≥ 80');
    expect(await row.innerText()).toContain('已核实');
    await page.getByTestId('indicator-system-versions').getByText('核对工业用水重复利用率的标准值').waitFor();

    // A code the form refuses before the server sees it: a new indicator repeating an existing code.
    await page.getByTestId('indicator-system-edit').click();
    await page.getByRole('dialog').getByRole('button', { name: '添加指标' }).click();
    const added = page.getByTestId('indicator-row-10');
    await added.locator('input').nth(2).fill('water-reuse-rate');
    await page.getByRole('dialog').getByRole('button', { name: /^发\s?布$/ }).click();
    await added.getByText('指标代码重复').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: /取\s?消/ }).click();
    expect(await page.getByTestId('indicator-system-versions').locator('tbody tr.ant-table-row').count()).toBe(2);

    await expectNoRawKeys(page, 'symbiosis');
    await harness.screenshot(page, 'symbiosis-admin-systems-zh');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('the park administration enters a value the platform has no data for, with its source; not the region’s', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await logIn(page, 'park');
    expect(await menuLabels(page)).toEqual(expect.arrayContaining(['园区产业共生', '评价指标体系', '评价数据填报']));
    await page.goto(`${harness.baseUrl}/symbiosis/values?system=HJ274&year=${year}`);
    const table = page.getByTestId('values-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('values-summary').getByText('评价对象：亳州现代中药产业园').waitFor();
    // The demo's entered value with its source.
    const water = table.locator('tr', { hasText: '工业用水重复利用率' });
    await expect.poll(() => water.innerText(), { timeout: 30_000 }).toContain('园区水平衡测试（演示）');
    expect(await page.getByTestId('value-water-reuse-rate').innerText()).toBe('78');
    expect(await water.innerText()).toContain('填报');
    // No value yet for the wastewater indicator: the office enters it.
    expect(await page.getByTestId('value-wastewater-per-value-added').innerText()).toBe('—');
    await page.getByTestId('enter-wastewater-per-value-added').click();
    const form = page.getByTestId('values-form');
    await page.getByTestId('values-value').fill('6.4');
    await page.getByRole('dialog').getByRole('button', { name: /保\s?存/ }).click();
    await form.getByText('必填').waitFor();
    await page.getByTestId('values-source').fill('园区环境统计年报（测试）');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/symbiosis/values') && r.request().method() === 'PUT');
    await page.getByRole('dialog').getByRole('button', { name: /保\s?存/ }).click();
    const saved = await answer;
    expect(saved.status(), `${saved.request().postData()} → ${await saved.text()}`).toBe(200);
    await page.getByText('已保存').waitFor();
    await expect.poll(() => page.getByTestId('value-wastewater-per-value-added').innerText(), { timeout: 30_000 }).toBe('6.4');
    await table.locator('tr', { hasText: '单位工业增加值废水排放量' }).getByText('园区环境统计年报（测试）').waitFor();
    // The platform's own figures are not entered here.
    await page.goto(`${harness.baseUrl}/symbiosis/values?system=HERBLOOP-PARK&year=${year}`);
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    await table.getByText('平台数据').first().waitFor();
    expect(await table.getByRole('button', { name: /填\s?报/ }).count()).toBeLessThan(await table.locator('tbody tr.ant-table-row').count());
    // The region's values are for regulators and statistics offices: nothing to enter for the park.
    await page.goto(`${harness.baseUrl}/symbiosis/values?system=NDRC-CE&year=${year}`);
    await page.getByTestId('values-summary').getByText(/所在区域/).waitFor();
    await table.getByText('主要资源产出率').waitFor();
    expect(await table.getByRole('button').count()).toBe(0);
    await expectNoRawKeys(page, 'symbiosis');
    await harness.screenshot(page, 'symbiosis-admin-values-zh');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('phone: both pages and the editor fit 390 px in Chinese and English', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, 'admin');
    await page.goto(`${harness.baseUrl}/symbiosis/indicators?system=NDRC-CE`);
    await page.getByTestId('indicator-system-indicators').getByText('主要资源产出率').waitFor();
    await expectNoSidewaysScroll(page, 'indicator systems zh 390');
    await page.getByTestId('indicator-system-edit').click();
    await page.getByTestId('indicator-system-form').waitFor();
    await expectNoSidewaysScroll(page, 'indicator editor zh 390');
    await harness.screenshot(page, 'symbiosis-admin-editor-phone-zh');
    await page.getByRole('dialog').getByRole('button', { name: /取\s?消/ }).click();
    await page.goto(`${harness.baseUrl}/symbiosis/values?year=${year}`);
    await page.getByTestId('values-table').locator('tbody tr.ant-table-row').first().waitFor();
    await expectNoSidewaysScroll(page, 'values zh 390');
    await harness.screenshot(page, 'symbiosis-admin-values-phone-zh');

    await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
    await page.reload();
    await page.getByText('Evaluation values', { exact: true }).first().waitFor();
    await page.getByTestId('values-table').locator('tbody tr.ant-table-row').first().waitFor();
    await expectNoRawKeys(page, 'symbiosis');
    await expectNoSidewaysScroll(page, 'values en 390');
    await page.goto(`${harness.baseUrl}/symbiosis/indicators?system=NDRC-CE`);
    await page.getByText('Evaluation indicator systems').waitFor();
    await page.getByTestId('indicator-system-unverified').waitFor();
    await expectNoRawKeys(page, 'symbiosis');
    await expectNoSidewaysScroll(page, 'indicator systems en 390');
    await harness.screenshot(page, 'symbiosis-admin-systems-phone-en');
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
