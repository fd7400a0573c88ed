import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoRawKeys, logIn, startBrowserHarness } from './harness';

/**
 * Delegations and the inbox in the browser (issue 12): a firm's admin grants the park
 * administration a delegation on the delegations page; the park's header shows the unread count
 * the API gives, the inbox lists the event in the reader's language and opens what it is about;
 * revocation reaches the inbox too. Desktop and phone, Chinese and English.
 */
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function apiUnread(page: Page): Promise<number> {
  return page.evaluate(async () => ((await (await fetch('/api/v1/notifications/unread')).json()) as { unread: number }).unread);
}

async function bellCount(page: Page): Promise<number> {
  const bell = page.getByTestId('unread-count');
  await bell.waitFor();
  return Number(await bell.getAttribute('data-count'));
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const [scrollWidth, innerWidth] = await page.evaluate<[number, number]>('[document.documentElement.scrollWidth, window.innerWidth]');
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

async function useEnglish(page: Page): Promise<void> {
  await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
  await page.reload();
}

describe('delegations and notifications in the browser', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: ['platform'] });
  }, 600_000);
  afterAll(async () => harness?.close());

  it('desktop: a firm grants the park a delegation; the park sees the unread count, reads it in its inbox, and finds it received', { timeout: 300_000 }, async () => {
    const firm = await harness.freshPage();
    await firm.setViewportSize(DESKTOP);
    await logIn(firm, 'huatuo');
    await firm.getByTestId('side-menu').getByText('代办授权', { exact: true }).click();
    await firm.waitForURL((url) => url.pathname === '/delegations');
    await firm.getByTestId('delegations-table').getByText('本单位尚未授权任何单位。').waitFor();
    await firm.getByTestId('grant-delegation').click();
    const form = firm.getByTestId('grant-form');
    await form.waitFor();
    // Without a scope the form says what is missing and sends nothing.
    await firm.locator('.ant-modal-footer .ant-btn-primary').click();
    await firm.getByText('请至少选择一项范围。').waitFor();
    await firm.getByTestId('grantee-picker').click();
    await firm.keyboard.type('产业园管理');
    await firm.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '亳州现代中药产业园管理委员会' }).first().click();
    await form.getByText('挂牌副产物、发布需求').click();
    await form.locator('#note').fill('园区代为挂牌药渣');
    await harness.screenshot(firm, 'delegations-grant-desktop-zh');
    await firm.locator('.ant-modal-footer .ant-btn-primary').click();
    const row = firm.getByTestId('delegations-table').locator('tr', { hasText: '亳州现代中药产业园管理委员会' });
    await row.waitFor();
    expect(await row.innerText()).toContain('生效中');
    expect(await row.innerText()).toContain('至撤销为止');
    await expectNoRawKeys(firm, 'delegations');
    await harness.screenshot(firm, 'delegations-desktop-zh');
    expect(harness.pageErrors(firm)).toEqual([]);

    const park = await harness.freshPage();
    await park.setViewportSize(DESKTOP);
    await logIn(park, 'park');
    const unread = await apiUnread(park);
    expect(unread).toBeGreaterThanOrEqual(1);
    // The count is drawn as 0 until the inbox's first answer is in.
    await expect.poll(() => bellCount(park), { timeout: 15_000 }).toBe(unread);
    await park.getByTestId('notification-bell').click();
    await park.waitForURL((url) => url.pathname === '/notifications');
    const item = park.getByTestId('inbox-item').filter({ hasText: '亳州华佗本草制药有限公司 已授权贵单位代为办理' });
    await item.waitFor();
    expect(await item.getAttribute('data-unread')).toBe('true');
    await expectNoRawKeys(park, 'notifications');
    await harness.screenshot(park, 'inbox-desktop-zh');
    // Opening it marks it read and goes to what it is about.
    await item.click();
    await park.waitForURL((url) => url.pathname === '/delegations');
    await expect.poll(() => bellCount(park), { timeout: 10_000 }).toBe(unread - 1);
    await park.getByTestId('delegation-direction').getByText('本单位获得').click();
    await park.getByTestId('delegations-table').locator('tr', { hasText: '亳州华佗本草制药有限公司' }).waitFor();
    // The grantee may not revoke.
    expect(await park.getByTestId('revoke-delegation').count()).toBe(0);
    expect(harness.pageErrors(park)).toEqual([]);
  });

  it('desktop in English: the firm revokes; the park reads both events in English and marks all read', { timeout: 300_000 }, async () => {
    const firm = await harness.freshPage();
    await firm.setViewportSize(DESKTOP);
    await useEnglish(firm);
    await logIn(firm, 'huatuo');
    await firm.goto(`${harness.baseUrl}/delegations`);
    const row = firm.getByTestId('delegations-table').locator('tr', { hasText: 'Bozhou Modern TCM Park Administration' });
    await row.waitFor();
    await row.getByTestId('revoke-delegation').click();
    await firm.getByTestId('revoke-reason').fill('Contract ended');
    await harness.screenshot(firm, 'delegations-revoke-desktop-en');
    await firm.locator('.ant-modal-footer .ant-btn-dangerous').click();
    await firm.getByTestId('delegations-table').getByText('Your organisation has not authorised anyone.').waitFor();
    await firm.getByText('Show revoked').locator('..').locator('.ant-switch').click();
    await firm.getByTestId('delegations-table').locator('tr', { hasText: 'Revoked' }).waitFor();
    expect(harness.pageErrors(firm)).toEqual([]);

    const park = await harness.freshPage();
    await park.setViewportSize(DESKTOP);
    await useEnglish(park);
    await logIn(park, 'park');
    await park.getByTestId('notification-bell').click();
    await park.getByTestId('inbox-item').filter({ hasText: "Huatuo Bencao Pharmaceutical Co. revoked your organisation's authorisation to act for it" }).waitFor();
    await park.getByTestId('inbox-item').filter({ hasText: 'Huatuo Bencao Pharmaceutical Co. authorised your organisation to act for it' }).waitFor();
    await expectNoRawKeys(park, 'notifications');
    await harness.screenshot(park, 'inbox-desktop-en');
    await park.getByTestId('mark-all-read').click();
    await expect.poll(() => bellCount(park), { timeout: 10_000 }).toBe(0);
    expect(await apiUnread(park)).toBe(0);
    await park.getByTestId('inbox-filter').getByText('Unread (0)').click();
    await park.getByText('Nothing unread.').waitFor();
    expect(harness.pageErrors(park)).toEqual([]);
  });

  it('phone: the bell is in the header, the inbox and the delegations page fit the width, in both languages', { timeout: 300_000 }, async () => {
    // A new event for the park so the phone shows an unread count.
    const firm = await harness.freshPage();
    await firm.setViewportSize(PHONE);
    await logIn(firm, 'shaodu');
    await firm.getByTestId('nav-open').click();
    await firm.getByTestId('nav-drawer').getByText('代办授权', { exact: true }).click();
    await firm.waitForURL((url) => url.pathname === '/delegations');
    await firm.getByTestId('grant-delegation').click();
    await firm.getByTestId('grantee-picker').click();
    await firm.keyboard.type('产业园管理');
    await firm.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '亳州现代中药产业园管理委员会' }).first().click();
    await firm.getByTestId('grant-form').getByText('签署转移联单').click();
    await firm.locator('.ant-modal-footer .ant-btn-primary').click();
    await firm.getByTestId('delegations-table').locator('tr', { hasText: '亳州现代中药产业园管理委员会' }).waitFor();
    await expectNoSidewaysScroll(firm);
    await harness.screenshot(firm, 'delegations-phone-zh');

    for (const language of ['zh-CN', 'en'] as const) {
      const park = await harness.freshPage();
      await park.setViewportSize(PHONE);
      if (language === 'en') await useEnglish(park);
      await logIn(park, 'park');
      if (language === 'zh-CN') await expect.poll(() => bellCount(park), { timeout: 15_000 }).toBe(1);
      await park.getByTestId('notification-bell').click();
      await park.getByTestId('inbox-item').first().waitFor();
      expect(await park.getByTestId('inbox-item').first().innerText()).toContain(language === 'en' ? 'Shaodu Decoction Pieces Co.' : '亳州芍都中药饮片有限公司');
      await expectNoSidewaysScroll(park);
      await expectNoRawKeys(park, 'notifications');
      await harness.screenshot(park, `inbox-phone-${language}`);
      await park.goto(`${harness.baseUrl}/delegations`);
      await park.getByTestId('delegation-direction').locator('.ant-segmented-item').nth(1).click();
      await park.getByTestId('delegations-table').locator('tr.ant-table-row', { hasText: language === 'en' ? 'Shaodu Decoction Pieces Co.' : '亳州芍都中药饮片有限公司' }).waitFor();
      await expectNoSidewaysScroll(park);
      await harness.screenshot(park, `delegations-phone-${language}`);
      expect(harness.pageErrors(park)).toEqual([]);
    }
  });
});
