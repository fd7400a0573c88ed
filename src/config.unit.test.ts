import { describe, expect, it } from 'vitest';
import { loadConfig, mapTileOrigins, mapTilesFromEnv } from './config';

describe('map tile settings from the environment', () => {
  it('are absent unless HERBLOOP_MAP_TILE_URL is set: the plain canvas, no outside image host', () => {
    expect(loadConfig({}).mapTiles).toBeUndefined();
    expect(mapTileOrigins(undefined)).toEqual([]);
  });

  it('read a 天地图-style template with subdomains, key and attribution, and allow each subdomain’s origin', () => {
    const tiles = mapTilesFromEnv({
      HERBLOOP_MAP_TILE_URL: 'https://{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIXSET=w&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY',
      HERBLOOP_MAP_TILE_SUBDOMAINS: 't0, t1,t2',
      HERBLOOP_MAP_TILE_ATTRIBUTION: '天地图 GS(2026)0000号',
    });
    expect(tiles?.subdomains).toEqual(['t0', 't1', 't2']);
    expect(tiles?.attribution).toBe('天地图 GS(2026)0000号');
    expect(mapTileOrigins(tiles)).toEqual(['https://t0.tianditu.gov.cn', 'https://t1.tianditu.gov.cn', 'https://t2.tianditu.gov.cn']);
    expect(mapTileOrigins(mapTilesFromEnv({ HERBLOOP_MAP_TILE_URL: 'http://127.0.0.1:8090/{z}/{x}/{y}.png', HERBLOOP_MAP_TILE_ATTRIBUTION: 'x' }))).toEqual(['http://127.0.0.1:8090']);
  });

  it('refuse a template that cannot work, naming the variable', () => {
    const attribution = { HERBLOOP_MAP_TILE_ATTRIBUTION: 'x' };
    expect(() => mapTilesFromEnv({ HERBLOOP_MAP_TILE_URL: 'https://a.example/{z}/{x}.png', ...attribution })).toThrow(/HERBLOOP_MAP_TILE_URL must contain \{y\}/);
    expect(() => mapTilesFromEnv({ HERBLOOP_MAP_TILE_URL: 'https://{s}.a.example/{z}/{x}/{y}', ...attribution })).toThrow(/HERBLOOP_MAP_TILE_SUBDOMAINS/);
    expect(() => mapTilesFromEnv({ HERBLOOP_MAP_TILE_URL: 'ftp://a.example/{z}/{x}/{y}', ...attribution })).toThrow(/http\(s\)/);
    expect(() => mapTilesFromEnv({ HERBLOOP_MAP_TILE_URL: 'https://a.example/{z}/{x}/{y}' })).toThrow(/HERBLOOP_MAP_TILE_ATTRIBUTION/);
  });
});
