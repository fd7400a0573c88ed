import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHarness, expectNoRawKeys, logIn, startBrowserHarness } from './harness';

/**
 * Auctions and the price index in the browser (issue 12): an ascending auction with three
 * bidders extends on a late bid and closes once, with the contract; the public index page shows
 * the demo series without a login; all of it at desktop and phone size.
 * Screenshots: test-results/screenshots/exchange-auction-*.png.
 */
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const GRADE_B_ASSAYS = { moisture: 22, crudeFibre: 35, ash: 9 };

interface AuctionJson {
  id: string;
  phase: string;
  extended: boolean;
  currentEndAt: string;
  endsAt: string;
  bidCount: number;
  bids: { seq: number; amount: number | null }[];
  result: { closedAt: string; winner: { name: string | null } | null; price: number | null; contractId: string | null } | null;
}

/** A JSON request in the page's session (with its CSRF token). */
async function api<T>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const res = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
      return { status: res.status, json: (await res.json()) as T };
    },
    { method, url, body },
  );
}

async function toEnglish(page: Page): Promise<void> {
  await page.getByTestId('language-switch').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'English' }).click();
}

const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('exchange auctions and the price index in the browser', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: ['byproducts', 'exchange', 'exchange-auctions'] });
  }, 600_000);
  afterAll(async () => harness?.close());

  it('the demo auctions list, a closed auction with its winner and contract, the running one (desktop, phone, zh, en)', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await logIn(page, 'lvyuan');
    await page.goto(`${harness.baseUrl}/exchange/auctions`);
    const list = page.getByTestId('auction-list');
    await list.locator('tbody tr a').first().waitFor();
    expect(await list.locator('tbody tr a').count()).toBe(1);
    await harness.screenshot(page, 'exchange-auction-00-list-zh');
    await list.locator('tbody tr a').first().click();
    await page.getByTestId('auction-countdown').waitFor();
    expect(await page.getByTestId('auction-phase').innerText()).toBe('竞价中');
    expect(await page.getByTestId('bid-ladder').locator('tbody tr').count()).toBe(2);
    await expectNoRawKeys(page, 'exchangeAuction');
    await harness.screenshot(page, 'exchange-auction-01-running-zh');

    await page.goto(`${harness.baseUrl}/exchange/auctions`);
    await page.getByText('已结束', { exact: true }).click();
    await list.locator('tbody tr').nth(4).waitFor();
    await list.locator('tbody tr a').first().click();
    const result = page.getByTestId('auction-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/已成交/);
    await result.getByRole('link').waitFor();
    await harness.screenshot(page, 'exchange-auction-02-closed-zh');
    await page.setViewportSize(PHONE);
    await toEnglish(page);
    await result.getByText('Sold at').waitFor();
    await expectNoRawKeys(page, 'exchangeAuction');
    await harness.screenshot(page, 'exchange-auction-03-closed-phone-en');
    const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('an ascending auction with three bidders extends on a late bid and closes once, with a contract', { timeout: 300_000 }, async () => {
    // The manufacturer lists a lot from its stream (a small one-off lot of pressed fibrous residue) and auctions it.
    let page = await harness.freshPage();
    await logIn(page, 'huatuo');
    const streams = await api<{ items?: { id: string }[]; rows?: { id: string }[] }>(page, 'GET', '/api/v1/byproducts/streams?limit=200');
    const streamIds = (streams.json.items ?? streams.json.rows ?? []).map((s) => s.id);
    expect(streamIds.length).toBeGreaterThan(0);
    let listingId: string | null = null;
    for (const stream of streamIds) {
      const res = await api<{ id: string; grade: string | null }>(page, 'POST', '/api/v1/exchange/listings', {
        stream,
        class: 'cellulose-rich',
        quantityKind: 'one-off',
        tonnes: 0.5,
        windowStart: chinaToday(),
        windowEnd: plusDays(chinaToday(), 30),
        assays: GRADE_B_ASSAYS,
        reservePrice: 100,
        deliveryTerms: 'ex-works',
        visibility: 'public',
      });
      if (res.status === 201 && res.json.grade === 'B') {
        listingId = res.json.id;
        break;
      }
    }
    expect(listingId, 'a listing of one of the stream').not.toBeNull();
    const endsAt = new Date(Date.now() + 75_000).toISOString();
    const created = await api<AuctionJson>(page, 'POST', '/api/v1/exchange/auctions', { listingId, kind: 'ascending', reservePrice: 150, minIncrement: 10, endsAt, antiSnipingSeconds: 30 });
    expect(created.status).toBe(201);
    const id = created.json.id;
    const url = `${harness.baseUrl}/exchange/auction?id=${id}`;

    /** A bidder logs in, opens the auction and bids the suggested minimum through the form. */
    async function bidAs(username: string, viewport: { width: number; height: number }): Promise<Page> {
      const p = await harness.freshPage();
      await p.setViewportSize(viewport);
      await logIn(p, username);
      await p.goto(url);
      await p.getByTestId('bid-submit').waitFor();
      await p.getByTestId('bid-submit').click();
      await p.locator('.ant-modal-confirm .ant-btn-primary').click();
      await p.locator('.ant-message-success').waitFor();
      return p;
    }

    await bidAs('lvyuan', DESKTOP);
    page = await bidAs('zhaoneng', PHONE);
    // The third bidder waits for the anti-sniping window (the last 30 s) and outbids.
    const before = (await api<AuctionJson>(page, 'GET', `/api/v1/exchange/auctions/${id}`)).json;
    expect(before.bidCount).toBe(2);
    expect(before.extended).toBe(false);
    page = await harness.freshPage();
    await logIn(page, 'junxiang');
    await page.goto(url);
    await page.getByTestId('auction-countdown').waitFor();
    const wait = Date.parse(before.currentEndAt) - Date.now() - 20_000;
    if (wait > 0) await page.waitForTimeout(wait);
    await page.getByTestId('bid-submit').click();
    await page.locator('.ant-modal-confirm .ant-btn-primary').click();
    await page.locator('.ant-message-success').waitFor();
    await page.getByTestId('auction-extended').waitFor();
    await harness.screenshot(page, 'exchange-auction-04-extended-zh');
    const extended = (await api<AuctionJson>(page, 'GET', `/api/v1/exchange/auctions/${id}`)).json;
    expect(extended.extended).toBe(true);
    expect(Date.parse(extended.currentEndAt)).toBeGreaterThan(Date.parse(extended.endsAt));
    expect(extended.bids.map((b) => b.amount)).toEqual([170, 160, 150]);

    // Another bidder's bid below the increment is refused with the minimum named, and nothing is written.
    page = await harness.freshPage();
    await logIn(page, 'lvyuan');
    const low = await api<{ errors: { field: string; code: string; params: { minimum: number } }[] }>(page, 'POST', `/api/v1/exchange/auctions/${id}/bids`, { amount: 175 });
    expect(low.status).toBe(400);
    expect(low.json.errors[0]).toMatchObject({ field: 'amount', code: 'exchange.bidBelowIncrement', params: { minimum: 180 } });
    expect((await api<AuctionJson>(page, 'GET', `/api/v1/exchange/auctions/${id}`)).json.bidCount).toBe(3);

    // The seller waits out the extended end and closes it from the page; a second close changes nothing.
    page = await harness.freshPage();
    await logIn(page, 'huatuo');
    await page.goto(url);
    await page.getByTestId('auction-phase').waitFor();
    const left = Date.parse(extended.currentEndAt) - Date.now();
    if (left > 0) await page.waitForTimeout(left + 1500);
    await page.getByRole('button', { name: '立即结拍' }).click();
    const result = page.getByTestId('auction-result');
    await result.waitFor();
    expect(await result.innerText()).toContain('170');
    expect(await page.getByTestId('auction-phase').innerText()).toBe('已结拍');
    await harness.screenshot(page, 'exchange-auction-05-closed-seller-zh');
    const closed = (await api<AuctionJson>(page, 'GET', `/api/v1/exchange/auctions/${id}`)).json;
    expect(closed.result?.winner?.name).toBeTruthy();
    expect(closed.result?.contractId).toBeTruthy();
    const again = await api<AuctionJson>(page, 'POST', `/api/v1/exchange/auctions/${id}/close`);
    expect(again.status).toBe(200);
    expect(again.json.result).toEqual(closed.result);
    // A bid after the close is refused.
    page = await harness.freshPage();
    await logIn(page, 'lvyuan');
    const late = await api<{ errors: { code: string }[] }>(page, 'POST', `/api/v1/exchange/auctions/${id}/bids`, { amount: 500 });
    expect(late.status).toBe(409);
    expect(late.json.errors[0]!.code).toBe('exchange.auctionClosed');
    // The won auction became a contract between the seller and the winner at the auction price.
    await page.goto(url);
    await page.getByTestId('auction-result').getByRole('link').click();
    await page.waitForURL((u) => u.pathname === '/exchange/contract');
    expect(harness.pageErrors(page)).toEqual([]);
  });

  it('the public price index shows the demo series, the method and the CSV without a login (desktop, phone, zh, en)', { timeout: 180_000 }, async () => {
    const page = await harness.freshPage();
    await page.goto(`${harness.baseUrl}/public/exchange/index`);
    await page.getByTestId('index-chart').locator('svg').waitFor({ timeout: 60_000 });
    const index = (await (await page.request.get(`${harness.baseUrl}/api/v1/public/exchange/index`)).json()) as { trades: number; series: { kind: string; weeks: { index: number | null }[] }[] };
    expect(index.trades).toBeGreaterThan(0);
    const composite = index.series.find((s) => s.kind === 'composite')!;
    expect(composite.weeks.filter((w) => w.index !== null).length).toBeGreaterThanOrEqual(5);
    const method = await page.getByTestId('index-method').innerText();
    expect(method).toContain('3');
    expect(method).toContain('披露');
    const csv = await page.request.get(`${harness.baseUrl}${await page.getByTestId('index-csv').getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n')[0]).toContain('series');
    await expectNoRawKeys(page, 'exchangeAuction');
    await harness.screenshot(page, 'exchange-auction-06-index-zh');
    await page.locator('[data-testid=index-category]').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
    await page.getByTestId('index-cell-chart').locator('svg').waitFor({ timeout: 60_000 });
    await page.setViewportSize(PHONE);
    await toEnglish(page);
    await page.getByText('Method', { exact: true }).waitFor();
    await expectNoRawKeys(page, 'exchangeAuction');
    await harness.screenshot(page, 'exchange-auction-07-index-phone-en');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
