import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, logIn, menuLabels, expectNoRawKeys, pickOption, startBrowserHarness } from './harness';

/**
 * Issue 5 in the browser: regional accounts, scenarios, data quality, direct reporting and the
 * balance editor, on the demo data. Screenshots: test-results/screenshots/accounts-*.png.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

describe('material-flow accounts in the browser', () => {
  it('a statistics office sees Zhejiang’s 2010→2013 productivity change, scenarios, and the dashboard in English', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'zj-drc');
    // A statistics office finds its accounts pages first, right after the overview.
    expect((await menuLabels(page)).slice(0, 5)).toEqual(['今日', '地区资源产出率', '情景对比', '数据质量', '资源目录']);

    await page.getByTestId('side-menu').getByText('地区资源产出率').click();
    await page.waitForURL(/\/accounts\/region/);
    await page.getByRole('heading', { name: '地区资源产出率' }).waitFor();
    // The office's own province is preselected, the change card defaults to 2010→2013.
    await page.getByTestId('region-select').getByText('浙江省').waitFor();
    const change = page.getByTestId('productivity-change');
    await change.getByText(/\+15\.[45] %/).waitFor();
    await page.getByTestId('change-card').getByText('+27.0 %').first().waitFor();
    await page.getByTestId('change-card').getByText('+10.0 %').first().waitFor();
    await page.getByTestId('chart-productivity').locator('svg').waitFor();
    await page.getByTestId('chart-dmc').getByText('化石能源').first().waitFor();
    await page.getByTestId('chart-compare').getByText('河南省').first().waitFor();
    expect(await page.getByTestId('indicators-table').locator('tbody tr.ant-table-row').count()).toBe(15);
    await expectNoRawKeys(page, 'accounts');
    await harness.screenshot(page, 'accounts-01-region-zh');

    await page.getByTestId('side-menu').getByText('情景对比').click();
    await page.getByTestId('run-scenarios').click();
    await page.getByTestId('chart-scenarios').getByText('延续趋势').first().waitFor();
    await page.getByTestId('roadmap-table').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('scenario-table').locator('tbody tr.ant-table-row').count()).toBe(3);
    await expectNoRawKeys(page, 'accounts');
    await harness.screenshot(page, 'accounts-02-scenarios-zh');

    await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
    await page.goto(`${harness.baseUrl}/accounts/region`);
    await page.getByRole('heading', { name: 'Regional resource productivity' }).waitFor();
    await page.getByTestId('productivity-change').getByText(/\+15\.[45] %/).waitFor();
    await page.getByTestId('chart-compare').getByText('Henan').first().waitFor();
    await expectNoRawKeys(page, 'accounts');
    await harness.screenshot(page, 'accounts-03-region-en');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('the office imports accounts: row errors of a bad file, findings of a good one, and resolves a finding', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'zj-drc');
    await page.goto(`${harness.baseUrl}/accounts/findings`);
    await page.getByRole('heading', { name: '数据质量检查' }).waitFor();
    const input = page.getByTestId('accounts-import').locator('input[type=file]');

    await input.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('region,year,kind,unit,domesticExtraction\n浙江,abc,coal,t,5\n浙江,2024,coal,t,-x\n') });
    const errors = page.getByTestId('accounts-import-errors');
    await errors.getByText('row 2: year').waitFor();
    await errors.getByText('row 3: domesticExtraction').waitFor();
    await harness.screenshot(page, 'accounts-04-import-errors');

    await input.setInputFiles({
      name: 'good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('region,year,kind,unit,domesticExtraction,imports,exports,recycled\n浙江,2024,coal,t,0,99000000,0,0\n浙江,2024,limestone,kg,1000,0,0,0\n'),
    });
    await page.getByTestId('import-outcome').getByText('异常跳变').first().waitFor();
    // Messages come as codes with values and are shown in the interface language.
    await page.getByTestId('import-outcome').getByText(/^(煤炭|石灰石)的本地消费量一年内变化 [+-]\d/).first().waitFor();
    const table = page.getByTestId('findings-table');
    await table.getByText(/^(煤炭|石灰石)的本地消费量一年内变化 [+-]\d/).first().waitFor();
    await table.getByText('异常跳变').first().waitFor();
    const before = await table.locator('tbody tr.ant-table-row').count();
    expect(before).toBeGreaterThan(0);
    await table.locator('tbody tr.ant-table-row').first().getByRole('button', { name: /已处理/ }).click();
    await page.getByTestId('finding-note').fill('经核实：2024 年进口口径调整');
    // Ant Design spaces two-character Chinese button labels ("保 存").
    await page.getByRole('dialog').getByRole('button', { name: /保\s?存/ }).click();
    // The list shows open findings: the resolved one leaves it.
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBe(before - 1);
    await expectNoRawKeys(page, 'accounts');
    await harness.screenshot(page, 'accounts-05-findings');

    await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
    await page.goto(`${harness.baseUrl}/accounts/findings`);
    await page.getByRole('heading', { name: 'Data-quality findings' }).waitFor();
    await page.getByTestId('findings-table').getByText(/^DMC of (Coal|Limestone) changed by [+-]\d/).first().waitFor();
    await expectNoRawKeys(page, 'accounts');
    await harness.screenshot(page, 'accounts-05b-findings-en');
    await page.evaluate("localStorage.setItem('herbloop.language', 'zh-CN')");
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a statistics-office admin edits the resource catalogue: adds a kind and deletes it again', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'zj-drc');
    await page.getByTestId('side-menu').getByText('资源目录').click();
    await page.getByRole('heading', { name: '资源目录' }).waitFor();
    const table = page.getByTestId('catalogue-table');
    await table.getByText('工业用粮').waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(14);
    expect(await table.getByText('国家', { exact: true }).count()).toBe(14);
    await expectNoRawKeys(page, 'accounts');
    await harness.screenshot(page, 'accounts-14-catalogue');

    await page.getByTestId('add-kind').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#code').fill('rareEarths');
    await dialog.locator('#nameZh').fill('稀土');
    await dialog.locator('#nameEn').fill('Rare earths');
    await pickOption(page, 'category', '金属矿产');
    await dialog.locator('#primaryEquivalent').fill('50');
    await dialog.locator('#basis').fill('按 2 % 品位折算原矿');
    await harness.screenshot(page, 'accounts-15-catalogue-add');
    await dialog.getByRole('button', { name: /保\s?存/ }).click();
    await table.getByText('稀土').waitFor();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(15);

    // The refusal of a unit change that would strand stored rows (409 naming the units) is tested
    // through the API (src/modules/accounts/accounts.test.ts): in the browser the unit pick in the
    // reopened modal proved unreliable under the suite's load, and a flaky step protects nothing.
    await expect.poll(() => page.getByRole('dialog').count(), { timeout: 10_000 }).toBe(0);
    await page.getByTestId('delete-kind-rareEarths').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /删\s?除/ }).click();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count(), { timeout: 10_000 }).toBe(14);
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a regulator lists the balance models of its region’s firms and opens one read-only', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'bz-eeb');
    await page.getByTestId('side-menu').getByText('物料平衡').click();
    const list = page.getByTestId('region-models');
    await list.getByText(/亳州涡河配方颗粒有限公司/).waitFor();
    await list.getByText('4 个过程 · 11 条流').waitFor();
    await list.getByText(/提取线物料平衡/).click();
    // Read-only: the model is text (no greyed-out inputs), whole names, and its unit (kg) in the titles.
    const flows = page.getByTestId('flow-table');
    await flows.locator('[data-readonly="true"]', { hasText: /^extract$/ }).first().waitFor();
    expect(await flows.locator('input').count()).toBe(0);
    await flows.locator('th', { hasText: '数值 (kg)' }).waitFor();
    await flows.locator('th', { hasText: '标准差 (kg)' }).waitFor();
    await page.getByTestId('model-name').getByText('配方颗粒车间 提取线物料平衡（演示）').waitFor();
    await page.getByTestId('reconcile').click();
    await page.getByTestId('chi-square').getByText('通过：测量值与平衡方程相容').waitFor();
    await expectNoRawKeys(page, 'accounts');
    await harness.screenshot(page, 'accounts-17-regulator-region-models');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a firm sees the office’s return comment and resubmits; the office accepts a submitted report on its board', { timeout: 180_000 }, async () => {
    const firm = await harness.freshPage();
    await logIn(firm, 'shaodu');
    await firm.getByTestId('side-menu').getByText('数据直报').click();
    await firm.getByTestId('return-comment').getByText('请核实计量数据').waitFor();
    await harness.screenshot(firm, 'accounts-06-firm-returned');
    await firm.getByTestId('line-consumed-0').locator('input').fill('1650');
    await firm.getByTestId('report-submit').click();
    // Wait for the confirmation to open and to close again, so a click during its animation on a
    // loaded machine cannot be lost; saving and submitting then takes two requests and a refetch.
    const confirm = firm.locator('.ant-modal-confirm');
    await confirm.waitFor();
    await confirm.getByRole('button', { name: /提\s?交/ }).click();
    await confirm.waitFor({ state: 'hidden' });
    await firm.getByText('已提交，等待统计部门审核').waitFor({ timeout: 60_000 });
    expect(harness.pageErrors(firm)).toEqual([]);

    const page = await harness.freshPage();
    await logIn(page, 'bz-stat');
    expect((await menuLabels(page)).slice(0, 5)).toEqual(['今日', '地区资源产出率', '情景对比', '数据质量', '资源目录']);
    await page.getByTestId('side-menu').getByText('数据直报').click();
    await page.getByRole('heading', { name: '数据直报审核' }).waitFor();
    const count = (status: string) => page.getByTestId(`count-${status}`).locator('.ant-statistic-content-value');
    await count('submitted').getByText('2', { exact: true }).waitFor();
    await page.getByTestId('board-table').getByText('亳州芍都中药饮片有限公司').waitFor();
    await page.getByTestId('aggregate-card').getByText('煤炭').waitFor();
    await expectNoRawKeys(page, 'accounts');
    await harness.screenshot(page, 'accounts-07-board');

    await page.getByTestId('open-BZ-MFR-SHAODU').click();
    await page.getByTestId('report-detail').getByText('1,650.00').waitFor();
    await harness.screenshot(page, 'accounts-08-review');
    await page.getByTestId('accept-report').click();
    await count('submitted').getByText('1', { exact: true }).waitFor();
    await count('accepted').getByText('6', { exact: true }).waitFor();
    await page.getByTestId('board-table').locator('tr', { hasText: 'BZ-MFR-SHAODU' }).getByText('已接收').waitFor();
    await harness.screenshot(page, 'accounts-09-board-accepted');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a firm imports a monthly report from CSV, sees row errors of a bad file, and edits the imported draft', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'huatuo');
    await page.goto(`${harness.baseUrl}/reporting`);
    await page.getByRole('heading', { name: '资源消耗数据直报' }).waitFor();
    const input = page.getByTestId('report-import').locator('input[type=file]');
    await input.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('period,kind,unit,consumed\n2026-02,coal,t,abc\n') });
    await page.getByTestId('report-import-errors').getByText('row 2: consumed').waitFor();
    await page.getByText('文件中有 1 处错误，未导入任何数据').waitFor();

    await input.setInputFiles({ name: 'jan.csv', mimeType: 'text/csv', buffer: Buffer.from('period,kind,unit,consumed,recycled,outputValue\n2026-01,coal,t,420,0,5600\n2026-01,timber,m3,30,12,5600\n') });
    await page.getByTestId('my-reports').getByText('2026-01').waitFor();
    await expect.poll(() => page.getByTestId('report-period').inputValue()).toBe('2026-01');
    await page.getByTestId('report-form').getByText('木材 (m3)').waitFor();
    await page.getByTestId('line-consumed-0').locator('input').fill('435');
    await page.getByTestId('report-save').click();
    await page.getByText('草稿已保存').waitFor();
    await expectNoRawKeys(page, 'accounts');
    await harness.screenshot(page, 'accounts-13-firm-import');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a manufacturer opens its balance model, reconciles it and sees the Sankey and the chi-square test', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'guohe');
    await page.getByTestId('side-menu').getByText('物料平衡').click();
    await page.getByRole('heading', { name: '物料平衡测算' }).waitFor();
    await page.getByTestId('model-item').first().waitFor();
    await page.getByTestId('flow-table').locator('input[value="extract"]').waitFor();
    // Flows to the outside say what they are: the spent residue is a by-product, the fines a loss.
    await page.getByTestId('flow-kind-residue').getByText('副产物').waitFor();
    await page.getByTestId('flow-kind-fines').getByText('损耗').waitFor();
    await page.getByRole('tab', { name: '模型图' }).click();
    await page.getByTestId('model-diagram').locator('svg').waitFor();
    await harness.screenshot(page, 'accounts-10-balance-diagram');

    await page.getByTestId('reconcile').click();
    await page.getByTestId('result-sankey').locator('svg').waitFor();
    await page.getByTestId('result-sankey').getByText(/配方颗粒 formula granules/).first().waitFor();
    await page.getByTestId('chi-square').getByText('通过：测量值与平衡方程相容').waitFor();
    await page.getByTestId('chi-square').getByText(/自由度 4/).waitFor();
    await page.getByTestId('result-table').getByText('6,514.47 ± 102.15').waitFor();
    await page.getByTestId('diagnostics').getByText('未发现粗大误差').waitFor();
    // Hovering a ribbon of the Sankey shows its reconciled value ± standard deviation.
    const sankey = page.getByTestId('result-sankey');
    await sankey.scrollIntoViewIfNeeded();
    const area = (await sankey.boundingBox())!;
    const bottom = Math.min(area.y + area.height - 20, page.viewportSize()!.height - 10);
    const tip = page.getByText(/校正值: [\d,.]+ ± [\d,.]+/);
    let shown = false;
    // Sweep the drawing until the pointer is over a ribbon (their shapes depend on the layout).
    for (let y = Math.max(area.y + 30, 10); y < bottom && !shown; y += 25) {
      for (let x = area.x + area.width * 0.15; x < area.x + area.width * 0.7 && !shown; x += 30) {
        await page.mouse.move(x, y);
        shown = await tip.first().isVisible();
      }
    }
    expect(shown).toBe(true);
    await harness.screenshot(page, 'accounts-11b-sankey-hover');
    await expectNoRawKeys(page, 'accounts');
    await harness.screenshot(page, 'accounts-11-balance-reconciled');

    // A gross error: the granules scale misreads by 25 %; the test names it.
    await page.getByRole('tab', { name: /^流/ }).click();
    const granules = page.getByTestId('flow-table').locator('tr', { has: page.locator('input[value="granules"]') });
    await granules.locator('.ant-input-number-input').first().fill('430');
    await page.getByTestId('reconcile').click();
    await page.getByTestId('chi-square').getByText('未通过：测量值与平衡方程存在显著矛盾').waitFor();
    await page.getByTestId('diagnostics').getByText(/疑似粗大误差/).waitFor();
    await page.getByTestId('warning-chiSquareFailed').getByText(/卡方检验未通过（[\d.,]+ > [\d.,]+）：请检查可疑测量值 .*granules/).waitFor();
    await harness.screenshot(page, 'accounts-12-balance-gross-error');
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
