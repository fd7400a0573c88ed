import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { BpChartProps } from './ChartImpl';

const BpChartImpl = lazy(() => import('./ChartImpl'));

/** Lazy like the shared Chart: ECharts loads only on pages that draw. */
export function BpChart(props: BpChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 320 }} />}>
      <BpChartImpl {...props} />
    </Suspense>
  );
}
