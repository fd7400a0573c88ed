import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { AccountsChartProps } from './AccountsChart';

const AccountsChart = lazy(() => import('./AccountsChart'));

/** Lazy like the shared Chart: ECharts loads only on pages that draw. */
export function FlowChart(props: AccountsChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 320 }} />}>
      <AccountsChart {...props} />
    </Suspense>
  );
}
