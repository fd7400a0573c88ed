import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp } from '../../../test/helpers/app';

const url = '/api/v1/exchange/map-settings';
const mapTiles = { urlTemplate: 'https://{s}.tiles.example/{z}/{x}/{y}.png?tk=KEY', subdomains: ['t0', 't1'], attribution: '示例底图 GS(2026)0000号' };

/** The img-src directive of the answer's Content-Security-Policy. */
function imgSrc(headers: Record<string, unknown>): string {
  return /img-src ([^;]*)/.exec(String(headers['content-security-policy']))?.[1] ?? '';
}

describe.each(backends)('exchange map settings API (%s)', (kind) => {
  let tiled: TestApp;
  let plain: TestApp;
  beforeAll(async () => {
    [tiled, plain] = await Promise.all([createTestApp({ kind, config: { mapTiles } }), createTestApp({ kind })]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([tiled?.close(), plain?.close()]);
  });

  it('tells a signed-in user the configured tile server and attribution, and lets browsers load images from it only', async () => {
    const res = await (await tiled.login('huatuo')).get(url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ tiles: mapTiles });
    expect(imgSrc(res.headers)).toBe("'self' data: blob: https://t0.tiles.example https://t1.tiles.example");
  });

  it('answers no tiles and allows no outside image host when none is configured', async () => {
    const res = await (await plain.login('huatuo')).get(url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ tiles: null });
    expect(imgSrc(res.headers)).toBe("'self' data: blob:");
  });

  it('keeps the provider key from anonymous callers', async () => {
    const res = await tiled.anonymous().get(url);
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('KEY');
  });
});
