import type { EChartsType } from 'echarts/core';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { echarts } from '../charts/echarts';
import { type ChartProps, chartEventNames } from './Chart';

// Short animations: charts redraw as queries resolve, and screenshots must show the end state.
// None for a reader whose system asks for reduced motion (the page walk asks too: no frames to draw).
const ANIMATION = window.matchMedia('(prefers-reduced-motion: reduce)').matches ? { animation: false } : { animationDuration: 300, animationDurationUpdate: 200 };

export default function ChartImpl({ option, height, loading = false, onEvents, onZoom, notMerge = true, ariaLabel, testId }: ChartProps & { height: number }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useChartInstance(element);

  useEffect(() => {
    chart?.setOption({ ...ANIMATION, ...option }, { notMerge });
  }, [chart, option, notMerge]);

  useEffect(() => {
    if (!chart) return;
    // No text: ECharts' default loading text is English and would not follow the language.
    if (loading) chart.showLoading('default', { text: '' });
    else chart.hideLoading();
  }, [chart, loading]);

  useEffect(() => {
    if (!chart || !onEvents) return;
    const bound = chartEventNames.flatMap((name) => {
      const handler = onEvents[name];
      return handler ? [{ name, handler }] : [];
    });
    for (const { name, handler } of bound) chart.on(name, handler);
    return () => {
      for (const { name, handler } of bound) chart.off(name, handler);
    };
  }, [chart, onEvents]);

  useEffect(() => {
    if (!chart || !onZoom) return;
    // The slider reports its window directly, the inside zoom (wheel, pinch) in a batch.
    const handler = (event: unknown) => {
      const e = event as ZoomEvent;
      const w = e.batch?.[0] ?? e;
      if (typeof w.start === 'number' && typeof w.end === 'number') onZoom({ start: w.start, end: w.end });
    };
    chart.on('datazoom', handler);
    return () => {
      chart.off('datazoom', handler);
    };
  }, [chart, onZoom]);

  return <div ref={element} data-testid={testId} role={ariaLabel ? 'figure' : undefined} aria-label={ariaLabel} style={{ width: '100%', height }} />;
}

interface ZoomEvent {
  start?: number;
  end?: number;
  batch?: { start?: number; end?: number }[];
}

/** One ECharts instance per mounted element, disposed on unmount. */
function useChartInstance(element: RefObject<HTMLDivElement | null>): EChartsType | null {
  const [chart, setChart] = useState<EChartsType | null>(null);
  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'svg' });
    // Follow the container, not the window: cards reflow, columns stack on a phone, tabs open.
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    setChart(instance);
    return () => {
      observer.disconnect();
      instance.dispose();
      setChart(null);
    };
  }, [element]);
  return chart;
}
