/**
 * Pure Web Mercator (EPSG:3857) tile math of the market map. Sites are stored in CGCS2000 /
 * WGS-84 degrees; the two frames differ by centimetres, far below a tile's pixel at the zooms
 * used here, so the tiles of a WGS-84 Web Mercator service (天地图 `_w` layers, OSM) line up.
 *
 * The chart keeps longitude on its x axis (Mercator x is linear in longitude) and puts the
 * Mercator ordinate, expressed in "degrees" (y·180/π), on its y axis: then points and tiles
 * share one linear frame and ECharts places both.
 */

/** Web Mercator stops at ±85.0511°, where the square world map ends. */
export const MAX_LATITUDE = 85.05112878;

/** Latitude → Mercator ordinate in degrees (equal to the latitude at the equator). */
export function mercatorY(lat: number): number {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const phi = (clamped * Math.PI) / 180;
  return (Math.log(Math.tan(Math.PI / 4 + phi / 2)) * 180) / Math.PI;
}

/** The inverse of mercatorY: for the y axis' labels. */
export function latitudeOf(mercY: number): number {
  return (Math.atan(Math.sinh((mercY * Math.PI) / 180)) * 180) / Math.PI;
}

/** Extent in chart units: longitude and Mercator ordinate, both in degrees. */
export interface Extent {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface Tile {
  z: number;
  x: number;
  y: number;
  /** The tile's square in chart units (west, south, east, north). */
  west: number;
  south: number;
  east: number;
  north: number;
  url: string;
}

export interface TileSource {
  urlTemplate: string;
  subdomains: readonly string[];
}

const MIN_ZOOM = 1;
const MAX_ZOOM = 18;

/**
 * The zoom at which about `across` tiles span the extent's width (a chart a few hundred pixels
 * wide then shows tiles near their native 256 px), clamped to what tile servers offer.
 */
export function zoomFor(extent: Extent, across = 3): number {
  const width = Math.max(extent.x1 - extent.x0, extent.y1 - extent.y0, 1e-6);
  const z = Math.floor(Math.log2((across * 360) / width));
  return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
}

/** Fills a URL template; `{s}` rotates over the subdomains so the browser spreads its requests. */
export function tileUrl(source: TileSource, z: number, x: number, y: number): string {
  const s = source.subdomains.length > 0 ? source.subdomains[(x + y) % source.subdomains.length] : '';
  return source.urlTemplate.replaceAll('{z}', String(z)).replaceAll('{x}', String(x)).replaceAll('{y}', String(y)).replaceAll('{s}', s ?? '');
}

/** Every tile at zoom z that touches the extent (XYZ numbering: x east from 180°W, y south from the top). */
export function tilesFor(extent: Extent, z: number, source: TileSource): Tile[] {
  const n = 2 ** z;
  const size = 360 / n; // a tile's side in chart units, the same on both axes
  const col = (x: number) => Math.floor((x + 180) / size);
  const row = (y: number) => Math.floor((180 - y) / size);
  const clamp = (i: number) => Math.max(0, Math.min(n - 1, i));
  const tiles: Tile[] = [];
  for (let y = clamp(row(extent.y1)); y <= clamp(row(extent.y0)); y++) {
    for (let x = clamp(col(extent.x0)); x <= clamp(col(extent.x1)); x++) {
      const west = -180 + x * size;
      const north = 180 - y * size;
      tiles.push({ z, x, y, west, east: west + size, north, south: north - size, url: tileUrl(source, z, x, y) });
    }
  }
  return tiles;
}

/**
 * Widens the extent along one axis, about its centre, so one chart unit takes as many pixels
 * across as up: tiles are squares in chart units and must stay squares on screen.
 */
export function fitToAspect(extent: Extent, widthPx: number, heightPx: number): Extent {
  if (widthPx <= 0 || heightPx <= 0) return extent;
  const w = extent.x1 - extent.x0;
  const h = extent.y1 - extent.y0;
  if (w / widthPx >= h / heightPx) {
    const grow = (w * heightPx) / widthPx - h;
    return { ...extent, y0: extent.y0 - grow / 2, y1: extent.y1 + grow / 2 };
  }
  const grow = (h * widthPx) / heightPx - w;
  return { ...extent, x0: extent.x0 - grow / 2, x1: extent.x1 + grow / 2 };
}
