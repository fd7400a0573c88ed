/**
 * The plain coordinate canvas that the exchange's market map and the park symbiosis network share:
 * sites on longitude × latitude value axes (WGS-84/CGCS2000 degrees) with the names of the cities
 * around them, and no base map or drawn outline of the country, because a published map of China
 * needs an approved standard map (审图号).
 */

export interface Extent {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Cities around the demo region, shown as grey labels (the market map places them on its own axes). */
export const CANVAS_CITIES: readonly { zh: string; en: string; lon: number; lat: number }[] = [
  { zh: '亳州', en: 'Bozhou', lon: 115.78, lat: 33.87 },
  { zh: '涡阳', en: 'Guoyang', lon: 116.21, lat: 33.49 },
  { zh: '蒙城', en: 'Mengcheng', lon: 116.56, lat: 33.27 },
  { zh: '利辛', en: 'Lixin', lon: 116.21, lat: 33.14 },
  { zh: '商丘', en: 'Shangqiu', lon: 115.65, lat: 34.44 },
  { zh: '周口', en: 'Zhoukou', lon: 114.7, lat: 33.63 },
  { zh: '阜阳', en: 'Fuyang', lon: 115.81, lat: 32.89 },
  { zh: '淮北', en: 'Huaibei', lon: 116.8, lat: 33.96 },
];

/** The points' bounding box padded by `pad` degrees; the demo region when there are no points. */
export function coordinateExtent(points: readonly { lon: number; lat: number }[], pad: number): Extent {
  if (points.length === 0) return { x0: 115, x1: 117, y0: 32.8, y1: 34.5 };
  const lons = points.map((p) => p.lon);
  const lats = points.map((p) => p.lat);
  return { x0: Math.min(...lons) - pad, x1: Math.max(...lons) + pad, y0: Math.min(...lats) - pad, y1: Math.max(...lats) + pad };
}

/** The value axes of the canvas over an extent, named in the reader's language. */
export function coordinateAxes(e: Extent, names: { lon: string; lat: string }) {
  const axis = { type: 'value' as const, axisLabel: { formatter: '{value}°' }, splitLine: { lineStyle: { type: 'dashed' as const } } };
  return {
    xAxis: { ...axis, min: e.x0.toFixed(2), max: e.x1.toFixed(2), name: names.lon, nameLocation: 'middle' as const, nameGap: 24 },
    yAxis: { ...axis, min: e.y0.toFixed(2), max: e.y1.toFixed(2), name: names.lat },
  };
}

/** A scatter series of the cities inside the extent, labelled in the reader's language. */
export function citySeries(e: Extent, en: boolean, name?: string) {
  const inside = CANVAS_CITIES.filter((c) => c.lon >= e.x0 && c.lon <= e.x1 && c.lat >= e.y0 && c.lat <= e.y1);
  return {
    ...(name ? { name } : {}),
    type: 'scatter' as const,
    symbol: 'circle',
    symbolSize: 4,
    itemStyle: { color: '#999' },
    label: { show: true, formatter: '{b}', position: 'right' as const, color: '#666' },
    tooltip: { show: false },
    data: inside.map((c) => ({ name: en ? c.en : c.zh, value: [c.lon, c.lat] })),
  };
}
