/**
 * The page walk (issue 11, "Done means"): a demo server on a fresh database; for each
 * organisation type of the demo, log in and visit every page of its menu and the detail pages its
 * lists link to, at desktop (1280×800) and phone (390×844) size, in Chinese and English; the
 * login page and the public bulletins without a session. Screenshots of every visit are kept in
 * test-output/pages/. Fails on interface text in the wrong script, identifier-shaped strings,
 * raw i18n keys and unfilled placeholders (test/pages/text-rules.ts), failed requests, console
 * errors and uncaught exceptions, sideways scrolling at phone size, and on a page of
 * web/src/nav.ts no one reached. Prints where its time went (per phase and per page).
 *
 *   npm run test:pages        (.ci/run runs it after `npm test`)
 *
 * Settings (environment): HERBLOOP_TEST_DATABASE_URL=postgres://… runs the demo server on a new
 * database of that PostgreSQL server (dropped at the end; else embedded PGlite);
 * HERBLOOP_PAGES_ONLY=user1,user2 walks those demo users only; HERBLOOP_PAGES_LANGUAGES=en walks
 * one language; HERBLOOP_PAGES_WORKERS (default 3) walkers side by side. Exits 1 with the
 * findings listed (and written to test-output/pages/findings.json).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { DEMO_PASSWORD } from '../../src/demo/platform.dataset';
import { startServer } from '../../src/server/serve';
import { chromiumArgs, chromiumPath } from '../browser/chromium';
import { withClient } from '../helpers/test-run';
import { settled, sidewaysOverflow, visibleTexts } from './scan';
import { type Language, textFindings } from './text-rules';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'test-output/pages');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const AIM_MS = 300_000;
const SHOT_SCREENS = 3;

/** One demo login per organisation type. */
const demoUsers: { username: string; type: string }[] = [
  { username: 'huatuo', type: 'manufacturer' },
  { username: 'lvyuan', type: 'utilizer' },
  { username: 'tongda', type: 'transporter' },
  { username: 'qingyuan', type: 'service-provider' },
  { username: 'park', type: 'park-admin' },
  { username: 'bz-eeb', type: 'regulator' },
  { username: 'bz-price', type: 'supply-monitor' },
  { username: 'bz-stat', type: 'statistics-office' },
  { username: 'admin', type: 'platform-admin' },
];

interface Finding {
  who: string;
  language: Language;
  size: 'desktop' | 'phone';
  path: string;
  kind: 'text' | 'request' | 'console' | 'overflow' | 'unreached' | 'load';
  detail: string;
  /** For a text: the element that shows it (scan.ts). */
  where?: string;
}

/** The pages of the navigation registry: menu pages and detail pages (reached from their lists). */
/** Whether a link opens a registry path: the path itself, with a query, or with its `:param` segments filled in. */
function linksTo(link: string, registryPath: string): boolean {
  if (link === registryPath || link.startsWith(`${registryPath}?`)) return true;
  if (!registryPath.includes('/:')) return false;
  const pattern = new RegExp(`^${registryPath.split('/').map((part) => (part.startsWith(':') ? '[^/?#]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}(\\?.*)?$`);
  return pattern.test(link);
}

function registryPages(): { key: string; path: string; detailOf?: string }[] {
  const source = fs.readFileSync(path.join(root, 'web/src/nav.ts'), 'utf8');
  const body = source.slice(source.indexOf('export const navEntries'));
  const pages = body
    .split(/\n {2}\{\n/)
    .slice(1)
    .map((block) => ({
      key: /key: '([^']+)'/.exec(block)?.[1],
      path: /path: '([^']+)'/.exec(block)?.[1],
      detailOf: /detailOf: '([^']+)'/.exec(block)?.[1],
    }))
    .filter((p): p is { key: string; path: string; detailOf: string | undefined } => p.key !== undefined && p.path !== undefined)
    .map(({ detailOf, ...p }) => (detailOf ? { ...p, detailOf } : p));
  if (pages.length < 10) throw new Error(`read only ${pages.length} pages from web/src/nav.ts: has its layout changed?`);
  return pages;
}

const t0 = Date.now();
const say = (line: string) => process.stdout.write(`[pages ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
const only = process.env.HERBLOOP_PAGES_ONLY?.split(',').filter(Boolean);
const languages: Language[] = process.env.HERBLOOP_PAGES_LANGUAGES === 'en' ? ['en'] : process.env.HERBLOOP_PAGES_LANGUAGES === 'zh-CN' ? ['zh-CN'] : ['zh-CN', 'en'];

const workers = Number(process.env.HERBLOOP_PAGES_WORKERS || 3);
/** Where the walk's time goes: milliseconds per phase, summed over the walkers. */
const phaseMs = new Map<string, number>();
const visitMs: { path: string; ms: number }[] = [];
async function timed<T>(phase: string, fn: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    phaseMs.set(phase, (phaseMs.get(phase) ?? 0) + Date.now() - start);
  }
}
const findings: Finding[] = [];
const reached = new Set<string>();
let visits = 0;

/** The page under observation: listeners report into whatever visit is current. */
interface Watch {
  who: string;
  language: Language;
  path: string;
  size: Finding['size'];
}

function watch(page: Page, current: () => Watch): void {
  const report = (kind: Finding['kind'], detail: string) => {
    const w = current();
    findings.push({ who: w.who, language: w.language, size: w.size, path: w.path, kind, detail });
  };
  page.on('pageerror', (error) => report('console', `uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every failed response too; those are reported once, as requests.
    if (message.text().startsWith('Failed to load resource')) return;
    report('console', message.text());
  });
  page.on('response', (response) => {
    // Without a session the app asks who is logged in and is told: nobody.
    if ((current().who === 'anonymous' || current().path === '/login') && response.status() === 401 && new URL(response.url()).pathname === '/api/v1/auth/me') return;
    if (response.status() >= 400) report('request', `${response.request().method()} ${new URL(response.url()).pathname} → ${response.status()}`);
  });
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    // Leaving a page aborts what it was still loading; that is not a failure of the page.
    if (failure.includes('ERR_ABORTED')) return;
    report('request', `${request.method()} ${new URL(request.url()).pathname} failed: ${failure}`);
  });
}

/** Requests in flight per page: a page has settled when none is and no spinner shows, for a moment. */
const inFlight = new WeakMap<Page, number>();

function countRequests(page: Page): void {
  inFlight.set(page, 0);
  const change = (by: number) => inFlight.set(page, (inFlight.get(page) ?? 0) + by);
  page.on('request', () => change(1));
  page.on('requestfinished', () => change(-1));
  page.on('requestfailed', () => change(-1));
}

async function settle(page: Page): Promise<void> {
  const deadline = Date.now() + 20_000;
  let quietSince = 0;
  while (Date.now() < deadline) {
    const quiet = (inFlight.get(page) ?? 0) <= 0 && (await page.evaluate<boolean>(settled));
    if (!quiet) quietSince = 0;
    else if (quietSince === 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 200) return;
    await page.waitForTimeout(50);
  }
}

/** Polls a boolean expression in the page until it holds or the time is up. */
async function poll(page: Page, expression: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await page.evaluate<boolean>(expression)) return true;
    await page.waitForTimeout(50);
  }
  return false;
}

/** Text, and at phone size sideways scrolling, of the page as it is now; and a screenshot. */
async function inspect(page: Page, w: Watch, size: Finding['size'], shot: string): Promise<void> {
  const add = (kind: Finding['kind'], detail: string, where?: string) => findings.push({ who: w.who, language: w.language, size, path: w.path, kind, detail, ...(where ? { where } : {}) });
  const scanned = await timed('scan texts', () => page.evaluate<{ language: string; texts: { text: string; exempt: boolean; where: string }[] }>(visibleTexts));
  if (scanned.language !== w.language) add('text', `the page's language is "${scanned.language}", expected ${w.language}`);
  const seen = new Set<string>();
  for (const { text, exempt, where } of scanned.texts) {
    if (exempt) continue;
    for (const f of textFindings(text, w.language)) {
      const key = `${f.rule} ${f.match} ${f.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      add('text', `${f.rule}: "${f.match}" in "${f.text}"`, where);
    }
  }
  if (size === 'phone') {
    const overflow = await timed('scan overflow', () => page.evaluate<{ scrollWidth: number; elements: string[] } | null>(sidewaysOverflow));
    if (overflow) add('overflow', `page is ${overflow.scrollWidth} px wide at ${PHONE.width} px: ${overflow.elements.join('; ')}`);
  }
  const file = path.join(outDir, w.who, w.language, `${shot}-${size}.jpg`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // The whole page down to three screens: past that (the audit trail's 6 500 px) the picture costs
  // the renderer seconds and shows more rows of the same table.
  const { width, height } = size === 'phone' ? PHONE : DESKTOP;
  const pageHeight = await page.evaluate<number>('document.documentElement.scrollHeight');
  const clip = { x: 0, y: 0, width, height: Math.min(pageHeight, SHOT_SCREENS * height) };
  await timed(`screenshot ${size}`, () => page.screenshot({ path: file, fullPage: true, clip, type: 'jpeg', quality: 70 }));
}

/** Visits a path: desktop first, then the same page resized to a phone. Returns the links it shows. */
async function visit(page: Page, current: { w: Watch }, who: string, language: Language, target: string, shot: string, menuPath?: string): Promise<string[]> {
  const w: Watch = { who, language, path: target, size: 'desktop' };
  current.w = w;
  visits++;
  const started = Date.now();
  try {
    return await visitBothSizes(page, w, target, shot, menuPath);
  } finally {
    visitMs.push({ path: target.replace(/\?.*/, ''), ms: Date.now() - started });
  }
}

async function visitBothSizes(page: Page, w: Watch, target: string, shot: string, menuPath?: string): Promise<string[]> {
  const { who, language } = w;
  await page.setViewportSize(DESKTOP);
  try {
    // Inside the app, move as a link click does (the router follows the history), so each visit
    // costs the page's own requests, not a reload of the app; the first visit loads it.
    if (page.url().startsWith('http')) {
      await page.evaluate(`history.pushState(null, '', ${JSON.stringify(target)}); dispatchEvent(new PopStateEvent('popstate'))`);
      // The router renders the new page in a transition: the old one stays until the new one's
      // code has loaded. The menu marks the new page (or the list of a detail page) only then.
      if (menuPath) {
        // Polled with evaluate (run by the browser's debugger, so the app's CSP without
        // 'unsafe-eval' does not refuse it, as it refuses waitForFunction's string predicate).
        const opened = await timed('open page', () => poll(page, `document.querySelector('[data-testid="side-menu"] li.ant-menu-item-selected a')?.getAttribute('href') === ${JSON.stringify(menuPath)}`, 15_000));
        if (!opened) findings.push({ who, language, size: 'desktop', path: target, kind: 'load', detail: 'the page did not open (its menu entry never became the current one)' });
      }
      await page.waitForTimeout(50);
    } else {
      await page.goto(target, { waitUntil: 'load', timeout: 30_000 });
    }
  } catch (error) {
    findings.push({ who, language, size: 'desktop', path: target, kind: 'load', detail: String(error) });
    return [];
  }
  await timed('settle desktop', () => settle(page));
  reached.add(new URL(page.url()).pathname);
  // The page's links, and the header's (the bell leads to the inbox, a detail page of the home page).
  const links = await page.evaluate<string[]>(`[...document.querySelectorAll('main a[href], .ant-layout-content a[href], .ant-layout-header a[href]')].map((a) => a.getAttribute('href'))`);
  // A page another user already walked in this language, showing the very same content (public
  // pages, a contract both parties open) is not scanned and photographed again: the shell around
  // it (menu, header) is this user's own and is checked on the user's other pages.
  const content = await page.evaluate<string>(`(document.querySelector('.ant-layout-content') ?? document.body).innerText`);
  const seenKey = `${language} ${target} ${createHash('sha1').update(content).digest('hex')}`;
  if (walkedContent.has(seenKey)) {
    skippedAsSeen++;
    return links;
  }
  walkedContent.add(seenKey);
  await inspect(page, w, 'desktop', shot);
  w.size = 'phone';
  await page.setViewportSize(PHONE);
  await timed('settle phone', async () => {
    await page.waitForTimeout(100);
    await settle(page);
  });
  await inspect(page, w, 'phone', shot);
  return links;
}

const shotName = (p: string) => p.replace(/^\//, '').replace(/[^a-zA-Z0-9]+/g, '-') || 'home';

/** Content already walked: language, path and a hash of the page's text. */
const walkedContent = new Set<string>();
let skippedAsSeen = 0;

type SessionState = Awaited<ReturnType<BrowserContext['storageState']>>;
/**
 * One login per demo user through the login form, shared by its walks in both languages: a login
 * hashes the password (seconds on a loaded machine), and the second walk needs only the session.
 */
const sessions = new Map<string, Promise<SessionState | undefined>>();

async function walkUser(browser: Browser, baseUrl: string, who: string, language: Language, pages: ReturnType<typeof registryPages>): Promise<void> {
  // The first walk of a user logs in (and says so at once, before any await); the other waits for its session.
  let shareSession: ((state: SessionState | undefined) => void) | undefined;
  if (who !== 'anonymous' && !sessions.has(who)) sessions.set(who, new Promise((resolve) => (shareSession = resolve)));
  const loggedIn = shareSession ? undefined : await sessions.get(who);
  // Reduced motion: the app then draws charts and menus without animation frames (the renderer's
  // CPU goes to the pages) and screenshots show the end state.
  const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP, locale: language === 'en' ? 'en-US' : 'zh-CN', reducedMotion: 'reduce', ...(loggedIn ? { storageState: loggedIn } : {}) });
  await context.addInitScript(`localStorage.setItem('herbloop.language', ${JSON.stringify(language)})`);
  const page = await context.newPage();
  countRequests(page);
  const current: { w: Watch } = { w: { who, language, path: '/login', size: 'desktop' } };
  watch(page, () => current.w);
  try {
    if (who === 'anonymous') {
      await visit(page, current, who, language, '/login', 'login');
      const links = await visit(page, current, who, language, '/public/bulletins', 'public-bulletins');
      const first = links.find((href) => /^\/public\/bulletins\/[^/]+$/.test(href));
      if (first) await visit(page, current, who, language, first, 'public-bulletin');
      else findings.push({ who, language, size: 'desktop', path: '/public/bulletins', kind: 'unreached', detail: 'no published bulletin linked from the public list' });
      return;
    }
    await timed('log in', async () => {
      if (loggedIn) {
        await page.goto('/');
      } else {
        const done = shareSession ?? (() => undefined);
        try {
          await page.goto('/login');
          await page.locator('#username').fill(who);
          await page.locator('#password').fill(DEMO_PASSWORD);
          await page.locator('button[type=submit]').click();
          await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
          done(await context.storageState());
        } finally {
          // A failed login leaves the other language to try on its own.
          done(undefined);
        }
      }
      await page.getByTestId('side-menu').waitFor();
    });
    const menu = await page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid="side-menu"] li.ant-menu-item a')].map((a) => a.getAttribute('href')).filter(Boolean)`);
    const details = pages.filter((p) => p.detailOf !== undefined);
    for (const href of menu) {
      const links = await visit(page, current, who, language, href, shotName(href), href);
      const entry = pages.find((p) => p.path === href);
      // The detail pages this list leads to: the first link to each.
      for (const detail of details.filter((d) => d.detailOf === entry?.key)) {
        // A link to another registered page (`/manifests/new`) is not one to `/manifests/:id`.
        const link = links.find((l) => linksTo(l, detail.path) && !pages.some((p) => p !== detail && p.path === l.split('?')[0]));
        if (link) await visit(page, current, who, language, link, shotName(detail.path), href);
      }
    }
  } finally {
    await context.close();
  }
}

/**
 * With HERBLOOP_TEST_DATABASE_URL (a PostgreSQL server, as .ci/run sets it) the demo server runs
 * on a new database there, dropped at the end: PostgreSQL loads the demo and answers the walkers'
 * requests on its own processes, beside the walk's, where the embedded database computes in the
 * walk's process (see "time per phase" in the output). Without it, a fresh embedded database.
 */
async function freshDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> } | undefined> {
  const serverUrl = process.env.HERBLOOP_TEST_DATABASE_URL;
  if (!serverUrl) return undefined;
  const name = `herbloop_pages_${process.pid}`;
  await withClient(serverUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => withClient(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(root, 'web/dist/index.html'))) throw new Error('web/dist is missing: run node scripts/ensure-web-build.mjs first (npm run test:pages does).');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herbloop-pages-'));
  const database = await freshDatabase();
  // loadConfig reads numbers from process.env itself: a free port, and logins enough for the walk.
  Object.assign(process.env, { PORT: '0', HERBLOOP_LOGIN_MAX_PER_IP: '1000', HERBLOOP_LOGIN_MAX_PER_USER: '1000' });
  const config = loadConfig({ ...process.env, HERBLOOP_DATA_DIR: dataDir, HOST: '127.0.0.1', DATABASE_URL: database?.url ?? '', LOG_LEVEL: 'warn' });
  say(`starting a demo server on ${database ? `a fresh PostgreSQL database (${database.name})` : 'a fresh embedded database'}`);
  // Chromium starts while the demo loads.
  const launching = chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  const server = await timed('server start', () => startServer(config, { demo: true, pretty: false })).catch(async (error: unknown) => {
    await (await launching).close();
    await database?.drop();
    throw error;
  });
  let browser: Browser | undefined;
  try {
    say(`server at ${server.url}`);
    browser = await launching;
    const pages = registryPages();
    const users = ['anonymous', ...demoUsers.map((u) => u.username)].filter((u) => !only || only.includes(u));
    // A few walkers side by side: each waits on the server and the renderer in turn.
    const queue = users.flatMap((who) => languages.map((language) => ({ who, language })));
    const openBrowser = browser;
    const walker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const before = findings.filter((f) => f.who === job.who && f.language === job.language).length;
        await walkUser(openBrowser, server.url, job.who, job.language, pages);
        const after = findings.filter((f) => f.who === job.who && f.language === job.language).length;
        say(`${job.who} ${job.language}: ${after - before} findings (${visits} visits so far)`);
      }
    };
    await Promise.all(Array.from({ length: workers }, walker));
    if (!only) {
      for (const p of pages) {
        if (![...reached].some((r) => linksTo(r, p.path))) findings.push({ who: '-', language: 'zh-CN', size: 'desktop', path: p.path, kind: 'unreached', detail: `page "${p.key}" was reached by no demo user${p.detailOf ? ` from the list "${p.detailOf}"` : ''}` });
      }
    }
  } finally {
    await browser?.close();
    await server.shutdown();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const elapsed = Date.now() - t0;
  fs.writeFileSync(path.join(outDir, 'findings.json'), `${JSON.stringify(findings, null, 2)}\n`);
  for (const f of findings) process.stdout.write(`  ${f.kind.padEnd(9)} ${f.who} ${f.language} ${f.size} ${f.path}: ${f.detail}${f.where ? ` [${f.where}]` : ''}\n`);
  say(`${visits} page visits (each at desktop and phone size; ${skippedAsSeen} showed content another user's visit had checked), ${findings.length} findings; screenshots in ${path.relative(root, outDir)}/`);
  const cpu = process.cpuUsage();
  say(`CPU of this process (walk and server): ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  say(`time per phase (summed over walkers): ${[...phaseMs].map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(0)} s`).join(', ')}`);
  const perPath = new Map<string, number[]>();
  for (const v of visitMs) perPath.set(v.path, [...(perPath.get(v.path) ?? []), v.ms]);
  const slowest = [...perPath].map(([p, ms]) => ({ p, n: ms.length, total: ms.reduce((a, b) => a + b, 0) })).sort((a, b) => b.total - a.total);
  say(`time per page (visits, total): ${slowest.map((x) => `${x.p} ${x.n}× ${(x.total / 1000).toFixed(0)} s`).join(', ')}`);
  if (elapsed > AIM_MS) say(`took ${(elapsed / 1000).toFixed(0)} s, more than the aim of ${AIM_MS / 1000} s`);
  return findings.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
