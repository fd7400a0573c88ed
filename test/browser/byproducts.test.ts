import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, logIn, expectNoRawKeys, pickOption, startBrowserHarness } from './harness';

/**
 * Issue 4 in the browser: a manufacturer declares a stream (丹参 alcohol precipitate from
 * extraction), sees its classes with the rule that fired, the ranked options with the stachyose
 * pathway, the radar and the cascade Sankey with a closing mass balance; the park
 * administration sees the park's circularity dashboard. Only the by-product demo is loaded.
 * Screenshots: test-results/screenshots/byproducts-*.png.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['balance', 'byproducts'] });
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

describe('by-products in the browser', () => {
  it('a manufacturer declares 丹参 alcohol precipitate and sees classes, ranked options with stachyose and the cascade', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'huatuo');
    const menu = page.getByTestId('side-menu');
    await menu.getByText('副产物物流').click();
    await page.waitForURL(/\/byproducts\/streams/);
    const table = page.getByTestId('stream-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    const before = await table.locator('tbody tr.ant-table-row').count();
    expect(before).toBeGreaterThanOrEqual(3);
    await expectNoRawKeys(page, 'byproducts');
    await harness.screenshot(page, 'byproducts-01-streams');

    // The park's figures are public aggregates under disclosure control: in the demo the district
    // minus the park would be two firms, so the park's cell is withheld from other firms (the park
    // administration sees it, below; the API tests check that it moves with a new stream).
    await menu.getByText('循环利用看板').click();
    await page.waitForURL(/\/byproducts\/circularity/);
    await page.getByTestId('scope').getByText('园区').click();
    await page.getByTestId('suppressed').getByText('为保护单个企业的保密数据', { exact: false }).waitFor();
    await menu.getByText('副产物物流').click();
    await table.locator('tbody tr.ant-table-row').first().waitFor();

    await page.getByTestId('add-stream').click();
    const form = page.getByTestId('stream-form');
    await form.waitFor();
    // Client-side validation: nothing filled.
    await page.getByTestId('save-stream').click();
    await form.getByText('部位和残渣类型至少填一项').first().waitFor();
    await form.getByText('必填').first().waitFor();

    await page.locator('#herb').fill('丹参');
    await pickOption(page, 'residue', '醇沉物');
    await pickOption(page, 'stage', '提取');
    await page.locator('#tonnesPerYear').fill('120');
    await page.locator('#moisture').fill('60');
    await pickOption(page, 'currentHandling', '填埋');
    await page.locator('#currentHandlingCostPerTonne').fill('150');
    // A server-side rule (proximate assays sum ≤ 100 %) comes back as a field error on the form.
    await page.locator('#assays_crudeFibre').fill('80');
    await page.locator('#assays_crudeProtein').fill('50');
    await page.getByTestId('save-stream').click();
    await form.getByText(/130\.0 %/).waitFor();
    await harness.screenshot(page, 'byproducts-02-form-errors');
    await page.locator('#assays_crudeFibre').fill('');
    await page.locator('#assays_crudeProtein').fill('');
    await page.getByTestId('add-constituent').click();
    await page.locator('#constituents_0_name').fill('水苏糖');
    await page.locator('#constituents_0_value').fill('80');
    await page.getByTestId('save-stream').click();

    await page.waitForURL(/\/byproducts\/stream\?id=/);
    await page.getByTestId('stream-title').getByText(/丹参/).waitFor();
    const classes = page.getByTestId('classes-table');
    await classes.getByText('富含生物活性小分子').waitFor();
    await classes.getByText(/stachyose|水苏糖/).first().waitFor();
    const options = page.getByTestId('options-table');
    const stachyose = options.locator('[data-pathway="danshen-stachyose"]');
    await stachyose.waitFor();
    const firstRow = options.locator('tbody tr.ant-table-row').first();
    expect(await firstRow.locator('td').first().innerText()).toBe('1');
    expect(await firstRow.innerText()).toContain('水苏糖');
    await page.getByTestId('radar-chart').locator('svg').waitFor();
    const sankey = page.getByTestId('cascade-sankey');
    await sankey.locator('svg').waitFor();
    await sankey.getByText(/水苏糖/).first().waitFor();
    await page.getByTestId('mass-balance').getByText('闭合').waitFor();
    await expectNoRawKeys(page, 'byproducts');
    await harness.screenshot(page, 'byproducts-03-advisor');

    // Weights: the ecological-first preset re-ranks without errors.
    await page.getByTestId('weight-presets').getByText('生态优先').click();
    await options.locator('tbody tr.ant-table-row').first().waitFor();
    expect(harness.pageErrors(page)).toEqual([]);

    await menu.getByText('利用途径库').click();
    await page.waitForURL(/\/byproducts\/pathways/);
    const kbRow = page.getByTestId('pathway-table').locator('tr', { has: page.locator('[data-pathway="danshen-stachyose"]') });
    await kbRow.waitFor();
    await kbRow.locator('.ant-table-row-expand-icon').click();
    await page.getByText('50%～75%').first().waitFor();
    await page.getByTestId('pathway-conditions').getByText(/丹参/).waitFor();
    await expectNoRawKeys(page, 'byproducts');
    await harness.screenshot(page, 'byproducts-04-pathways');

    await menu.getByText('循环利用看板').click();
    await page.waitForURL(/\/byproducts\/circularity/);
    await page.getByTestId('dashboard-name').getByText('亳州华佗本草制药有限公司').waitFor();
    await page.getByTestId('utilisation-chart').locator('svg').waitFor();
    // The firm's MCI from its declared inputs.
    const mci = page.getByTestId('mci-card');
    const mciValue = () => mci.getByTestId('mci-value').innerText();
    await expect.poll(mciValue).toMatch(/^0\.\d{3}$/);
    await mci.getByText('行业平均 X = 1', { exact: false }).waitFor();
    await page.getByTestId('balance-card').getByText('该企业尚无物料平衡模型。').waitFor();
    await harness.screenshot(page, 'byproducts-05-firm-dashboard');

    // Without the recycling yield the MCI is not invented: it says what is missing.
    await page.getByTestId('declare-inputs').click();
    await page.getByTestId('inputs-form').waitFor();
    await page.locator('#recyclingEfficiency').fill('');
    await page.getByTestId('save-inputs').click();
    await mci.getByTestId('mci-reason').getByText(/未申报其回收利用得率/).waitFor();
    await harness.screenshot(page, 'byproducts-05b-mci-missing');
    await page.getByTestId('declare-inputs').click();
    await page.locator('#recyclingEfficiency').fill('0.7');
    await page.getByTestId('save-inputs').click();
    await expect.poll(mciValue, { timeout: 15_000 }).toMatch(/^0\.\d{3}$/);

    await expectNoRawKeys(page, 'byproducts');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a manufacturer imports streams and monthly records (bad rows rejected with translated messages) and exports its streams', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'huatuo');
    await page.getByTestId('side-menu').getByText('副产物物流').click();
    const table = page.getByTestId('stream-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    const count = await page.getByTestId('stream-count').innerText();
    const firstCode = (await table.locator('tbody tr.ant-table-row').first().locator('.ant-typography-secondary').innerText()).split(' · ')[0]!.trim();

    await page.getByTestId('import-streams').click();
    const streamsImport = page.getByTestId('streams-import');
    await streamsImport.locator('input[type=file]').setInputFiles({ name: 'streams.csv', mimeType: 'text/csv', buffer: Buffer.from('herb,part,stage,tonnesPerYear\n丹参,root,extraction,abc\n丹参,,extraction,10\n') });
    const errors = page.getByTestId('streams-import-errors');
    await errors.getByText('row 2: tonnesPerYear').waitFor();
    await errors.getByText('必须是数字').waitFor();
    await errors.getByText('部位和残渣类型至少填一项').waitFor();
    await expectNoRawKeys(page, 'byproducts');
    await harness.screenshot(page, 'byproducts-09-import-errors');
    await page.locator('.ant-modal-close:visible').click();
    expect(await page.getByTestId('stream-count').innerText()).toBe(count);

    await page.getByTestId('import-records').click();
    const recordsImport = page.getByTestId('records-import');
    await recordsImport.locator('input[type=file]').setInputFiles({ name: 'records.csv', mimeType: 'text/csv', buffer: Buffer.from(`流编码,月份,产生量,高效增值,填埋\n${firstCode},2019-01,100,60,40\n${firstCode},2019-02,90,90,\n`) });
    await page.getByText('已导入 1 个物流的 2 条月度记录：新增 2，替换 0').waitFor();

    await page.getByTestId('export-streams').hover();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const text = fs.readFileSync((await download.path()), 'utf8').replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toMatch(/^code,organisation,site,name,herb/);
    expect(text).toContain(firstCode);
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('the park administration sees the park dashboard with the new stream counted', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'park');
    await page.getByTestId('side-menu').getByText('循环利用看板').click();
    await page.waitForURL(/\/byproducts\/circularity/);
    await page.getByTestId('dashboard-name').getByText(/亳州现代中药产业园/).waitFor();
    const kpis = page.getByTestId('kpis');
    await kpis.waitFor();
    const streams = Number((await kpis.locator('.ant-statistic-content').first().innerText()).replace(/\D/g, ''));
    expect(streams).toBeGreaterThanOrEqual(40);
    for (const chart of ['utilisation-chart', 'class-chart', 'stage-chart', 'disposal-chart']) await page.getByTestId(chart).locator('svg').waitFor();
    await page.getByTestId('utilisation-chart').getByText('高效增值循环利用').first().waitFor();
    await page.getByTestId('disposal-chart').getByText('填埋').first().waitFor();
    await expectNoRawKeys(page, 'byproducts');
    await harness.screenshot(page, 'byproducts-06-park-dashboard');

    await page.getByTestId('side-menu').getByText('副产物物流').click();
    await page.getByTestId('stream-table').getByText('丹参').first().waitFor();
    await harness.screenshot(page, 'byproducts-07-park-streams');

    // English: the advisor of the new stream.
    const code = await page.getByTestId('stream-table').locator('tr', { hasText: '丹参醇沉物' }).locator('.ant-typography-secondary').first().innerText();
    await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
    await page.goto(`${harness.baseUrl}/byproducts/stream?id=${encodeURIComponent(code.split(' · ')[0]!.trim())}`);
    await page.getByTestId('options-table').getByText('Stachyose from Danshen water-extract alcohol precipitate').waitFor();
    await page.getByTestId('mass-balance').getByText('closes').waitFor();
    await page.getByTestId('cascade-sankey').locator('svg').waitFor();
    await expectNoRawKeys(page, 'byproducts');
    await harness.screenshot(page, 'byproducts-08-advisor-en');

    // The park administration looks at a firm: its MCI, in English.
    await page.goto(`${harness.baseUrl}/byproducts/circularity`);
    await page.getByTestId('scope').getByText('Firm').click();
    const mci = page.getByTestId('mci-card');
    await mci.getByText('Material Circularity Indicator', { exact: false }).waitFor();
    await expect.poll(() => mci.getByTestId('mci-value').innerText()).toMatch(/^0\.\d{3}$|^—$/);
    await mci.getByRole('button', { name: 'Declare inputs' }).waitFor();
    // The firm's balance stays with the firm and its regulators.
    await page.getByTestId('balance-card').getByText('confidential to the firm and its regulators', { exact: false }).waitFor();
    await expectNoRawKeys(page, 'byproducts');
    await harness.screenshot(page, 'byproducts-08b-firm-mci-en');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('the regulator sees a firm’s reconciled balance beside its figures, not compared when the model is one batch', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'bz-eeb');
    await page.goto(`${harness.baseUrl}/byproducts/circularity`);
    await page.getByTestId('scope').getByText('本企业').click();
    await pickOption(page, 'dashboard-firm', '亳州涡河配方颗粒有限公司');
    await page.getByTestId('dashboard-name').getByText('亳州涡河配方颗粒有限公司').waitFor();
    const card = page.getByTestId('balance-card');
    await card.getByText('配方颗粒车间 提取线物料平衡（演示）').waitFor();
    await card.getByText('名义期间（如一批次）', { exact: true }).waitFor();
    await expect.poll(() => card.innerText()).toMatch(/副产物\s*2\.\d{3} ± 0\.\d{3} t/);
    await card.getByTestId('balance-comparison').getByText('未对比：模型为名义期间（如一批次），不作折算。').waitFor();
    await expectNoRawKeys(page, 'byproducts');
    await harness.screenshot(page, 'byproducts-05c-firm-balance');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a platform admin edits a pathway (field errors, then a new version) and sees who changed what', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'admin');
    await page.getByTestId('side-menu').getByText('利用途径库').click();
    await page.waitForURL(/\/byproducts\/pathways/);
    await page.getByTestId('edit-danshen-stachyose').click();
    const form = page.getByTestId('pathway-form');
    await form.waitFor();
    await page.locator('#trl').fill('12');
    await page.locator('#conditions').fill('{"maxMoisture": 140, "classes": ["bioactive-small-molecule-rich"]}');
    await page.getByTestId('save-pathway').click();
    // Server-side checks come back on their fields, in Chinese.
    await form.getByText('不能大于 9').waitFor();
    await form.getByText('不能大于 100').waitFor();
    await harness.screenshot(page, 'byproducts-10-pathway-errors');
    await page.locator('#trl').fill('8');
    await page.locator('#conditions').fill('{"herbs": ["danshen"], "residues": ["alcohol-precipitate"], "classes": ["bioactive-small-molecule-rich"], "states": ["solid", "liquid"], "maxMoisture": 90, "minTonnesPerYear": 20, "noContamination": ["heavy-metals", "pesticide"]}');
    await page.locator('#note').fill('TRL 复核');
    await page.getByTestId('save-pathway').click();
    await page.getByText('已保存：知识库版本 1.0.1').waitFor();

    const versions = page.getByTestId('versions-table');
    const newest = versions.locator('tbody tr.ant-table-row').first();
    await newest.getByText('1.0.1').waitFor();
    expect(await newest.innerText()).toContain('平台管理员');
    expect(await newest.innerText()).toContain('TRL 复核');
    const diff = page.getByTestId('diff-table');
    const row = diff.locator('tr', { hasText: 'trl' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/7[\s\S]*8/);
    expect(await diff.locator('tbody tr.ant-table-row').allInnerTexts()).toEqual([expect.stringMatching(/trl\s+7\s+8/)]);
    await expectNoRawKeys(page, 'byproducts');
    await harness.screenshot(page, 'byproducts-11-pathway-versions');
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
