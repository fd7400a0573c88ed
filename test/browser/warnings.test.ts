import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoRawKeys, logIn, menuLabels, pickOption, startBrowserHarness } from './harness';

/**
 * Warning cases in the browser on the supply demo plus the warnings step (cases opened from the
 * demo history; 复方丹参片's 2010 case noted and decided for publication by ah-tcm). The supply
 * monitor opens the inbox, opens 复方丹参片's current case, adds a note and decides to publish.
 * Screenshots: test-results/screenshots/warnings-*.png.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['supply', 'warnings'] });
}, 240_000);

afterAll(async () => {
  await harness?.close();
});

const percent = (text: string) => Number(/([\d.]+)\s*%/.exec(text)?.[1] ?? NaN);

describe('warning cases in the browser', () => {
  it('a supply monitor works 复方丹参片’s case from the inbox to a decision to publish', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'ah-tcm');
    const menu = await menuLabels(page);
    expect(menu).toContain('预警案件');
    // The case page is reached from the inbox, not from the menu.
    expect(menu).not.toContain('预警案件详情');

    await page.getByTestId('side-menu').getByText('预警案件', { exact: true }).click();
    await page.waitForURL(/\/warnings$/);
    const table = page.getByTestId('cases-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    await harness.screenshot(page, 'warnings-00-inbox-all-zh');
    await page.getByPlaceholder('搜索品种').fill('复方丹参片');
    // Default filter: cases still to be handled; the demo's 2010 case is decided, the current one open.
    const rows = table.locator('tbody tr.ant-table-row', { hasText: '复方丹参片' });
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    await table.locator('tr', { hasText: '2010-03-05' }).locator('[data-status="decided-publish"]').waitFor();
    await table.locator('[data-level^="above-"]').first().waitFor();
    await expectNoRawKeys(page, 'warnings');
    await harness.screenshot(page, 'warnings-01-inbox-zh');

    // The open case of 复方丹参片 (the episode from 2021 on).
    const current = table.locator('tr.ant-table-row', { hasText: '复方丹参片' }).filter({ has: page.locator('[data-status="open"]') });
    await current.first().getByRole('link', { name: '复方丹参片' }).click();
    await page.waitForURL(/\/warnings\/case\?id=/);
    await page.getByRole('heading', { name: /复方丹参片/ }).waitFor();
    await page.getByTestId('case-ratio-chart').getByText('上限 30 %').waitFor();
    await page.getByTestId('composition-chart').getByText('三七').first().waitFor();
    await page.getByTestId('drivers-chart').getByText('三七').first().waitFor();
    const note = await page.getByTestId('drivers-note').innerText();
    expect(note).toMatch(/元/);
    await page.getByTestId('similar-card').getByText(/以三七为主要成本/).waitFor();
    await page.getByTestId('decision-card').getByText(/先认领案件或添加专家意见/).waitFor();

    // A note with a coded cause and an expected duration: the case moves to 分析中.
    await pickOption(page, 'cause', '需求增加');
    await page.getByTestId('note-weeks').fill('26');
    await page.getByTestId('note-text').fill('三七需求持续增加，产区库存偏低，预计半年内难以回落。');
    await page.getByTestId('note-submit').click();
    await page.getByTestId('notes-timeline').getByText('三七需求持续增加').waitFor();
    await page.getByTestId('notes-timeline').getByText('预计持续 26 周').waitFor();
    await page.getByTestId('case-header').locator('[data-status="analysing"]').waitFor();

    // The decision: publish, with a reason; then the bulletin draft link appears.
    await page.getByTestId('decision-form').getByText('发布预警').click();
    await page.getByTestId('decision-reason').fill('Y/P 持续高于 30% 上限，三七占成本三分之二，建议通报主管部门。');
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('decision-made').getByText(/已决定：发布预警/).waitFor();
    await page.getByTestId('case-header').locator('[data-status="decided-publish"]').waitFor();
    const draft = page.getByTestId('draft-bulletin');
    await draft.waitFor();
    expect(await draft.getAttribute('href')).toMatch(/^\/bulletins\/new\?case=[0-9a-f-]{36}$/);
    await expectNoRawKeys(page, 'warnings');
    await harness.screenshot(page, 'warnings-02-case-zh');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('in English: the seed case (2010 episode, 三七 over 90 % of the cost at the peak, notes, decision) and a pre-warning case', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'bz-price');
    await page.getByTestId('language-switch').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'English' }).click();
    await page.getByTestId('side-menu').getByText('Warning cases', { exact: true }).click();
    await page.waitForURL(/\/warnings$/);
    await page.getByPlaceholder('Search products').fill('FFDSP');
    const row = page.getByTestId('cases-table').locator('tr', { hasText: '2010-03-05' }).filter({ hasText: 'Compound Danshen' });
    expect(percent(await row.locator('td').nth(6).innerText())).toBeGreaterThan(100);
    // The page states the rule that closes cases of ended episodes.
    await page.getByTestId('close-rule').getByText(/over for 90 days/).waitFor();
    await row.getByRole('link').first().click();
    await page.getByRole('heading', { name: /Compound Danshen Tablets/ }).waitFor();
    // The case is named by its product and episode date, and shows the product's level now (the list's).
    await page.getByTestId('case-episode').getByText('episode from 2010-03-05').waitFor();
    const now = (await (await page.request.get(`${harness.baseUrl}/api/v1/supply/formulas/FFDSP`)).json()) as { level: string; ratio: number };
    await page.getByTestId('case-current').locator(`[data-level="${now.level}"]`).waitFor();
    await page.getByTestId('case-current').getByText(`${(now.ratio * 100).toFixed(1)} %`).waitFor();
    await page.getByTestId('notes-timeline').getByText('Speculation').waitFor();
    await page.getByTestId('notes-timeline').getByText('Natural disaster').waitFor();
    await page.getByTestId('decision-made').getByText(/Decided: Publish a warning/).waitFor();
    await page.getByTestId('composition-chart').getByText(/9\d %/).first().waitFor();
    await expectNoRawKeys(page, 'warnings');
    await harness.screenshot(page, 'warnings-03-seed-case-en');

    // The newest case is the forecast pre-warning: its probability and the forecast lines.
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    const pre = page.getByTestId('cases-table').locator('tr.ant-table-row', { hasText: 'Pre-warning' }).first();
    await pre.getByRole('link').first().click();
    await page.getByTestId('case-header').getByText(/Probability of leaving the band within 8 weeks/).waitFor();
    await page.getByTestId('case-ratio-chart').getByText(/Forecast p50/).first().waitFor();
    await expectNoRawKeys(page, 'warnings');
    await harness.screenshot(page, 'warnings-04-prewarning-en');
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
