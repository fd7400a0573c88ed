import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CANVAS_CITIES } from '../../charts/coordinateCanvas';
import { tileSeries, useWidth } from '../../charts/tileLayer';
import { Chart } from '../../components/Chart';
import { exApi } from '../exchange/api';
import { fitToAspect, latitudeOf, mercatorY, tilesFor, zoomFor } from '../exchange/tiles';
import type { Sensors } from './sensorsApi';

/**
 * A load's route on the site coordinates, under the exchange market map's rules: the Web
 * Mercator tiles of a configured tile server (HERBLOOP_MAP_TILE_*) under it, else the plain
 * coordinate canvas with the city names and no drawn outline of the country (a published map
 * of China needs an approved standard map, 审图号). Deviations and long stops are marked.
 */
const HEIGHT = 340;
const GRID = { left: 52, right: 16, top: 40, bottom: 40 };

export function RouteMap({ sensors }: { sensors: Sensors }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const settings = useQuery({ queryKey: ['exchange', 'map-settings'], queryFn: () => exApi.mapSettings(), staleTime: Infinity });
  const tileSettings = settings.data?.tiles ?? null;
  const { box, width } = useWidth();
  const tiledWidth = tileSettings ? width : 0;
  const option = useMemo(() => {
    const sites = [sensors.origin, sensors.destination].filter((s) => s !== null);
    const points = [...sensors.track, ...sites];
    const lons = points.map((p) => p.lon);
    const lats = points.map((p) => p.lat);
    const spanLon = lons.length ? Math.max(...lons) - Math.min(...lons) : 0;
    const spanLat = lats.length ? Math.max(...lats) - Math.min(...lats) : 0;
    const pad = Math.max(0.01, Math.max(spanLon, spanLat) * 0.15);
    const [x0, x1] = lons.length ? [Math.min(...lons) - pad, Math.max(...lons) + pad] : [115, 117];
    const [y0, y1] = lats.length ? [Math.min(...lats) - pad, Math.max(...lats) + pad] : [32.8, 34.5];
    const cities = CANVAS_CITIES.filter((c) => c.lon >= x0 && c.lon <= x1 && c.lat >= y0 && c.lat <= y1);
    const y = tileSettings ? mercatorY : (lat: number) => lat;
    const plain = { x0, x1, y0: y(y0), y1: y(y1) };
    const extent = tileSettings ? fitToAspect(plain, tiledWidth - GRID.left - GRID.right, HEIGHT - GRID.top - GRID.bottom) : plain;
    const tiles = tileSettings && tiledWidth > 0 ? tilesFor(extent, zoomFor(extent), tileSettings) : [];
    const digits = spanLon + spanLat < 0.2 ? 3 : 2;
    const axisBounds = tileSettings
      ? { x: { min: extent.x0, max: extent.x1 }, y: { min: extent.y0, max: extent.y1 } }
      : { x: { min: Number(x0.toFixed(digits)), max: Number(x1.toFixed(digits)) }, y: { min: Number(y0.toFixed(digits)), max: Number(y1.toFixed(digits)) } };
    const time = (iso: string) => dayjs(iso).format('MM-DD HH:mm');
    const inDeviation = (at: string) => sensors.deviations.some((d) => at >= d.from && at <= d.to);
    return {
      grid: GRID,
      legend: { top: 0, type: 'scroll', data: [t('manifestSensors.map.track'), t('manifestSensors.map.deviation'), t('manifestSensors.map.stop'), t('manifestSensors.map.sites')] },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', ...axisBounds.x, name: t('manifestSensors.map.lon'), nameLocation: 'middle', nameGap: 24, axisLabel: { hideOverlap: true, formatter: (v: number) => `${v.toFixed(digits)}°` }, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: { type: 'value', ...axisBounds.y, name: t('manifestSensors.map.lat'), axisLabel: { hideOverlap: true, formatter: (v: number) => `${(tileSettings ? latitudeOf(v) : v).toFixed(digits)}°` }, splitLine: { lineStyle: { type: 'dashed' } } },
      series: [
        ...(tiles.length > 0 ? [tileSeries(tiles)] : []),
        {
          name: t('manifestSensors.map.cities'),
          type: 'scatter',
          symbolSize: 4,
          itemStyle: { color: '#999' },
          label: { show: true, formatter: '{b}', position: 'right', color: '#666' },
          tooltip: { show: false },
          data: cities.map((c) => ({ name: en ? c.en : c.zh, value: [c.lon, y(c.lat)] })),
        },
        {
          name: t('manifestSensors.map.track'),
          type: 'line',
          showSymbol: false,
          z: 3,
          lineStyle: { color: '#1677ff', width: 2 },
          itemStyle: { color: '#1677ff' },
          tooltip: { show: false },
          data: sensors.track.map((p) => [p.lon, y(p.lat)]),
        },
        {
          name: t('manifestSensors.map.deviation'),
          type: 'scatter',
          z: 4,
          symbolSize: 7,
          itemStyle: { color: '#cf1322' },
          tooltip: { formatter: (p: { name: string }) => p.name },
          data: sensors.track.filter((p) => inDeviation(p.at)).map((p) => ({ name: t('manifestSensors.map.deviationAt', { at: time(p.at) }), value: [p.lon, y(p.lat)] })),
        },
        {
          name: t('manifestSensors.map.stop'),
          type: 'scatter',
          z: 5,
          symbol: 'pin',
          symbolSize: 26,
          itemStyle: { color: '#d48806' },
          tooltip: { formatter: (p: { name: string }) => p.name },
          data: sensors.stops.map((s) => ({ name: t('manifestSensors.map.stopAt', { from: time(s.from), minutes: s.minutes }), value: [s.lon, y(s.lat)] })),
        },
        {
          name: t('manifestSensors.map.sites'),
          type: 'scatter',
          z: 6,
          symbol: 'diamond',
          symbolSize: 14,
          itemStyle: { color: '#389e0d' },
          label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => (p.dataIndex === 0 && sensors.origin ? t('manifestSensors.map.origin') : t('manifestSensors.map.destination')) },
          tooltip: { formatter: (p: { name: string }) => p.name },
          data: sites.map((s) => ({ name: s.name, value: [s.lon, y(s.lat)] })),
        },
      ],
    };
  }, [sensors, t, en, tileSettings, tiledWidth]);
  return (
    <div ref={box}>
      <Chart option={option} height={HEIGHT} notMerge ariaLabel={t('manifestSensors.map.aria')} testId="route-map" />
      {tileSettings && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="route-map-attribution">
          {t('exchange.map.baseMap', { attribution: tileSettings.attribution })}
        </Typography.Text>
      )}
    </div>
  );
}
