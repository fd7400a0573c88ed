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
    expect((await menuLabels(page)).slice(0, 5)).toEqual(['今日', '基本药物成本监测', '药材价格', '药材价格指数', '药材目录管理']);

    await page.getByTestId('side-menu').getByText('基本药物成本监测').click();
    await page.waitForURL(/\/supply\/products/);
    const table = page.getByTestId('formula-table');
    const row = table.locator('tr', { hasText: '复方丹参片' });
    await row.waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBeGreaterThanOrEqual(30);
    expect(percent(await row.locator('td').nth(4).innerText())).toBeGreaterThan(30);
    await row.locator('[data-level^="above-"]').waitFor();
    await row.getByTestId('sparkline').waitFor();
    // A level that Y/P alone would not give carries its hysteresis rule next to it (30.1 % but normal).
    const formulas = ((await (await page.request.get(`${harness.baseUrl}/api/v1/supply/formulas`)).json()) as { items: { nameZh: string; levelRule: { threshold: number } | null }[] }).items;
    const held = formulas.find((f) => f.levelRule !== null)!;
    const heldRule = table.locator('tr', { hasText: held.nameZh }).getByTestId('level-rule');
    await heldRule.getByText(`${(held.levelRule!.threshold * 100).toFixed(1)} %`, { exact: false }).waitFor();
    expect(await table.getByTestId('level-rule').count()).toBe(formulas.filter((f) => f.levelRule !== null).length);
    await expectNoRawKeys(page, 'supply');
    await harness.screenshot(page, 'supply-01-products-zh');

    await row.getByRole('link', { name: '复方丹参片' }).click();
    await page.waitForURL(/\/supply\/product\?formula=FFDSP/);
    await page.getByRole('heading', { name: /复方丹参片/ }).waitFor();
    const chart = page.getByTestId('ratio-chart');
    await chart.locator('svg').waitFor();
    // The band is drawn as two labelled lines; the long 2010–2015 red episode is listed.
    await chart.getByText('上限 30 %').waitFor();
    await chart.getByText('下限 10 %').waitFor();
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
    // 复方丹参片 is outside its band: the forecast says the pre-warning does not apply (never "no" next to 100 %).
    await page.getByTestId('forecast-prewarning').and(page.locator('[data-state="outside"]')).getByText(/不适用/).waitFor();
    await expectNoRawKeys(page, 'supply');
    await harness.screenshot(page, 'supply-02-product-zh');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('the product page asks once for the what-if and for the weekly Y/P series, and for the days of a window the reader zooms into', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'ah-tcm');
    const whatIfs: string[] = [];
    const ratios: { url: URL; rows: number; resolution: string }[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/v1/supply/formulas/FFDSP/whatif')) whatIfs.push(r.postData() ?? '');
    });
    page.on('response', (r) => {
      if (!r.url().includes('/api/v1/supply/formulas/FFDSP/ratio')) return;
      r.json().then(
        (body: { series: unknown[]; resolution: string }) => ratios.push({ url: new URL(r.url()), rows: body.series.length, resolution: body.resolution }),
        () => undefined, // the page closed before the body was read
      );
    });
    await page.goto(`${harness.baseUrl}/supply/product?formula=FFDSP`);
    const chart = page.getByTestId('ratio-chart');
    // The first product page of a fresh demo builds the monitor state and the computation first.
    await chart.getByText('上限 30 %').waitFor({ timeout: 90_000 });
    await page.getByTestId('whatif-result').waitFor();
    await page.getByTestId('forecast-chart').locator('svg').waitFor({ timeout: 60_000 });
    // Past the what-if's 400 ms debounce: a second request would have gone by now.
    await page.waitForTimeout(1500);
    expect(whatIfs).toHaveLength(1);
    expect(ratios).toHaveLength(1);
    expect(ratios[0]!.resolution).toBe('week');
    expect(ratios[0]!.url.searchParams.has('resolution')).toBe(false);
    // About 17 years of prices: weekly rows, not the ~6 000 days.
    expect(ratios[0]!.rows).toBeGreaterThan(500);
    expect(ratios[0]!.rows).toBeLessThan(1200);

    // Zooming in with the mouse wheel until the window is short enough for days (under two years).
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.4);
    for (let i = 0; i < 60 && !ratios.some((r) => r.resolution === 'day'); i++) {
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(100);
    }
    await expect.poll(() => ratios.filter((r) => r.resolution === 'day').length, { timeout: 10_000 }).toBeGreaterThan(0);
    const daily = ratios.find((r) => r.resolution === 'day')!;
    const from = daily.url.searchParams.get('from')!;
    const to = daily.url.searchParams.get('to')!;
    expect(daily.url.searchParams.get('resolution')).toBe('day');
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    expect(days).toBeLessThanOrEqual(800);
    expect(daily.rows).toBeGreaterThan(Math.min(days, 20));
    await chart.getByText('上限 30 %').waitFor();
    expect(whatIfs).toHaveLength(1);
    await harness.screenshot(page, 'supply-02b-product-zoomed-zh');
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
    await page.getByTestId('ratio-chart').getByText('upper limit 30 %').waitFor();
    await page.getByTestId('whatif-result').waitFor();
    await expectNoRawKeys(page, 'supply');
    await harness.screenshot(page, 'supply-05-product-en');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a supply monitor confirms a held price on the herb page, sees the price forecast fan, and edits the catalogue', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'bz-price');
    // A station's tick far above 三七's recent median is held by the outlier screen.
    const posted = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/supply/prices', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ observations: [{ herb: '三七', market: '安国', date: '2026-11-21', price: 5000 }] }),
      });
      return (await res.json()) as { held: number };
    });
    expect(posted.held).toBe(1);
    await page.goto(`${harness.baseUrl}/supply/herbs?herb=SANQI`);
    const held = page.getByTestId('held-ticks');
    const row = held.locator('tr', { hasText: '2026-11-21' });
    await row.waitFor();
    expect(await row.innerText()).toContain('5000');
    await page.getByTestId('herb-forecast-chart').locator('svg').waitFor({ timeout: 60_000 });
    await page.getByTestId('herb-forecast-chart').getByText('80 % 区间').first().waitFor();
    await expectNoRawKeys(page, 'supply');
    await harness.screenshot(page, 'supply-06-herb-held-forecast-zh');
    await row.getByRole('button', { name: '确认' }).click();
    await held.getByText('没有待确认的价格。').waitFor();

    await page.getByTestId('side-menu').getByText('药材目录管理').click();
    await page.waitForURL(/\/supply\/catalog/);
    await page.getByTestId('herb-search').locator('input').fill('酒萸');
    await page.getByTestId('herb-search').locator('input').press('Enter');
    const herbs = page.getByTestId('catalog-herbs');
    await herbs.locator('tr', { hasText: '山茱萸' }).waitFor();
    // 山茱萸 may already be on the unfiltered first page: wait for the search answer to replace it.
    await expect.poll(() => herbs.locator('tbody tr.ant-table-row').count()).toBe(1);
    await herbs.locator('tr', { hasText: '山茱萸' }).locator('.ant-table-row-expand-icon').click();
    await page.getByText('炮制品').first().waitFor();
    await expectNoRawKeys(page, 'supply');
    await harness.screenshot(page, 'supply-07-catalog-zh');

    // A new herb; then the same Chinese name again is refused on the name field.
    await page.getByTestId('herb-add').click();
    const form = page.getByTestId('herb-form');
    await form.locator('#code').fill('XIYANGSHEN');
    await form.locator('#nameZh').fill('西洋参');
    await form.locator('#pinyin').fill('xiyangshen');
    await form.locator('#growthCycleYears').fill('4');
    await page.getByRole('button', { name: '保 存' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByTestId('herb-search').locator('input').fill('xiyang');
    await page.getByTestId('herb-search').locator('input').press('Enter');
    await herbs.locator('tr', { hasText: '西洋参' }).waitFor();
    await page.getByTestId('herb-add').click();
    await form.locator('#code').fill('XYS2');
    await form.locator('#nameZh').fill('西洋参');
    await form.locator('#pinyin').fill('x');
    await page.getByRole('button', { name: '保 存' }).click();
    await form.getByText(/already taken/).waitFor();
    await harness.screenshot(page, 'supply-08-catalog-duplicate-zh');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a manufacturer sees the cost pages; a utilizer sees only herb prices and the index', { timeout: 60_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'huatuo');
    const labels = await menuLabels(page);
    expect(labels).toContain('基本药物成本监测');
    expect(labels).toContain('药材价格');
    expect(labels).not.toContain('药材目录管理');
    const other = await harness.freshPage();
    await logIn(other, 'lvyuan');
    const otherLabels = await menuLabels(other);
    expect(otherLabels).not.toContain('基本药物成本监测');
    expect(otherLabels).toContain('药材价格指数');
  });
});
