import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart';
import type { Demand, Listing } from './api';

/**
 * The market's sites on a plain coordinate canvas (longitude × latitude, WGS-84/CGCS2000 degrees)
 * with the names of the cities around them: no base map and no drawn outline of the country,
 * because a published map of China needs an approved standard map (审图号). Anonymised offers sit
 * at their rounded place.
 */
const CITIES: { zh: string; en: string; lon: number; lat: number }[] = [
  { zh: '亳州', en: 'Bozhou', lon: 115.78, lat: 33.87 },
  { zh: '涡阳', en: 'Guoyang', lon: 116.21, lat: 33.49 },
  { zh: '蒙城', en: 'Mengcheng', lon: 116.56, lat: 33.27 },
  { zh: '利辛', en: 'Lixin', lon: 116.21, lat: 33.14 },
  { zh: '商丘', en: 'Shangqiu', lon: 115.65, lat: 34.44 },
  { zh: '周口', en: 'Zhoukou', lon: 114.7, lat: 33.63 },
  { zh: '阜阳', en: 'Fuyang', lon: 115.81, lat: 32.89 },
  { zh: '淮北', en: 'Huaibei', lon: 116.8, lat: 33.96 },
];

export function MarketMap({ listings, demands }: { listings: readonly Listing[]; demands: readonly Demand[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const option = useMemo(() => {
    const points = [...listings.map((l) => l.place), ...demands.map((d) => d.place)];
    const lons = points.map((p) => p.lon);
    const lats = points.map((p) => p.lat);
    const pad = 0.25;
    const [x0, x1] = lons.length ? [Math.min(...lons) - pad, Math.max(...lons) + pad] : [115, 117];
    const [y0, y1] = lats.length ? [Math.min(...lats) - pad, Math.max(...lats) + pad] : [32.8, 34.5];
    const cities = CITIES.filter((c) => c.lon >= x0 && c.lon <= x1 && c.lat >= y0 && c.lat <= y1);
    return {
      grid: { left: 48, right: 16, top: 36, bottom: 40 },
      legend: { top: 0, data: [t('exchange.market.listings'), t('exchange.market.demands')] },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', min: x0.toFixed(2), max: x1.toFixed(2), name: t('exchange.map.lon'), nameLocation: 'middle', nameGap: 24, axisLabel: { formatter: '{value}°' }, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: { type: 'value', min: y0.toFixed(2), max: y1.toFixed(2), name: t('exchange.map.lat'), axisLabel: { formatter: '{value}°' }, splitLine: { lineStyle: { type: 'dashed' } } },
      series: [
        {
          name: t('exchange.map.cities'),
          type: 'scatter',
          symbol: 'circle',
          symbolSize: 4,
          itemStyle: { color: '#999' },
          label: { show: true, formatter: '{b}', position: 'right', color: '#666' },
          tooltip: { show: false },
          data: cities.map((c) => ({ name: en ? c.en : c.zh, value: [c.lon, c.lat] })),
        },
        {
          name: t('exchange.market.listings'),
          type: 'scatter',
          symbol: 'circle',
          symbolSize: (v: number[]) => Math.max(8, Math.min(28, Math.sqrt(v[2] ?? 1) * 2)),
          itemStyle: { color: '#389e0d', opacity: 0.75 },
          tooltip: { formatter: (p: { name: string }) => p.name },
          data: listings.map((l) => ({ name: `${l.title} · ${l.grade ?? '—'} · ${l.tonnes} t`, value: [l.place.lon, l.place.lat, l.tonnes] })),
        },
        {
          name: t('exchange.market.demands'),
          type: 'scatter',
          symbol: 'diamond',
          symbolSize: 14,
          itemStyle: { color: '#1677ff' },
          tooltip: { formatter: (p: { name: string }) => p.name },
          data: demands.map((d) => ({ name: `${d.title} · ${en ? d.organisation.nameEn : d.organisation.nameZh}`, value: [d.place.lon, d.place.lat] })),
        },
      ],
    };
  }, [listings, demands, t, en]);
  return <Chart option={option} height={360} notMerge ariaLabel={t('exchange.map.aria')} testId="market-map" />;
}
