import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { SupplyChartProps } from './SupplyChart';

const SupplyChartImpl = lazy(() => import('./SupplyChart'));

/** Lazy like the shared Chart: ECharts loads only on pages that draw. */
export function SupplyChart(props: SupplyChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 320 }} />}>
      <SupplyChartImpl {...props} />
    </Suspense>
  );
}
