import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoSidewaysScroll, logIn, settled, startBrowserHarness } from './harness';

/**
 * Issue 11, "Navigation": the URL is the source of truth for a page's filters (reload, back and
 * forward, a link opened elsewhere show the same view), and pages open on the viewer's own region.
 */
const PHONE = { width: 390, height: 844 };

const search = (page: Page) => new URL(page.url()).searchParams;
const tableRows = (page: Page, testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row').allInnerTexts();

describe('URL state and own-region defaults', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 600_000);
  afterAll(async () => harness?.close());

  it('a 亳州 manufacturer lands on 安徽 in the regional accounts, is told it has none and is offered the regions that have them', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'huatuo');
    await page.goto(`${harness.baseUrl}/accounts/region`);
    const note = page.getByTestId('region-without-accounts');
    await note.waitFor();
    expect(await note.innerText()).toContain('安徽省尚无物质流核算数据');
    expect(await page.getByTestId('region-select').innerText()).toContain('安徽省');
    // No other region's figures pass for 安徽's.
    expect(await page.getByTestId('indicators-table').count()).toBe(0);
    const offered = await regionsWithAccounts(page);
    expect(offered.length).toBeGreaterThan(0);
    for (const code of offered) expect(await note.getByTestId(`offer-region-${code}`).count()).toBe(1);
    await harness.screenshot(page, 'url-region-anhui-zh');

    // Following an offered region: its figures, in the URL; back: 安徽 again.
    const first = offered[0]!;
    await note.getByTestId(`offer-region-${first}`).click();
    await page.getByTestId('indicators-table').waitFor();
    expect(search(page).get('region')).toBe(first);
    await page.goBack();
    await note.waitFor();
    expect(search(page).get('region')).toBeNull();
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a 浙江 statistics office lands on 浙江 with its figures and no note', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'zj-drc');
    await page.goto(`${harness.baseUrl}/accounts/region`);
    await page.getByTestId('indicators-table').waitFor();
    expect(await page.getByTestId('region-select').innerText()).toContain('浙江省');
    expect(await page.getByTestId('region-without-accounts').count()).toBe(0);
  });

  it('the region dashboard: a chosen region and years survive a reload and open the same in a fresh session', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'zj-drc');
    const offered = await regionsWithAccounts(page);
    const other = offered.find((c) => c !== '330000')!;
    await page.goto(`${harness.baseUrl}/accounts/region`);
    await page.getByTestId('indicators-table').waitFor();
    await page.getByTestId('region-select').click();
    const name = (await regionName(page, other))!;
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: name }).first().click();
    await page.waitForURL((url) => url.searchParams.get('region') === other);
    await settled(page);
    await expect.poll(() => page.getByTestId('region-select').innerText()).toContain(name);
    await settled(page);
    const change = await page.getByTestId('productivity-change').innerText();
    const shared = page.url();

    await page.reload();
    await settled(page);
    await expect.poll(() => page.getByTestId('region-select').innerText()).toContain(name);
    await expect.poll(() => page.getByTestId('productivity-change').innerText()).toBe(change);

    // The link, opened by someone else: after their login, the same view.
    const fresh = await harness.freshPage();
    await fresh.goto(shared);
    await fresh.waitForURL((url) => url.pathname === '/login');
    await logIn(fresh, 'huatuo', { landed: false });
    await fresh.waitForURL((url) => url.pathname === '/accounts/region' && url.searchParams.get('region') === other);
    await settled(fresh);
    // Never the bare code, not even while the region names load.
    await expect.poll(() => fresh.getByTestId('region-select').innerText()).toContain(name);
    expect(await fresh.getByTestId('region-select').innerText()).not.toContain(other);
    await expect.poll(() => fresh.getByTestId('productivity-change').innerText()).toBe(change);
    expect(await fresh.getByTestId('region-without-accounts').count()).toBe(0);
  });

  it('the directory: page and search in the URL, back and forward step through the views', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize(PHONE);
    await logIn(page, 'admin');
    await page.goto(`${harness.baseUrl}/organisations`);
    await settled(page);
    const rows = () => page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts();
    const firstPage = await rows();
    expect(firstPage.length).toBe(20); // the demo has more organisations than one page holds
    await page.locator('.ant-pagination-next').click();
    await page.waitForURL((url) => url.searchParams.get('page') === '2');
    await expect.poll(rows).not.toEqual(firstPage);
    const secondPage = await rows();
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('page'));
    await expect.poll(rows).toEqual(firstPage);
    await page.goForward();
    await expect.poll(rows).toEqual(secondPage);

    const box = page.getByTestId('directory-search').locator('input');
    await box.fill('HUATUO');
    await box.press('Enter');
    // A new search starts on its first page.
    await page.waitForURL((url) => url.searchParams.get('q') === 'HUATUO' && !url.searchParams.has('page'));
    await expect.poll(rows).toHaveLength(1);
    const found = await rows();
    expect(found[0]).toContain('BZ-MFR-HUATUO');
    await expectNoSidewaysScroll(page);
    await page.reload();
    await settled(page);
    expect(await box.inputValue()).toBe('HUATUO');
    expect(await rows()).toEqual(found);
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('page') === '2' && !url.searchParams.has('q'));
    await expect.poll(rows).toEqual(secondPage);
    expect(await box.inputValue()).toBe('');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('the case inbox and the product list: filters and searches in the URL', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'bz-price');
    await page.goto(`${harness.baseUrl}/supply/products`);
    await settled(page);
    const allProducts = await tableRows(page, 'formula-table');
    await page.locator('.ant-input-search input').first().fill('丹参');
    await page.waitForURL((url) => url.searchParams.get('q') === '丹参');
    await expect.poll(async () => (await tableRows(page, 'formula-table')).length).toBeLessThan(allProducts.length);
    const danshen = await tableRows(page, 'formula-table');
    expect(danshen.length).toBeGreaterThan(0);
    expect(danshen.every((row) => row.includes('丹参'))).toBe(true);
    await page.reload();
    await settled(page);
    expect(await tableRows(page, 'formula-table')).toEqual(danshen);

    // Every status, then red only: each a view of its own in the history.
    await page.goto(`${harness.baseUrl}/warnings?status=-`);
    await settled(page);
    expect(await page.getByTestId('status-filter').locator('.ant-select-selection-item').count()).toBe(0);
    await page.goto(`${harness.baseUrl}/warnings`);
    await settled(page);
    const defaultStatuses = await page.getByTestId('status-filter').locator('.ant-select-selection-item').count();
    expect(defaultStatuses).toBe(3);
    await page.getByTestId('level-filter').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').last().click();
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.searchParams.getAll('level').length === 1);
    const level = search(page).get('level');
    await settled(page);
    await expect.poll(() => page.getByTestId('level-filter').locator('.ant-select-selection-item').count()).toBe(1);
    const filtered = await tableRows(page, 'cases-table');
    await page.reload();
    await settled(page);
    expect(await page.getByTestId('level-filter').locator('.ant-select-selection-item').count()).toBe(1);
    expect(search(page).get('level')).toBe(level);
    expect(await tableRows(page, 'cases-table')).toEqual(filtered);
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('level'));
    await settled(page);
    expect(await page.getByTestId('level-filter').locator('.ant-select-selection-item').count()).toBe(0);
    expect(harness.pageErrors(page)).toEqual([]);
  });
});

async function regionsWithAccounts(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`fetch('/api/v1/accounts/regions').then((r) => r.json()).then((b) => b.items.map((i) => i.region))`);
}

async function regionName(page: Page, code: string): Promise<string | undefined> {
  return page.evaluate<string | undefined>(`fetch('/api/v1/accounts/regions').then((r) => r.json()).then((b) => b.items.find((i) => i.region === ${JSON.stringify(code)})?.nameZh)`);
}
