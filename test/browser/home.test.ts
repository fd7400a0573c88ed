import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HomeSection, HomeView } from '../../src/modules/home/home.schema';
import { type BrowserHarness, expectNoRawKeys, logIn, startBrowserHarness } from './harness';

/**
 * The home page of every organisation type of the demo (issue 11): its figures are the API's
 * (GET /api/v1/home, fetched in the same session), the menu is made of links, and at phone size
 * the menu is a drawer and nothing scrolls sideways.
 */
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** One login per organisation type: monitor, manufacturer, park, regulator, statistics office, utilizer, transporter, service provider, platform admin. */
const demoUsers = ['bz-price', 'huatuo', 'park', 'bz-eeb', 'bz-stat', 'lvyuan', 'tongda', 'qingyuan', 'admin'] as const;

/** The figures each card shows, by the `fig-…` test id the page gives them. */
function expectedFigures(s: HomeSection): Record<string, number | string | null> {
  switch (s.kind) {
    case 'warningCases':
      return { 'cases-open': s.open, 'cases-escalating': s.escalating };
    case 'products':
      return {};
    case 'streams':
      return { 'streams-generated': s.firm.generatedT, 'streams-utilised': s.firm.utilisedT, 'streams-rate': s.firm.utilisationRate };
    case 'circularity':
      return { 'circ-streams': s.streams, 'circ-generated': s.generatedT, 'circ-utilised': s.utilisedT, 'circ-rate': s.utilisationRate, 'circ-value': s.valueCreatedYuan, 'circ-co2e': s.co2eAvoidedT };
    case 'unreportedFirms':
      return { 'unreported-firms': s.firms.length, 'unreported-of': s.firmsWithStreams };
    case 'regionAccounts':
      return s.latest ? { 'accounts-year': s.latest.year, 'accounts-productivity': s.latest.productivityDmc, 'accounts-change': s.latest.productivityChange } : {};
    case 'reportingBoard':
      return { 'board-missing': s.counts.missing, 'board-draft': s.counts.draft, 'board-submitted': s.counts.submitted, 'board-returned': s.counts.returned, 'board-accepted': s.counts.accepted, 'board-firms': s.firms };
    case 'findings':
      return { 'findings-error': s.open.error, 'findings-warning': s.open.warning, 'findings-info': s.open.info, 'findings-accepted': s.accepted, 'findings-resolved': s.resolved };
    case 'balanceModels':
      return { 'balance-models': s.models, 'balance-firms': s.firms };
    case 'ownReport':
      return {};
    case 'streamOffer':
      return { 'offer-streams': s.streams, 'offer-firms': s.firms, ...Object.fromEntries(s.byState.map((x) => [`offer-state-${x.state}`, x.streams])) };
    case 'platform':
      return { 'platform-organisations': s.organisations, 'platform-users': s.users, 'platform-sites': s.sites, 'platform-failed': s.deliveries.failed, 'platform-pending': s.deliveries.pending };
  }
}

async function apiHome(page: Page): Promise<HomeView> {
  return page.evaluate(async () => {
    const res = await fetch('/api/v1/home');
    return (await res.json()) as HomeView;
  });
}

/** Every card of the API's sections is on the page with the API's figures. */
async function expectHomeAsApi(page: Page): Promise<HomeView> {
  await page.getByTestId('home-page').waitFor();
  const view = await apiHome(page);
  expect(view.sections.length).toBeGreaterThan(0);
  for (const section of view.sections) {
    const card = page.getByTestId(`home-section-${section.kind}`);
    await card.waitFor();
    for (const [id, value] of Object.entries(expectedFigures(section))) {
      expect(await card.getByTestId(`fig-${id}`).getAttribute('data-value'), `${section.kind} ${id}`).toBe(value === null ? '' : String(value));
    }
    if (section.kind === 'products') {
      for (const p of section.items) expect(await card.getByTestId(`product-${p.code}`).getAttribute('data-value')).toBe(p.ratio === null ? '' : String(p.ratio));
    }
    if (section.kind === 'ownReport') expect(await card.getByTestId('own-report-status').getAttribute('data-value')).toBe(section.status);
    if (section.kind === 'warningCases') {
      for (const l of section.byLevel) expect(await card.getByTestId(`cases-level-${l.level}`).getAttribute('data-value')).toBe(String(l.open));
    }
  }
  return view;
}

/** Every menu entry is an anchor with the page's URL (so it opens in a new tab). */
async function expectMenuOfLinks(page: Page): Promise<void> {
  const menu = page.getByTestId('side-menu');
  await menu.waitFor();
  const items = menu.locator('li.ant-menu-item');
  const count = await items.count();
  expect(count).toBeGreaterThan(1);
  for (let i = 0; i < count; i++) {
    const href = await items.nth(i).locator('a').getAttribute('href');
    expect(href, await items.nth(i).innerText()).toMatch(/^\/[a-z/-]*$/);
  }
  // Detail pages are reached from their lists, never from the menu.
  const hrefs = await Promise.all((await menu.locator('li.ant-menu-item a').all()).map((a) => a.getAttribute('href')));
  for (const detail of ['/supply/product', '/warnings/case', '/bulletins/new', '/byproducts/stream']) expect(hrefs).not.toContain(detail);
}

const noSidewaysScroll = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

describe('home page per organisation type', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 600_000);
  afterAll(async () => harness?.close());

  it('desktop: each organisation type sees its figures as the API gives them, in a menu of links grouped by task', { timeout: 600_000 }, async () => {
    for (const username of demoUsers) {
      const page = await harness.freshPage();
      await page.setViewportSize(DESKTOP);
      await logIn(page, username);
      const view = await expectHomeAsApi(page);
      await expectMenuOfLinks(page);
      // Home first, then the groups; the group of the role's main work right after Home.
      const top = await page.getByTestId('side-menu').locator(':scope > li').first().innerText();
      expect(top.trim()).toBe('今日');
      await expectNoRawKeys(page, 'home');
      if (['bz-price', 'huatuo', 'park'].includes(username)) await harness.screenshot(page, `home-desktop-zh-${username}`);
      if (username === 'bz-price') {
        expect(view.sections.map((s) => s.kind)).toEqual(['warningCases', 'products']);
      }
      expect(harness.pageErrors(page), username).toEqual([]);
    }
  });

  it('desktop in English: the same figures, English texts', { timeout: 300_000 }, async () => {
    for (const username of ['bz-price', 'huatuo', 'park']) {
      const page = await harness.freshPage();
      await page.setViewportSize(DESKTOP);
      await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
      await page.reload();
      await logIn(page, username);
      await expectHomeAsApi(page);
      await page.getByTestId('side-menu').getByText('Home', { exact: true }).waitFor();
      await page.getByText('Today', { exact: true }).waitFor();
      await expectNoRawKeys(page, 'home');
      await harness.screenshot(page, `home-desktop-en-${username}`);
      expect(harness.pageErrors(page), username).toEqual([]);
    }
  });

  it('at 900 px the menu collapses to icons and no button covers an entry', { timeout: 120_000 }, async () => {
    const page = await harness.freshPage();
    await page.setViewportSize({ width: 900, height: 700 });
    await logIn(page, 'admin');
    await expectHomeAsApi(page);
    const items = page.getByTestId('side-menu').locator(':scope > li');
    const count = await items.count();
    for (let i = 0; i < count; i++) {
      const box = (await items.nth(i).boundingBox())!;
      if (box.y + box.height > 700) continue; // below the fold: scrolled to, not covered
      const covered = await page.evaluate<boolean>(`!document.elementFromPoint(${box.x + box.width / 2}, ${box.y + box.height / 2})?.closest('[data-testid="side-menu"]')`);
      expect(covered, `menu entry ${i}`).toBe(false);
    }
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(900);
  });

  it('phone: a drawer opened from the header, the name on one line, no sideways scroll, in both languages', { timeout: 600_000 }, async () => {
    for (const [username, language] of [['bz-price', 'zh-CN'], ['huatuo', 'zh-CN'], ['park', 'zh-CN'], ['huatuo', 'en'], ['park', 'en'], ['admin', 'zh-CN'], ['tongda', 'zh-CN']] as const) {
      const page = await harness.freshPage();
      await page.setViewportSize(PHONE);
      if (language === 'en') {
        await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
        await page.reload();
      }
      await logIn(page, username);
      await expectHomeAsApi(page);
      expect(await noSidewaysScroll(page), username).toBeLessThanOrEqual(PHONE.width);
      // The user name truncates rather than wrapping one character per line.
      const name = (await page.getByTestId('current-user').boundingBox())!;
      expect(name.height).toBeLessThan(32);
      // No side bar; the menu is a drawer.
      expect(await page.getByTestId('side-menu').count()).toBe(0);
      if (['bz-price', 'huatuo', 'park'].includes(username)) await harness.screenshot(page, `home-phone-${language}-${username}`);
      await page.getByTestId('nav-open').click();
      const drawer = page.getByTestId('side-menu');
      await drawer.waitFor();
      await expectMenuOfLinks(page);
      expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(PHONE.width);
      if (username === 'huatuo' && language === 'zh-CN') await harness.screenshot(page, 'home-phone-zh-huatuo-drawer');
      // Following a link closes the drawer and opens the page.
      const link = drawer.locator('li.ant-menu-item a').nth(1);
      const href = (await link.getAttribute('href'))!;
      await link.click();
      await page.waitForURL((url) => url.pathname === href);
      await expect.poll(() => page.getByTestId('side-menu').isVisible(), { timeout: 10_000 }).toBe(false);
      expect(harness.pageErrors(page), username).toEqual([]);
    }
  });
});
