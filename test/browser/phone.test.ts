import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoSidewaysScroll, logIn, settled, startBrowserHarness } from './harness';

/**
 * Issue 11, "Phone": every page of every organisation type at 390 × 844 without sideways scroll
 * (wide tables and charts scroll inside their own box), descriptions stacked, the public
 * bulletin page clear of its header.
 */
const PHONE = { width: 390, height: 844 };
/**
 * The organisation type with the most pages, in English (its words are longer). The page walk
 * (`npm run test:pages`, test/pages/walk.ts, run by CI after `npm test`) checks every page of
 * every type at phone size in both languages; this test keeps the mechanism in the browser tier
 * without walking the same pages again.
 */
const walks = [{ username: 'huatuo', language: 'en' }] as const;
/** Detail pages, reached through a link on their list. */
const detailPaths = ['/supply/product', '/warnings/case', '/byproducts/stream', '/bulletins/new'];

const hrefsOf = (page: Page, selector: string) =>
  page.evaluate<string[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((a) => a.getAttribute('href') ?? '')`);

async function menuHrefs(page: Page): Promise<string[]> {
  await page.getByTestId('nav-open').click();
  const menu = page.getByTestId('side-menu');
  await menu.waitFor();
  // Collapsed groups keep their links in the DOM only once opened: open every group first.
  for (const title of await menu.locator('.ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title').all()) await title.click();
  const hrefs = await hrefsOf(page, '[data-testid="side-menu"] li.ant-menu-item a');
  await page.keyboard.press('Escape');
  return hrefs;
}

async function detailLinks(page: Page): Promise<string[]> {
  return (await hrefsOf(page, '.ant-layout-content a[href]')).filter((h) => detailPaths.some((d) => h.startsWith(`${d}?`) || h === d));
}

/** Everything in the header lies inside it, and the page starts below it. */
async function expectHeaderClear(page: Page): Promise<void> {
  const header = (await page.getByTestId('public-header').boundingBox())!;
  const inside = await page.evaluate<{ name: string; bottom: number }[]>(
    `[...document.querySelectorAll('[data-testid="public-header"] > *')].map((el) => ({ name: el.textContent ?? '', bottom: el.getBoundingClientRect().bottom }))`,
  );
  for (const item of inside) expect(item.bottom, item.name).toBeLessThanOrEqual(header.y + header.height + 0.5);
  const content = (await page.locator('.ant-layout-content').boundingBox())!;
  expect(content.y).toBeGreaterThanOrEqual(header.y + header.height - 0.5);
}

describe('phone size: every page of a manufacturer', () => {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowserHarness();
  }, 600_000);
  afterAll(async () => harness?.close());

  it('no page scrolls sideways at 390 px', { timeout: 1_800_000 }, async () => {
    const failures: string[] = [];
    for (const { username, language } of walks) {
      const page = await harness.freshPage();
      await page.setViewportSize(PHONE);
      if (language === 'en') {
        await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
        await page.reload();
      }
      await logIn(page, username);
      const seenDetails = new Set<string>();
      const visit = async (href: string) => {
        await page.goto(`${harness.baseUrl}${href}`);
        await settled(page);
        try {
          await expectNoSidewaysScroll(page, `${username} ${language} ${href}`);
        } catch (error) {
          failures.push((error as Error).message);
        }
        await harness.screenshot(page, `phone-${language}-${username}${href.replace(/[/?=&]+/g, '-')}`.slice(0, 120));
      };
      for (const href of await menuHrefs(page)) {
        await visit(href);
        for (const detail of await detailLinks(page)) {
          const path = detail.split('?')[0]!;
          if (seenDetails.has(path)) continue;
          seenDetails.add(path);
          await visit(detail);
        }
      }
      expect(harness.pageErrors(page), username).toEqual([]);
    }
    expect(failures).toEqual([]);
  });

  it('the public bulletins: no sideways scroll and the header clear of the page, in both languages', { timeout: 300_000 }, async () => {
    for (const language of ['zh-CN', 'en']) {
      const page = await harness.freshPage();
      await page.setViewportSize(PHONE);
      if (language === 'en') {
        await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
        await page.reload();
      }
      await page.goto(`${harness.baseUrl}/public/bulletins`);
      await page.getByTestId('public-bulletin-list').locator('.ant-list-item').first().waitFor();
      await expectHeaderClear(page);
      await expectNoSidewaysScroll(page);
      await harness.screenshot(page, `phone-${language}-public-bulletins`);
      const first = (await hrefsOf(page, '[data-testid="public-bulletin-list"] a[href^="/public/bulletins/"]'))[0]!;
      await page.goto(`${harness.baseUrl}${first}`);
      await page.getByTestId('pdf-link').waitFor();
      await settled(page);
      await expectHeaderClear(page);
      await expectNoSidewaysScroll(page);
      await harness.screenshot(page, `phone-${language}-public-bulletin`);
      expect(harness.pageErrors(page)).toEqual([]);
    }
  });
});
