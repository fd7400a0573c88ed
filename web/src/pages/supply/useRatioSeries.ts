import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ZoomWindow } from '../../components/Chart';
import { type RatioReport, supplyApi } from './api';
import { weeklyRatioQuery } from './queries';

/** A zoomed window up to this long is drawn from daily rows; longer ones stay weekly. */
const DAILY_WINDOW_DAYS = 731;
/** The reader is still zooming or panning until the window has been still this long. */
const ZOOM_SETTLE_MS = 250;

/**
 * A formula's Y/P series for the product page's chart: the whole history weekly (one compact
 * request), and the days of the window the reader zooms into (one more request per window,
 * widened to whole months so panning a little asks for nothing new).
 */
export function useRatioSeries(code: string) {
  const weekly = useQuery(weeklyRatioQuery(code));
  const [zoom, setZoom] = useState<ZoomWindow | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    setZoom(undefined);
  }, [code]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onZoom = useCallback((w: ZoomWindow) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setZoom(w), ZOOM_SETTLE_MS);
  }, []);

  const series = weekly.data?.series;
  const window = useMemo(() => {
    if (!zoom || !series || series.length < 2) return null;
    const first = dayjs(series[0]!.date);
    const span = dayjs(series[series.length - 1]!.date).diff(first, 'day');
    const from = first.add(Math.floor((span * zoom.start) / 100), 'day');
    const to = first.add(Math.ceil((span * zoom.end) / 100), 'day');
    if (to.diff(from, 'day') > DAILY_WINDOW_DAYS) return null;
    // Not before the weekly series' first day: the chart's extent (and so the zoom's percent) stays the same.
    const start = from.startOf('month').isBefore(first) ? first : from.startOf('month');
    return { from: start.format('YYYY-MM-DD'), to: to.endOf('month').format('YYYY-MM-DD') };
  }, [zoom, series]);

  const daily = useQuery({
    queryKey: ['supply', 'ratio', code, 'day', window?.from, window?.to],
    queryFn: () => supplyApi.ratio(code, { from: window!.from, to: window!.to, resolution: 'day' }),
    enabled: window !== null,
    placeholderData: keepPreviousData,
  });

  const report = useMemo((): RatioReport | undefined => {
    const w = weekly.data;
    const d = window && daily.data?.code === w?.code ? daily.data : undefined;
    if (!w || !d || d.series.length === 0) return w;
    const lo = d.series[0]!.date;
    const hi = d.series[d.series.length - 1]!.date;
    return { ...w, series: [...w.series.filter((r) => r.date < lo), ...d.series, ...w.series.filter((r) => r.date > hi)] };
  }, [weekly.data, daily.data, window]);

  return { weekly, report, zoom, onZoom, error: weekly.error ?? daily.error };
}
