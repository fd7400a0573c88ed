import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CANVAS_CITIES } from '../../charts/coordinateCanvas';
import { tileSeries, useWidth } from '../../charts/tileLayer';
import { Chart } from '../../components/Chart';
import { type Demand, exApi, type Listing, type MapSettings } from './api';
import { fitToAspect, latitudeOf, mercatorY, tilesFor, zoomFor } from './tiles';

/**
 * The market's sites on a coordinate canvas (longitude × latitude, WGS-84/CGCS2000 degrees) with
 * the names of the cities around them. Without a configured tile server (HERBLOOP_MAP_TILE_URL,
 * e.g. 天地图) there is no base map and no drawn outline of the country, because a published map
 * of China needs an approved standard map (审图号); with one, its Web Mercator tiles lie under the
 * points and its attribution (with the provider's 审图号) shows below. Anonymised offers sit at
 * their rounded place.
 */

type TileSettings = NonNullable<MapSettings['tiles']>;

const HEIGHT = 360;
const GRID = { left: 48, right: 16, top: 36, bottom: 40 };

export function MarketMap({ listings, demands }: { listings: readonly Listing[]; demands: readonly Demand[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  // The server's configuration does not change while the page is open.
  const settings = useQuery({ queryKey: ['exchange', 'map-settings'], queryFn: () => exApi.mapSettings(), staleTime: Infinity });
  const tileSettings: TileSettings | null = settings.data?.tiles ?? null;
  const { box, width } = useWidth();
  // Only the tiled map depends on the width (its units must be square on screen).
  const tiledWidth = tileSettings ? width : 0;
  const option = useMemo(() => {
    const points = [...listings.map((l) => l.place), ...demands.map((d) => d.place)];
    const lons = points.map((p) => p.lon);
    const lats = points.map((p) => p.lat);
    const pad = 0.25;
    const [x0, x1] = lons.length ? [Math.min(...lons) - pad, Math.max(...lons) + pad] : [115, 117];
    const [y0, y1] = lats.length ? [Math.min(...lats) - pad, Math.max(...lats) + pad] : [32.8, 34.5];
    const cities = CANVAS_CITIES.filter((c) => c.lon >= x0 && c.lon <= x1 && c.lat >= y0 && c.lat <= y1);
    // With tiles the y axis is the Mercator ordinate (labelled in latitude) so points and tiles
    // agree; without them it stays plain latitude, the canvas as it always was.
    // The tiled extent is also widened to the grid's shape, so the tiles are not stretched.
    const y = tileSettings ? mercatorY : (lat: number) => lat;
    const plain = { x0, x1, y0: y(y0), y1: y(y1) };
    const extent = tileSettings ? fitToAspect(plain, tiledWidth - GRID.left - GRID.right, HEIGHT - GRID.top - GRID.bottom) : plain;
    const tiles = tileSettings && tiledWidth > 0 ? tilesFor(extent, zoomFor(extent), tileSettings) : [];
    const axisBounds = tileSettings
      ? { x: { min: extent.x0, max: extent.x1 }, y: { min: extent.y0, max: extent.y1 } }
      : { x: { min: x0.toFixed(2), max: x1.toFixed(2) }, y: { min: y0.toFixed(2), max: y1.toFixed(2) } };
    const xAxisLabel = tileSettings ? { formatter: (v: number) => `${v.toFixed(2)}°` } : { formatter: '{value}°' };
    const yAxisLabel = tileSettings ? { formatter: (v: number) => `${latitudeOf(v).toFixed(2)}°` } : { formatter: '{value}°' };
    return {
      grid: GRID,
      legend: { top: 0, data: [t('exchange.market.listings'), t('exchange.market.demands')] },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', ...axisBounds.x, name: t('exchange.map.lon'), nameLocation: 'middle', nameGap: 24, axisLabel: xAxisLabel, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: { type: 'value', ...axisBounds.y, name: t('exchange.map.lat'), axisLabel: yAxisLabel, splitLine: { lineStyle: { type: 'dashed' } } },
      series: [
        ...(tiles.length > 0 ? [tileSeries(tiles)] : []),
        {
          name: t('exchange.map.cities'),
          type: 'scatter',
          symbol: 'circle',
          symbolSize: 4,
          itemStyle: { color: '#999' },
          label: { show: true, formatter: '{b}', position: 'right', color: '#666' },
          tooltip: { show: false },
          data: cities.map((c) => ({ name: en ? c.en : c.zh, value: [c.lon, y(c.lat)] })),
        },
        {
          name: t('exchange.market.listings'),
          type: 'scatter',
          symbol: 'circle',
          symbolSize: (v: number[]) => Math.max(8, Math.min(28, Math.sqrt(v[2] ?? 1) * 2)),
          itemStyle: { color: '#389e0d', opacity: 0.75 },
          tooltip: { formatter: (p: { name: string }) => p.name },
          data: listings.map((l) => ({ name: `${l.title} · ${l.grade ?? '—'} · ${l.tonnes} t`, value: [l.place.lon, y(l.place.lat), l.tonnes] })),
        },
        {
          name: t('exchange.market.demands'),
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 14,
          itemStyle: { color: '#1677ff' },
          tooltip: { formatter: (p: { name: string }) => p.name },
          data: demands.map((d) => ({ name: `${d.title} · ${en ? d.organisation.nameEn : d.organisation.nameZh}`, value: [d.place.lon, y(d.place.lat)] })),
        },
      ],
    };
  }, [listings, demands, t, en, tileSettings, tiledWidth]);
  return (
    <div ref={box}>
      <Chart option={option} height={HEIGHT} notMerge ariaLabel={t('exchange.map.aria')} testId="market-map" />
      {tileSettings && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="map-attribution">
          {t('exchange.map.baseMap', { attribution: tileSettings.attribution })}
        </Typography.Text>
      )}
    </div>
  );
}
