import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoRawKeys, logIn, startBrowserHarness } from './harness';

/**
 * Confidentiality in the browser (issue 10): an invitation the invited person accepts on the
 * dashboard, and public circularity figures withheld by disclosure control, each shown in
 * Chinese and English at desktop and phone size.
 */
let harness: BrowserHarness;

beforeAll(async () => {
  harness = await startBrowserHarness({ demo: ['byproducts'] });
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

async function english(page: Page) {
  await page.getByTestId('language-switch').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'English' }).click();
}

async function shoot(page: Page, name: string) {
  await harness.screenshot(page, `${name}-desktop`);
  await page.setViewportSize({ width: 390, height: 844 });
  await harness.screenshot(page, `${name}-phone`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('confidentiality in the browser', () => {
  it('an admin invites an existing user by username; the user accepts on the dashboard', { timeout: 180_000 }, async () => {
    let page = await harness.freshPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page, 'shunan');
    await page.goto(`${harness.baseUrl}/admin/organisation`);
    await page.getByRole('tab', { name: '成员' }).click();
    await page.getByTestId('add-member').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('lvyun');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('invitations-table').locator('tr', { hasText: 'lvyun' }).getByText('待接受').waitFor();
    await expectNoRawKeys(page, 'member');
    await shoot(page, 'privacy-01-invitations-zh');

    page = await harness.freshPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page, 'lvyun');
    const notice = page.getByTestId('invitations');
    await notice.getByText('邀请您以').waitFor();
    await expectNoRawKeys(page, 'invitation');
    await shoot(page, 'privacy-02-invitation-notice-zh');
    await english(page);
    await notice.getByText('invites you to join').waitFor();
    await shoot(page, 'privacy-03-invitation-notice-en');
    await page.getByTestId('accept-invitation').click();
    await notice.waitFor({ state: 'hidden' });
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('a firm outside the park sees the park’s figures withheld, with the reason', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    // 白芍 is a manufacturer outside the park: its own figures are exact, the park's are withheld.
    await logIn(page, 'baishao');
    await page.goto(`${harness.baseUrl}/byproducts/circularity`);
    await page.getByTestId('kpis').waitFor();
    await page.getByTestId('scope').getByText('园区').click();
    const suppressed = page.getByTestId('suppressed');
    await suppressed.getByText('为保护单个企业的保密数据').waitFor();
    await suppressed.getByText('差值').waitFor();
    await page.getByTestId('stage-suppressed').waitFor();
    await expectNoRawKeys(page, 'disclosure');
    await shoot(page, 'privacy-04-suppressed-zh');
    await english(page);
    await suppressed.getByText('Suppressed to protect the confidentiality of individual firms').waitFor();
    await shoot(page, 'privacy-05-suppressed-en');
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
