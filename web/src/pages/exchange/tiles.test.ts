import { describe, expect, it } from 'vitest';
import { fitToAspect, latitudeOf, mercatorY, tilesFor, tileUrl, zoomFor } from './tiles';

// The slippy-map formula as OpenStreetMap's wiki gives it, written independently of tiles.ts.
function osmTile(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n),
  };
}

const source = { urlTemplate: 'https://{s}.tiles.example/{z}/{x}/{y}.png?tk=KEY', subdomains: ['t0', 't1', 't2'] };

describe('market map tile math', () => {
  it('Mercator ordinate is 0 at the equator, grows faster than latitude, and inverts', () => {
    expect(mercatorY(0)).toBeCloseTo(0, 12);
    expect(mercatorY(33.87)).toBeGreaterThan(33.87);
    expect(mercatorY(85.05112878)).toBeCloseTo(180, 5);
    for (const lat of [-60, -10.5, 0.1, 23.4, 33.87, 53.5]) expect(latitudeOf(mercatorY(lat))).toBeCloseTo(lat, 9);
  });

  it('the tile holding a site is the one the OSM formula names, and its square holds the site', () => {
    const sites = [
      { lon: 115.78, lat: 33.87 }, // 亳州
      { lon: 116.39, lat: 39.9 }, // 北京
      { lon: 87.62, lat: 43.83 }, // 乌鲁木齐
    ];
    for (const z of [5, 10, 14]) {
      for (const p of sites) {
        const y = mercatorY(p.lat);
        const [tile] = tilesFor({ x0: p.lon, x1: p.lon, y0: y, y1: y }, z, source);
        expect(tile).toBeDefined();
        expect({ x: tile?.x, y: tile?.y }).toEqual(osmTile(p.lon, p.lat, z));
        expect(p.lon).toBeGreaterThanOrEqual(tile?.west ?? NaN);
        expect(p.lon).toBeLessThan(tile?.east ?? NaN);
        expect(y).toBeGreaterThan(tile?.south ?? NaN);
        expect(y).toBeLessThanOrEqual(tile?.north ?? NaN);
      }
    }
  });

  it('covers the extent with a contiguous block of squares that meet edge to edge', () => {
    const extent = { x0: 114.5, x1: 117, y0: mercatorY(32.6), y1: mercatorY(34.7) };
    const z = zoomFor(extent);
    const tiles = tilesFor(extent, z, source);
    const xs = [...new Set(tiles.map((t) => t.x))];
    const ys = [...new Set(tiles.map((t) => t.y))];
    expect(tiles).toHaveLength(xs.length * ys.length);
    expect(Math.min(...tiles.map((t) => t.west))).toBeLessThanOrEqual(extent.x0);
    expect(Math.max(...tiles.map((t) => t.east))).toBeGreaterThanOrEqual(extent.x1);
    expect(Math.min(...tiles.map((t) => t.south))).toBeLessThanOrEqual(extent.y0);
    expect(Math.max(...tiles.map((t) => t.north))).toBeGreaterThanOrEqual(extent.y1);
    for (const t of tiles) expect(t.east - t.west).toBeCloseTo(t.north - t.south, 9);
  });

  it('chooses a zoom that puts a few tiles across the extent, within the servers’ range', () => {
    // 2.5° wide around 亳州: 360 / 2^z ≈ 2.5 / 3 → z = 8 (1.41° tiles, 2 to 3 across).
    expect(zoomFor({ x0: 114.5, x1: 117, y0: 40, y1: 42 })).toBe(8);
    expect(zoomFor({ x0: 73, x1: 135, y0: 20, y1: 60 })).toBe(4);
    expect(zoomFor({ x0: 116, x1: 116, y0: 40, y1: 40 })).toBe(18);
    expect(zoomFor({ x0: -180, x1: 180, y0: -180, y1: 180 })).toBe(1);
  });

  it('fills the template and spreads tiles over the subdomains', () => {
    expect(tileUrl(source, 9, 420, 203)).toBe('https://t2.tiles.example/9/420/203.png?tk=KEY');
    expect(tileUrl(source, 9, 421, 203)).toBe('https://t0.tiles.example/9/421/203.png?tk=KEY');
    expect(tileUrl({ urlTemplate: 'http://127.0.0.1:9/{z}-{x}-{y}', subdomains: [] }, 3, 6, 3)).toBe('http://127.0.0.1:9/3-6-3');
  });

  it('widens the extent so a chart unit is as many pixels across as up, keeping its centre and all of it', () => {
    const wide = fitToAspect({ x0: 115, x1: 117, y0: 40, y1: 42 }, 1000, 250);
    expect(wide.x1 - wide.x0).toBeCloseTo(8, 12);
    expect(wide.y0).toBe(40);
    expect((wide.x0 + wide.x1) / 2).toBeCloseTo(116, 12);
    const tall = fitToAspect({ x0: 115, x1: 117, y0: 40, y1: 42 }, 200, 400);
    expect(tall.y1 - tall.y0).toBeCloseTo(4, 12);
    expect(tall.x0).toBe(115);
    expect((tall.y0 + tall.y1) / 2).toBeCloseTo(41, 12);
    expect(fitToAspect({ x0: 1, x1: 2, y0: 3, y1: 4 }, 0, 100)).toEqual({ x0: 1, x1: 2, y0: 3, y1: 4 });
  });
});
