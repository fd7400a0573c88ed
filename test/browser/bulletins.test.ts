import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoRawKeys, logIn, menuLabels, pickOption, startBrowserHarness } from './harness';

/**
 * Bulletins in the browser (issue 3, stage 4): the supply monitor ah-tcm drafts a bulletin from
 * a warning-case link (`/bulletins/new?case=…`) with the live preview, saves it, publishes it
 * after the confirmation; an anonymous visitor finds it from the login page on the public
 * bulletin page, with its PDF link and the feeds. Screenshots: test-results/screenshots/bulletins-*.png.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['supply', 'warnings', 'bulletins'] });
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

/** The monitor works an open warning case to a decision to publish (through the API, as the case page does). */
async function caseDecidedForPublication(page: Page): Promise<string> {
  const base = harness.baseUrl;
  const csrf = (await harness.context.cookies()).find((c) => c.name === 'herbloop_csrf')?.value ?? '';
  const headers = { 'x-csrf-token': csrf };
  const open = (await (await page.request.get(`${base}/api/v1/warnings/cases?status=open&kind=signal`)).json()) as { items: { id: string }[] };
  const id = open.items[0]!.id;
  const note = await page.request.post(`${base}/api/v1/warnings/cases/${id}/notes`, { headers, data: { cause: 'speculation', expectedWeeks: 26, text: '游资炒作推高三七价格。' } });
  expect(note.status(), await note.text()).toBeLessThan(300);
  const decision = await page.request.post(`${base}/api/v1/warnings/cases/${id}/decision`, { headers, data: { decision: 'publish', reason: '成本超出预警上限，需要通报。' } });
  expect(decision.status(), await decision.text()).toBeLessThan(300);
  return id;
}

async function caseStatus(page: Page, id: string): Promise<string> {
  const response = await page.request.get(`${harness.baseUrl}/api/v1/warnings/cases/${id}`);
  return ((await response.json()) as { status: string }).status;
}
const TITLE = '关于三七价格上涨推高复方丹参片成本的预警通报';

describe('bulletins in the browser', () => {
  it('a supply monitor drafts and publishes a bulletin; an anonymous visitor reads it on the public page', { timeout: 240_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'ah-tcm');
    const labels = await menuLabels(page);
    expect(labels).toEqual(expect.arrayContaining(['预警通报', '通报订阅']));
    // The editor is reached from the list (and from a case), not from the menu.
    expect(labels).not.toContain('撰写通报');

    // The warnings module links here with the case id.
    const caseId = await caseDecidedForPublication(page);
    await page.goto(`${harness.baseUrl}/bulletins/new?case=${caseId}`);
    await page.getByRole('heading', { name: '撰写预警通报' }).waitFor();
    // The draft starts from the case: its product, the level its figures give now, a title and an
    // analysis from its figures; the case is named by its product and episode date, never its id.
    const c = (await (await page.request.get(`${harness.baseUrl}/api/v1/warnings/cases/${caseId}`)).json()) as { formula: { code: string; nameZh: string }; episodeStart: string; current: { level: string } | null };
    const casesSelect = page.getByTestId('cases-select');
    await casesSelect.getByText(`${c.formula.nameZh} · ${c.episodeStart}`, { exact: false }).waitFor();
    expect(await casesSelect.innerText()).not.toContain(caseId.slice(0, 8));
    await page.getByTestId('products-now').getByText(c.formula.nameZh, { exact: false }).waitFor();
    expect(await page.locator('#title').inputValue()).toContain(c.formula.nameZh);
    expect(await page.locator('#analysis').inputValue()).toContain(c.episodeStart);
    const severity = /^(?:above|below)-(\w+)$/.exec(c.current?.level ?? '')?.[1] ?? 'blue';
    const levelNames: Record<string, string> = { blue: '蓝色预警', yellow: '黄色预警', orange: '橙色预警', red: '红色预警' };
    await page.getByTestId('bulletin-preview').getByText(levelNames[severity]!).waitFor();
    await page.locator('#title').fill(TITLE);
    await pickOption(page, 'level', '红色预警');
    await page.locator('#products').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '复方丹参片 (FFDSP)' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('products-now').getByText(/复方丹参片: Y\/P \d+\.\d %/).waitFor();
    // Red against the products' measured levels needs the monitor's confirmation (the server refuses it otherwise).
    const formulas = ((await (await page.request.get(`${harness.baseUrl}/api/v1/supply/formulas`)).json()) as { items: { code: string; level: string }[] }).items;
    const chosen = formulas.filter((f) => f.code === 'FFDSP' || f.code === c.formula.code).map((f) => f.level);
    if (!chosen.some((l) => l.endsWith('-red'))) {
      await page.getByTestId('level-contradicts').waitFor();
      await page.getByTestId('confirm-level').check();
    } else expect(await page.getByTestId('level-contradicts').count()).toBe(0);
    await page.getByRole('checkbox', { name: '媒体' }).check();
    await page.locator('#analysis').fill('三七价格持续上涨，复方丹参片原料成本占最高零售价的比例超过 30% 的预警上限。\n预计异常将持续较长时间。');
    await page.getByTestId('add-recommendation').click();
    await page.getByTestId('recommendation-text-0').fill('对生产企业给予价格补贴。');
    await page.getByTestId('add-recommendation').click();
    await pickOption(page, 'recommendations_1_code', '提高最高零售价');
    await page.getByTestId('recommendation-text-1').fill('适当提高最高零售价。');

    // The live preview follows the form.
    const preview = page.getByTestId('bulletin-preview');
    await preview.getByTestId('bulletin-title').getByText(TITLE).waitFor();
    await preview.getByText('红色预警').waitFor();
    await preview.getByTestId('bulletin-products').getByText(/复方丹参片/).waitFor();
    await preview.getByTestId('bulletin-recommendations').getByText('提高最高零售价', { exact: true }).waitFor();
    await expectNoRawKeys(page, 'bulletins');
    await harness.screenshot(page, 'bulletins-01-editor-zh');

    await page.getByTestId('save-draft').click();
    await page.waitForURL(/\/bulletins\/new\?id=[0-9a-f-]{36}/);
    await page.getByText('草稿已保存').waitFor();

    await page.getByTestId('publish').click();
    await page.locator('.ant-modal-confirm-title', { hasText: '确认发布这份通报？' }).waitFor();
    await page.getByTestId('confirm-publish').click();
    await page.waitForURL(/\/bulletins\?published=\d{4}-\d{3}/);
    const number = new URL(page.url()).searchParams.get('published')!;
    // Publishing the bulletin published the case it reports on.
    expect(['published', 'closed']).toContain(await caseStatus(page, caseId));
    const table = page.getByTestId('bulletin-table');
    const row = table.locator('tr', { hasText: TITLE });
    await row.waitFor();
    await row.getByText('已发布').waitFor();
    expect(await row.locator('td').first().innerText()).toBe(number);
    // The demo's 2010 bulletin and draft are listed too.
    await table.getByText('2010-001').waitFor();
    await table.getByText('草稿').first().waitFor();
    await expectNoRawKeys(page, 'bulletins');
    await harness.screenshot(page, 'bulletins-02-list-zh');

    // Withdraw the demo's 2010 bulletin: a reason is required, and it stays listed as withdrawn.
    const old = table.locator('tr', { hasText: '2010-001' });
    await old.getByRole('button', { name: '撤 回' }).click();
    const confirm = page.getByTestId('confirm-withdraw');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('withdraw-reason').fill('已被 2026 年的通报取代');
    await confirm.click();
    await old.getByText('已撤回').waitFor();

    // A webhook subscriber: the secret is shown once.
    await page.getByTestId('side-menu').getByText('通报订阅').click();
    await page.getByTestId('subscriber-name').fill('省医保局');
    await page.getByTestId('subscriber-url').fill('https://hooks.example.cn/herbloop');
    await page.getByTestId('subscriber-add').click();
    await page.getByTestId('subscriber-secret').getByText(/^whsec_/).waitFor();
    await page.getByTestId('subscriber-table').getByText('省医保局').waitFor();
    await harness.screenshot(page, 'bulletins-03-subscribers-zh');
    expect(harness.pageErrors(page)).toEqual([]);

    // An anonymous visitor: from the login page to the public list and the bulletin.
    const visitor = await harness.freshPage();
    await visitor.getByTestId('public-bulletins-link').click();
    await visitor.waitForURL(/\/public\/bulletins$/);
    const list = visitor.getByTestId('public-bulletin-list');
    await list.getByText(TITLE).waitFor();
    await list.getByText('关于复方丹参片原料成本突破预警上限的通报').waitFor();
    expect(await list.getByText('撰写', { exact: false }).count()).toBe(0);
    await expectNoRawKeys(visitor, 'bulletins');
    await harness.screenshot(visitor, 'bulletins-04-public-list-zh');
    expect(await visitor.getByTestId('atom-link').getAttribute('href')).toBe('/api/v1/public/bulletins/feed.atom');

    await list.getByText(TITLE).click();
    await visitor.waitForURL(new RegExp(`/public/bulletins/${number}$`));
    const doc = visitor.getByTestId('bulletin-document');
    await doc.getByTestId('bulletin-title').getByText(TITLE).waitFor();
    await doc.getByText(`第 ${number} 号`).waitFor();
    await doc.getByTestId('snapshot-table').getByText('复方丹参片').waitFor();
    await doc.getByText('对生产企业给予价格补贴。').waitFor();
    const pdfHref = await visitor.getByTestId('pdf-link').getAttribute('href');
    expect(pdfHref).toBe(`/api/v1/public/bulletins/${number}/pdf`);
    const pdf = await visitor.request.get(`${harness.baseUrl}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await expectNoRawKeys(visitor, 'bulletins');
    await harness.screenshot(visitor, 'bulletins-05-public-page-zh');

    // The demo's 2010 bulletin, with the figures of its day, marked withdrawn.
    await visitor.goto(`${harness.baseUrl}/public/bulletins/2010-001`);
    const demo = visitor.getByTestId('bulletin-document');
    await demo.getByText('关于复方丹参片原料成本突破预警上限的通报').waitFor();
    await demo.getByText('第 2010-001 号').waitFor();
    await demo.getByText('成本监测数据（2010-03-19）').waitFor();
    await demo.getByTestId('withdrawn-alert').getByText('本通报已撤回：已被 2026 年的通报取代').waitFor();
    await harness.screenshot(visitor, 'bulletins-06-demo-2010-zh');
    expect(harness.pageErrors(visitor)).toEqual([]);
  });
});
