import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, logIn, menuLabels, startBrowserHarness } from './harness';

/**
 * The web app end to end in Chromium: the built pages, the real API, the demo data. Each
 * scenario starts from a fresh tab without session or stored language. Screenshots land in
 * test-results/screenshots/ for a human to look at.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness();
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

const text = async (locator: Locator) => ((await locator.innerText()) ?? '').trim();

async function chooseLanguage(page: Page, label: string) {
  await page.getByTestId('language-switch').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).click();
}

describe('web app in the browser', () => {
  it('admin logs in, sees real figures, switches to English, creates a user and logs out', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    expect(page.url()).toContain('/login');
    await page.getByText('herbloop-demo').first().waitFor();
    await harness.screenshot(page, '01-login-zh');

    await logIn(page, 'admin', { landed: false });
    await page.waitForURL(`${harness.baseUrl}/`);
    const organisations = page.getByTestId('fig-platform-organisations').locator('.ant-statistic-content-value');
    await organisations.getByText('28', { exact: true }).waitFor();
    expect(await text(organisations)).toBe('28');
    await page.getByRole('heading', { name: '今日' }).waitFor();
    await page.getByTestId('home-section-platform').getByText('平台状态').waitFor();
    expect(await menuLabels(page)).toEqual(['今日', '机构管理', '代办授权', '机构名录', '审计日志', '副产物物流', '循环利用看板', '利用途径库', '电子联单', '园区产业共生', '评价指标体系', '评价数据填报', '联单监管', '跨省转移审批', '联单法定义务', '交易市场', '撮合建议', '交易合同', '竞价拍卖', '副产物价格指数', '信用评级', '基本药物成本监测', '药材价格', '药材价格指数', '药材目录管理', '预警案件', '预警通报', '通报订阅', '地区资源产出率', '情景对比', '数据质量', '资源目录']);
    await harness.screenshot(page, '02-home-zh');

    await chooseLanguage(page, 'English');
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    await page.getByTestId('home-section-platform').getByText('Platform state').waitFor();
    expect(await menuLabels(page)).toEqual(['Home', 'Organisation admin', 'Delegations', 'Directory', 'Audit log', 'By-product streams', 'Circularity dashboard', 'Pathway catalogue', 'Manifests', 'Park symbiosis', 'Indicator systems', 'Evaluation values', 'Manifest supervision', 'Cross-province transfers', 'Manifest duties', 'Market', 'Proposals', 'Contracts', 'Auctions', 'By-product price index', 'Credit ratings', 'Medicine cost watch', 'Herb prices', 'Herb price index', 'Herb catalogue', 'Warning cases', 'Bulletins', 'Bulletin webhooks', 'Regional accounts', 'Scenarios', 'Data quality', 'Resource catalogue']);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await harness.screenshot(page, '03-home-en');

    // The choice survives a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'Today' }).waitFor();

    await page.getByTestId('side-menu').getByText('Organisation admin').click();
    await page.waitForURL(/\/admin\/organisation/);
    await page.getByRole('tab', { name: 'Sites' }).click();
    await page.getByTestId('sites-scatter').locator('svg').waitFor();
    await page.getByTestId('add-site').click();
    const siteDialog = page.getByRole('dialog');
    await siteDialog.getByLabel('Site name').fill('Beijing archive');
    await siteDialog.getByLabel('Address').fill('Haidian District, Beijing');
    await siteDialog.getByLabel('Latitude').fill('95');
    await siteDialog.getByLabel('Longitude').fill('116.31');
    await siteDialog.getByRole('button', { name: 'Save' }).click();
    await siteDialog.getByText('Latitude is between -90 and 90').waitFor();
    await siteDialog.getByLabel('Latitude').fill('39.99');
    await siteDialog.getByRole('button', { name: 'Save' }).click();
    await siteDialog.waitFor({ state: 'hidden' });
    await page.getByTestId('sites-table').getByText('Beijing archive').waitFor();
    await page.getByTestId('sites-scatter').getByText('Beijing archive').waitFor();
    await harness.screenshot(page, '04-org-admin-sites-en');

    await page.getByRole('tab', { name: 'Members' }).click();
    await page.getByTestId('members-table').getByText('admin', { exact: true }).waitFor();
    await page.getByTestId('add-member').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Username').fill('curator');
    // Client-side rule from the shared limits: a password shorter than the minimum is refused.
    await dialog.getByLabel('Initial password').fill('short');
    await dialog.getByLabel('Display name').fill('Lin Curator');
    await dialog.getByText('At least 10 characters', { exact: true }).waitFor();
    await dialog.getByLabel('Initial password').fill('curator-secret-1');
    await dialog.getByLabel('Email').fill('curator@example.org');
    await harness.screenshot(page, '05-create-user-form-en');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // An invitation by the username typed, pending until the account's first login; nothing about the person.
    const row = page.getByTestId('invitations-table').locator('tr', { hasText: 'curator' });
    await row.waitFor();
    expect(await text(row)).toContain('Pending');
    expect(await text(row)).not.toContain('Lin Curator');
    expect(await page.getByTestId('members-table').locator('tr', { hasText: 'curator' }).count()).toBe(0);
    await harness.screenshot(page, '06-org-admin-members-en');

    // The server's own validation answer lands on the form item it concerns.
    await page.getByTestId('add-member').click();
    await dialog.getByLabel('Username').fill('curator2');
    await dialog.getByLabel('Initial password').fill('curator-secret-2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('required with a password').first().waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('side-menu').getByText('Audit log').click();
    // Newest first: the invitation and the user just created, done by admin.
    const newest = page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first();
    await newest.getByText('Created invitation').waitFor();
    expect(await text(newest)).toContain('admin');
    const userRow = page.getByTestId('audit-table').locator('tbody tr.ant-table-row', { hasText: 'Created user' }).first();
    await userRow.locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('audit-table').getByText('"username": "curator"').waitFor();
    // Older entries come page by page (nextBeforeId).
    const auditRows = page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
    expect(await auditRows.count()).toBe(50);
    await page.getByTestId('audit-load-more').click();
    await auditRows.nth(50).waitFor();
    await harness.screenshot(page, '07-audit-en');

    await page.getByTestId('side-menu').getByText('Directory').click();
    await page.getByText('28 organisations').waitFor();
    await harness.screenshot(page, '08-directory-en');

    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${harness.baseUrl}/admin/organisation`);
    await page.waitForURL(/\/login$/);
    await page.locator('button[type=submit]').waitFor();
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a wrong password shows the error and keeps the user on the login page', async () => {
    const page = await harness.freshPage();
    await logIn(page, 'admin', { password: 'not-the-password', landed: false });
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await text(error)).toBe('用户名或密码错误。');
    expect(page.url()).toContain('/login');
    await harness.screenshot(page, '09-login-wrong-password-zh');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a manufacturer admin sees the navigation for its type, only its own audit log, and manages API tokens', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'huatuo', { landed: false });
    await page.getByTestId('acting-organisation').getByText('亳州华佗本草制药有限公司').waitFor();
    await page.getByTestId('acting-organisation').getByText('中药生产企业').waitFor();
    expect(await menuLabels(page)).toEqual(['今日', '副产物物流', '循环利用看板', '利用途径库', '电子联单', '物料平衡', '园区产业共生', '交易市场', '撮合建议', '交易合同', '竞价拍卖', '副产物价格指数', '本企业信用评级', '基本药物成本监测', '药材价格', '药材价格指数', '地区资源产出率', '数据直报', '机构管理', '代办授权', '机构名录', '审计日志']);

    await page.getByTestId('side-menu').getByText('审计日志').click();
    await page.getByTestId('audit-scope').getByText('显示本机构的记录').waitFor();
    await page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().waitFor();
    const organisationCodes = await page.getByTestId('audit-table').locator('tbody tr.ant-table-row td:nth-child(4)').allInnerTexts();
    expect(organisationCodes.length).toBeGreaterThan(0);
    expect(new Set(organisationCodes)).toEqual(new Set(['BZ-MFR-HUATUO']));
    await harness.screenshot(page, '10-audit-manufacturer-zh');

    // Asking the API for another organisation's log from this session is refused.
    const status = await page.evaluate(async () => {
      const list = (await (await fetch('/api/v1/organisations?type=utilizer')).json()) as { items: { id: string }[] };
      return (await fetch(`/api/v1/audit?organisationId=${list.items[0]!.id}`)).status;
    });
    expect(status).toBe(403);

    // An org admin mints an API token: the secret is shown once, then only its prefix; revocable.
    await page.getByTestId('side-menu').getByText('机构管理').click();
    await page.getByRole('tab', { name: 'API 令牌' }).click();
    await page.getByTestId('add-token').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('令牌名称').fill('价格数据接口');
    await dialog.locator('button.ant-btn-primary').click();
    const secret = page.getByTestId('token-secret');
    await secret.waitFor();
    const token = await text(secret);
    expect(token).toMatch(/^hlp_[A-Za-z0-9_-]+$/);
    await harness.screenshot(page, '11-token-secret-zh');
    await page.getByRole('dialog').locator('button.ant-btn-primary').click();
    const row = page.getByTestId('tokens-table').locator('tr', { hasText: '价格数据接口' });
    await row.getByText('有效').waitFor();
    expect(await text(row)).toContain(token.split('_')[1]!);
    expect(await text(page.getByTestId('tokens-table'))).not.toContain(token);
    await row.locator('button', { hasText: '吊' }).click();
    await page.locator('.ant-popconfirm:visible button.ant-btn-primary').click();
    await row.getByText('已吊销').waitFor();
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a plain member sees neither organisation admin nor the audit log, not even by URL', async () => {
    const page = await harness.freshPage();
    await logIn(page, 'huatuo-ops', { landed: false });
    expect(await menuLabels(page)).toEqual(['今日', '副产物物流', '循环利用看板', '利用途径库', '电子联单', '物料平衡', '园区产业共生', '交易市场', '撮合建议', '交易合同', '竞价拍卖', '副产物价格指数', '本企业信用评级', '基本药物成本监测', '药材价格', '药材价格指数', '地区资源产出率', '数据直报', '机构名录']);
    await page.goto(`${harness.baseUrl}/audit`);
    await page.getByText('当前机构或角色无权访问此页面。').waitFor();
    await harness.screenshot(page, '12-member-forbidden-zh');

    // The session disappears (expired, revoked): the next request answers 401 and the app goes to /login.
    await harness.context.clearCookies();
    await page.getByTestId('side-menu').getByText('今日').click();
    await page.waitForURL(/\/login$/);
    await page.locator('button[type=submit]').waitFor();
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a user with two organisations switches the one they act for', async () => {
    const page = await harness.freshPage();
    await logIn(page, 'consultant', { landed: false });
    const actingCode = () =>
      page.evaluate(async () => ((await (await fetch('/api/v1/auth/me')).json()) as { actingAs: { organisationCode: string } }).actingAs.organisationCode);
    const switcher = page.getByTestId('acting-organisation');
    await switcher.locator('.ant-select').waitFor();
    const before = await actingCode();
    const names: Record<string, string> = { 'BZ-SVC-QINGYUAN': '亳州清源环境服务有限公司', 'BZ-SVC-JIANCE': '亳州药都检测技术有限公司' };
    const target = before === 'BZ-SVC-JIANCE' ? 'BZ-SVC-QINGYUAN' : 'BZ-SVC-JIANCE';
    await switcher.getByText(names[before]!).filter({ visible: true }).waitFor();
    await switcher.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: names[target]! }).click();
    await switcher.getByText(names[target]!).filter({ visible: true }).waitFor();
    await page.getByTestId('home-section-streamOffer').waitFor();
    expect(await actingCode()).toBe(target);
    await harness.screenshot(page, '13-switch-organisation-zh');
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
