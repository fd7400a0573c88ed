import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { EChartProps } from './EChart';

// ECharts is the heaviest dependency after Ant Design; load it only on pages that draw a chart.
const EChart = lazy(() => import('./EChart'));

export function Chart(props: EChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 320 }} />}>
      <EChart {...props} />
    </Suspense>
  );
}
