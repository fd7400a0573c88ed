import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Site } from '../../api/types';
import { Chart } from '../../components/Chart';

interface Located {
  name: string;
  latitude: number;
  longitude: number;
}

/**
 * Axis bounds around the points with a margin; a lone site or sites a few hundred metres apart
 * would otherwise be drawn on an axis spanning tens of degrees.
 */
function bounds(values: number[]): { min: number; max: number; decimals: number } {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = Math.max((high - low) * 0.15, 0.01);
  const span = high - low + 2 * pad;
  return { min: low - pad, max: high + pad, decimals: span < 0.5 ? 3 : span < 5 ? 2 : 1 };
}

/**
 * Where the sites are, as plain longitude/latitude points: a map would need tiles from the
 * network, which deployments inside a park's intranet cannot count on.
 */
export function SitesScatter({ sites }: { sites: Site[] }) {
  const { t } = useTranslation();
  const located = sites.filter((s): s is Site & Located => s.latitude !== undefined && s.longitude !== undefined);
  if (located.length === 0) return <Empty description={t('site.noCoordinates')} />;
  const x = bounds(located.map((s) => s.longitude));
  const y = bounds(located.map((s) => s.latitude));
  const axis = (name: string, b: typeof x) => ({
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: 28,
    min: b.min,
    max: b.max,
    splitNumber: 4,
    axisLabel: { formatter: (v: number) => v.toFixed(b.decimals) },
  });
  const option = {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: [number, number] }) => `${p.name}<br/>${p.value[1].toFixed(4)}, ${p.value[0].toFixed(4)}` },
    grid: { left: 56, right: 24, top: 16, bottom: 40 },
    xAxis: axis(t('site.longitude'), x),
    yAxis: { ...axis(t('site.latitude'), y), nameGap: 44 },
    series: [
      {
        type: 'scatter',
        symbolSize: 14,
        itemStyle: { color: '#2f7d4f' },
        label: { show: true, position: 'right', formatter: '{b}', fontSize: 11 },
        data: located.map((s) => ({ name: s.name, value: [s.longitude, s.latitude] })),
      },
    ],
  };
  return <Chart option={option} height={300} testId="sites-scatter" />;
}
