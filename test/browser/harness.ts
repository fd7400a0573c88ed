import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/platform.dataset';
import type { AppConfig } from '../../src/config';
import { type AppInstance, buildApp } from '../../src/server/app';
import { createTestDatabase, type TestDatabase, testConfig } from '../helpers/app';
import { chromiumArgs, chromiumPath } from './chromium';

/**
 * Browser tests run the built web app (web/dist) against the real server on a fresh test
 * database with the demo loaded, in Debian's Chromium driven by playwright-core. They build
 * nothing themselves: a missing build fails loudly rather than testing stale or no pages.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDist = path.join(root, 'web/dist');
export const screenshotDir = path.join(root, 'test-results/screenshots');

export interface BrowserHarness {
  baseUrl: string;
  /** The app's database, for a scenario that needs rows no demo step makes. */
  db: TestDatabase['db'];
  context: BrowserContext;
  /** A new tab with no session and the default language. */
  freshPage(): Promise<Page>;
  /** Uncaught exceptions and console errors of the page so far (expected HTTP errors excluded). */
  pageErrors(page: Page): string[];
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

function assertPrerequisites(): void {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`The web app is not built (${webDist}/index.html missing): run npm run build:web before the browser tests.`);
  }
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it with apt-get install -y chromium (or set HERBLOOP_CHROMIUM).`);
  }
}

let sharedBrowser: Promise<Browser> | undefined;
/**
 * One Chromium per test worker, shared by its browser test files (they run one after another in
 * the worker, which keeps its modules: isolate false), each harness in a context of its own
 * (cookies, storage and cache apart): starting Chromium cost about half a second of CPU per file. Playwright
 * ends the browser when the worker exits; one that crashed is started again.
 */
async function browser(): Promise<Browser> {
  const running = sharedBrowser && (await sharedBrowser.catch(() => undefined));
  if (running?.isConnected()) return running;
  sharedBrowser = chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  return sharedBrowser;
}

/**
 * `demo`: load only these demo steps (plus `platform`), e.g. `['supply']`; omitted, the whole demo.
 * `config`: settings over the test defaults, e.g. a tile server.
 */
export async function startBrowserHarness(options: { demo?: readonly string[]; config?: Partial<AppConfig> } = {}): Promise<BrowserHarness> {
  assertPrerequisites();
  let database: TestDatabase | undefined;
  let app: AppInstance | undefined;
  try {
    database = await createTestDatabase('pglite', { demo: options.demo ?? true });
    app = await buildApp({ db: database.db, dbKind: database.kind, config: testConfig(options.config), logger: false, webDist });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const context = await (await browser()).newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    fs.mkdirSync(screenshotDir, { recursive: true });
    const started = { app, database };
    const errorsByPage = new WeakMap<Page, string[]>();

    return {
      baseUrl: address,
      db: database.db,
      context,
      async freshPage() {
        for (const page of context.pages()) await page.close();
        await context.clearCookies();
        const page = await context.newPage();
        const errors: string[] = [];
        errorsByPage.set(page, errors);
        page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
        page.on('console', (message) => {
          // Chromium logs every 4xx answer as "Failed to load resource"; the scenarios provoke some on purpose.
          if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
        });
        // localStorage holds the language choice; start every scenario from the default. Cleared
        // before the app loads, so it loads once (not once to clear its storage, then again).
        const cdp = await context.newCDPSession(page);
        await cdp.send('Storage.clearDataForOrigin', { origin: new URL(address).origin, storageTypes: 'local_storage' });
        await cdp.detach();
        await page.goto(`${address}/login`);
        return page;
      },
      pageErrors: (page) => errorsByPage.get(page) ?? [],
      async screenshot(page, name) {
        // The picture shows the end state: Ant Design's CSS transitions are finished at once
        // (`animations: 'disabled'`); charts animate in script (300 ms, updates 200 ms: ChartImpl),
        // so a page with charts waits for that, a page without none (a fixed second per picture,
        // over a hundred pictures, kept the browser tier waiting for minutes).
        if ((await page.locator('[_echarts_instance_]').count()) > 0) await page.waitForTimeout(500);
        await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true, animations: 'disabled' });
      },
      async close() {
        await context.close();
        await started.app.close();
        await started.database.close();
      },
    };
  } catch (error) {
    await app?.close();
    await database?.close();
    throw error;
  }
}

/** Fills the login form and submits it; with `landed`, waits for the home page after a successful login. */
export async function logIn(page: Page, username: string, options: { password?: string; landed?: boolean } = {}): Promise<void> {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(options.password ?? DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  if (options.landed ?? true) await page.waitForURL((url) => url.pathname === '/');
}

/** The side menu's entries (not its group titles), top to bottom. */
export async function menuLabels(page: Page): Promise<string[]> {
  const menu = page.getByTestId('side-menu');
  await menu.waitFor();
  return (await menu.locator('li.ant-menu-item .ant-menu-title-content').allInnerTexts()).map((s) => s.trim());
}

/** No raw i18n keys of this namespace on the page (a missing text shows as "supply.x.y"). */
export async function expectNoRawKeys(page: Page, namespace: string): Promise<void> {
  const body = await page.locator('body').innerText();
  expect(body.match(new RegExp(`\\b${namespace}\\.[a-zA-Z]+\\.[a-zA-Z.-]+`, 'g')) ?? []).toEqual([]);
}

/** Opens an Ant Design Select by its form item id and clicks the option with this label. */
export async function pickOption(page: Page, id: string, label: string): Promise<void> {
  await page.locator(`#${id}`).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: label }).first().click();
}

/** Elements sticking out past the right edge of the viewport, outside any box that scrolls on its own: what makes a page scroll sideways. */
const overflowCulprits = `(() => {
  const width = window.innerWidth;
  const scrollsOwnBox = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1 || scrollsOwnBox(el)) continue;
    const name = el.tagName.toLowerCase() + (el.getAttribute('data-testid') ? '[' + el.getAttribute('data-testid') + ']' : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
    out.push(name + ' right=' + Math.round(r.right));
    if (out.length >= 6) break;
  }
  return out;
})()`;

/**
 * The page does not scroll sideways: the document is no wider than the viewport (wide content
 * scrolls inside its own box). On failure, names the elements that stick out.
 */
export async function expectNoSidewaysScroll(page: Page, label = page.url()): Promise<void> {
  const measure = () =>
    page.evaluate<{ scrollWidth: number; innerWidth: number }>('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
  // Right after a viewport change, charts still have the old width until their resize observer
  // fires on a later frame: give the layout a moment to follow before calling it a failure.
  const deadline = Date.now() + 2_000;
  let { scrollWidth, innerWidth } = await measure();
  while (scrollWidth > innerWidth && Date.now() < deadline) {
    await page.waitForTimeout(100);
    ({ scrollWidth, innerWidth } = await measure());
  }
  if (scrollWidth <= innerWidth) return;
  const culprits = await page.evaluate<string[]>(overflowCulprits);
  expect.fail(`${label}: the page is ${scrollWidth} px wide in a ${innerWidth} px viewport; sticking out: ${culprits.join(', ')}`);
}

/** The browser globals the settle predicate reads (the server tsconfig, which checks the tests, has no DOM types). */
interface InPage {
  document: { documentElement: { hasAttribute(name: string): boolean } };
  performance: { now(): number };
  herbloopQuietSince?: number;
}

/** Waits until the page has no pending requests and no loading spinner (a page of the app after navigation). */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // The app's own signal (web/src/components/fetchingSignal.ts): no query in flight for 200 ms of
  // frames. `networkidle` alone resolves at once after an in-app navigation (the page reached it
  // before), and a query the new URL starts begins only after React renders it: a quiet stretch,
  // not one quiet frame, tells that the page has settled. A function, not a string: Playwright
  // evaluates a string predicate again on every poll, which the app's CSP (no 'unsafe-eval')
  // refuses; a function is evaluated once and then called. Typed without DOM types.
  await page.evaluate(() => {
    delete (globalThis as unknown as InPage).herbloopQuietSince;
  });
  await page.waitForFunction(
    () => {
      const w = globalThis as unknown as InPage;
      const now = w.performance.now();
      if (w.document.documentElement.hasAttribute('data-fetching')) {
        delete w.herbloopQuietSince;
        return false;
      }
      w.herbloopQuietSince ??= now;
      return now - w.herbloopQuietSince >= 200;
    },
    undefined,
    { timeout: 30_000, polling: 'raf' },
  );
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count(), { timeout: 30_000 }).toBe(0);
}
