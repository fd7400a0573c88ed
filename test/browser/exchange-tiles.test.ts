import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mercatorY, tilesFor } from '../../web/src/pages/exchange/tiles';
import { type BrowserHarness, logIn, startBrowserHarness } from './harness';

/**
 * Issue 12, the market map's base map: with HERBLOOP_MAP_TILE_URL set, the market page fetches
 * Web Mercator tiles from that server (a node:http server on 127.0.0.1 answering a PNG for every
 * tile) and shows the attribution; unset, the plain coordinate canvas fetches nothing. Only the
 * by-product demo is loaded, so the market is empty and the map shows its default extent.
 * Screenshot: test-results/screenshots/exchange-tiles.png.
 */

// A valid 1×1 PNG: the browser stretches it over the tile's square.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const ATTRIBUTION = '测试底图 GS(2026)0000号';

let tileServer: http.Server;
let tileOrigin: string;
const tileRequests: string[] = [];

beforeAll(async () => {
  tileServer = http.createServer((request, response) => {
    tileRequests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
    response.end(PNG);
  });
  await new Promise<void>((resolve) => tileServer.listen(0, '127.0.0.1', resolve));
  tileOrigin = `http://127.0.0.1:${(tileServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => tileServer.close((error) => (error ? reject(error) : resolve())));
});

/** Logs in as the manufacturer, opens the market and waits for its map; returns every URL the page requested. */
async function openMarketMap(harness: BrowserHarness): Promise<{ page: Page; requested: string[] }> {
  const page = await harness.freshPage();
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await logIn(page, 'huatuo');
  await page.getByTestId('side-menu').getByText('交易市场').click();
  await page.waitForURL(/\/exchange\/market/);
  await page.getByTestId('market-map').locator('svg').waitFor();
  return { page, requested };
}

describe('the market map with a tile server configured', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness({
      demo: ['byproducts'],
      config: { mapTiles: { urlTemplate: `${tileOrigin}/tiles/{z}/{x}/{y}.png?tk=test-key`, attribution: ATTRIBUTION, subdomains: [] } },
    });
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('lets the browser load images from the tile server, requests the tiles of the map’s extent from it and shows the attribution', { timeout: 180_000 }, async () => {
    const csp = (await fetch(`${harness.baseUrl}/login`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(new RegExp(`img-src [^;]*${tileOrigin.replace(/[.]/g, '\\.')}`));

    tileRequests.length = 0;
    const { page, requested } = await openMarketMap(harness);
    await expect.poll(() => page.getByTestId('market-map').locator('image').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('map-attribution').innerText()).resolves.toBe(`底图：${ATTRIBUTION}`);

    // Every tile drawn was fetched from the tile server with the key, all at one zoom, as one
    // contiguous block that holds 亳州 (inside the empty market's default extent).
    const map = page.getByTestId('market-map');
    // The tests' TypeScript has no DOM types: the SVG images' attributes are read one by one.
    const images: { href: string; width: number; height: number }[] = [];
    for (const image of await map.locator('image').all()) {
      const href = (await image.getAttribute('href')) ?? (await image.getAttribute('xlink:href')) ?? '';
      images.push({ href, width: Number(await image.getAttribute('width')), height: Number(await image.getAttribute('height')) });
    }
    const drawn = [...new Set(images.map((i) => i.href.slice(tileOrigin.length)))].sort();
    await expect.poll(() => [...new Set(tileRequests)].sort(), { timeout: 30_000 }).toEqual(drawn);
    const keys = drawn.map((u) => /^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png\?tk=test-key$/.exec(u)).map((m) => ({ z: Number(m?.[1]), x: Number(m?.[2]), y: Number(m?.[3]) }));
    expect(keys.every((k) => Number.isInteger(k.z) && k.z === keys[0]?.z)).toBe(true);
    const z = keys[0]?.z ?? 0;
    const xs = new Set(keys.map((k) => k.x));
    const ys = new Set(keys.map((k) => k.y));
    expect(keys.length).toBe(xs.size * ys.size);
    expect(Math.max(...xs) - Math.min(...xs) + 1).toBe(xs.size);
    expect(Math.max(...ys) - Math.min(...ys) + 1).toBe(ys.size);
    const [bozhou] = tilesFor({ x0: 115.78, x1: 115.78, y0: mercatorY(33.87), y1: mercatorY(33.87) }, z, { urlTemplate: '', subdomains: [] });
    expect(keys).toContainEqual({ z, x: bozhou?.x, y: bozhou?.y });
    // Squares on screen: the map is not stretched.
    for (const image of images) expect(image.width).toBeCloseTo(image.height, 0);

    // Nothing left 127.0.0.1.
    expect(requested.filter((url) => !url.startsWith(harness.baseUrl) && !url.startsWith(tileOrigin) && !url.startsWith('data:'))).toEqual([]);
    expect(harness.pageErrors(page)).toEqual([]);
    await harness.screenshot(page, 'exchange-tiles');

    // English: the attribution stays the provider's own text, the label around it is translated.
    await page.evaluate("localStorage.setItem('herbloop.language', 'en')");
    await page.reload();
    await page.getByTestId('map-attribution').getByText(`Base map: ${ATTRIBUTION}`).waitFor();
  });
});

describe('the market map without a tile server', () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowserHarness({ demo: ['byproducts'] });
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('draws the plain canvas, requests no tile and allows no outside image host', { timeout: 180_000 }, async () => {
    const csp = (await fetch(`${harness.baseUrl}/login`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/img-src 'self' data: blob:(;|$)/);

    tileRequests.length = 0;
    const { page, requested } = await openMarketMap(harness);
    await page.getByTestId('market-map').getByText('亳州').waitFor();
    // The settings have been asked for and answered "none" before the checks below.
    await expect.poll(() => requested.some((url) => url.endsWith('/api/v1/exchange/map-settings')), { timeout: 30_000 }).toBe(true);
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('market-map').locator('image').count()).toBe(0);
    expect(await page.getByTestId('map-attribution').count()).toBe(0);
    expect(tileRequests).toEqual([]);
    expect(requested.filter((url) => !url.startsWith(harness.baseUrl) && !url.startsWith('data:'))).toEqual([]);
    expect(harness.pageErrors(page)).toEqual([]);
  });
});
