import { Skeleton } from 'antd';
import type { ECElementEvent, EChartsCoreOption } from 'echarts/core';
import { lazy, Suspense } from 'react';

export const chartEventNames = ['click', 'dblclick', 'mouseover', 'mouseout', 'contextmenu'] as const;
export type ChartEventName = (typeof chartEventNames)[number];

export interface ZoomWindow {
  start: number;
  end: number;
}

export interface ChartProps {
  option: EChartsCoreOption;
  /** Height in pixels; the width follows the container. */
  height?: number;
  /** Shows the spinner over the chart, e.g. while a new option is being fetched. */
  loading?: boolean;
  /** Handlers of mouse events on the chart's elements (bars, points, nodes…). */
  onEvents?: Readonly<Partial<Record<ChartEventName, (event: ECElementEvent) => void>>>;
  /**
   * The visible window of the first data zoom, in percent of the data's extent, after the reader
   * zoomed or panned (not when the option sets it).
   */
  onZoom?: (window: ZoomWindow) => void;
  /** Replace the previous option instead of merging into it (default): series that went away must go. */
  notMerge?: boolean;
  /** Accessible name of the chart (a translated text). */
  ariaLabel?: string;
  /** `data-testid` of the element that holds the chart's SVG. */
  testId?: string;
}

// ECharts is the heaviest dependency after Ant Design: load it only on pages that draw a chart.
const loadChartImpl = () => import('./ChartImpl');
const ChartImpl = lazy(loadChartImpl);

/**
 * Starts loading ECharts now: a page whose first view is a chart calls it on mount, so the
 * library arrives while the page's data is on its way rather than after it.
 */
export function preloadCharts(): void {
  void loadChartImpl();
}

/** The one chart component of the app (ECharts, loaded lazily, sized by its container). */
export function Chart({ height = 320, ...props }: ChartProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height }} />}>
      <ChartImpl {...props} height={height} />
    </Suspense>
  );
}
