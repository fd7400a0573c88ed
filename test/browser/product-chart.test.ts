import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, logIn, startBrowserHarness } from './harness';

/**
 * Issue 11, the product page's first chart: opened by its URL, the app asks for the weekly Y/P
 * series, the severity lines and ECharts at start-up (nav.ts `prefetch`, pages/supply/productRoute.ts),
 * before the page itself renders and asks for the rest, and the page reads them from the query
 * cache rather than asking again. Order and counts, not times.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['supply'] });
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

describe('product page first chart', () => {
  it('asks for the series, the severity lines and ECharts before the page renders, and for each once', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'ah-tcm');
    const requests: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      requests.push(url.pathname.replace('/api/v1/', '') + url.search);
    });
    await page.goto(`${harness.baseUrl}/supply/product?formula=FFDSP`);
    await page.getByTestId('ratio-chart').locator('svg').waitFor();
    await page.getByTestId('forecast-chart').locator('svg').waitFor({ timeout: 60_000 });

    const first = (test: (path: string) => boolean) => requests.findIndex(test);
    const series = (p: string) => p === 'supply/formulas/FFDSP/ratio';
    const levels = (p: string) => p === 'supply/levels';
    const echarts = (p: string) => /^\/assets\/echarts-[\w-]+\.js$/.test(p);
    // Asked for by the page once it rendered: the formula list of its picker and the formula itself.
    const pageData = first((p) => p === 'supply/formulas' || p === 'supply/formulas/FFDSP');
    expect(pageData).toBeGreaterThan(0);
    for (const [name, test] of [['series', series], ['levels', levels], ['ECharts', echarts]] as const) {
      expect(first(test), `${name} in ${requests.join(', ')}`).toBeGreaterThanOrEqual(0);
      expect(first(test), `${name} before the page's own requests: ${requests.join(', ')}`).toBeLessThan(pageData);
    }
    expect(requests.filter(series)).toHaveLength(1);
    expect(requests.filter(levels)).toHaveLength(1);
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('an in-app visit draws the same chart (the prefetch only runs for a page opened by its URL)', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'ah-tcm');
    await page.goto(`${harness.baseUrl}/supply/products`);
    await page.getByTestId('formula-table').locator('tr', { hasText: '复方丹参片' }).getByRole('link', { name: '复方丹参片' }).click();
    await page.waitForURL(/\/supply\/product\?formula=FFDSP/);
    await page.getByTestId('ratio-chart').getByText('上限 30 %').waitFor();
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
