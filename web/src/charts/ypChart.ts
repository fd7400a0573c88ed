import type { LineSeriesOption } from 'echarts/charts';
import type { DataZoomComponentOption, GridComponentOption, LegendComponentOption, MarkAreaComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { pct, type Severity, severityColors } from '../pages/supply/format';

/** Y/P where blue, yellow, orange and red start, blue first: `below[0]` is R_low, `above[0]` R_high. */
export interface SeverityLines {
  below: readonly number[];
  above: readonly number[];
}

/** A Y/P range in a level's colour; `severity` null is the band itself (normal). */
export interface SeverityZone {
  from: number;
  to: number;
  severity: Severity | null;
}

export interface YpEpisode {
  start: string;
  /** Null while the episode lasts: the area runs to the last day of the series. */
  end: string | null;
  level: Severity;
  label: string;
}

export interface YpForecast {
  /** Legend name before the quantile (p05, p50, p95). */
  label: string;
  /** The forecast's origin: its lines start at the last Y/P of the series. */
  asOf: string;
  weeks: readonly { date: string; p05: number; p50: number; p95: number }[];
}

export interface YpChartInput {
  series: readonly { date: string; ratio: number | null }[];
  band: readonly [number, number];
  lines: SeverityLines;
  episodes: readonly YpEpisode[];
  forecast?: YpForecast;
  /** Legend name of the band's lines. */
  bandLabel: string;
  /** The zoomed window (percent of the series' extent) to keep when the option is replaced. */
  zoom?: { start: number; end: number };
  /** Names of the band's lower and upper line, shown with their value ("lower limit 10 %"). */
  bandEdges: readonly [string, string];
}

export type YpChartOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | DataZoomComponentOption | MarkAreaComponentOption>;

const severities: readonly Severity[] = ['blue', 'yellow', 'orange', 'red'];
const INK = '#262626';
const BAND = '#fa8c16';
const NORMAL = '#52c41a';
const FORECAST = '#722ed1';
/** Head room over the highest Y/P (and over 1.4 × R_high when Y/P stays low) for zones and the axis. */
const HEADROOM = 1.1;

/** The zones bottom to top: red … blue under the band, the band, blue … red over it (the last one open). */
export function severityZones(lines: SeverityLines): SeverityZone[] {
  const { below, above } = lines;
  const under = below.map((to, k) => ({ from: below[k + 1] ?? 0, to, severity: severities[k] ?? 'red' })).reverse();
  const over = above.map((from, k) => ({ from, to: above[k + 1] ?? Infinity, severity: severities[k] ?? 'red' }));
  return [...under, { from: below[0] ?? 0, to: above[0] ?? Infinity, severity: null }, ...over];
}

/**
 * The Y/P chart of a formula (product page) and of a warning case: the daily ratio, the band's
 * R_low and R_high, the severity zones, the episodes as areas in their level's colour, and a
 * pre-warning's forecast quantiles. Values are drawn in percent.
 */
export function ypChartOption(input: YpChartInput): YpChartOption {
  const { series, lines, episodes, forecast, bandLabel, zoom } = input;
  const [lo, hi] = input.band;
  const last = series.at(-1);
  // Only [date, Y/P] goes to the chart; LTTB keeps the peaks when 6 000+ days meet ~1 000 pixels.
  const data = series.map((p) => [p.date, p.ratio === null ? null : p.ratio * 100]);
  const maxRatio = Math.max(hi * 1.4, ...series.map((p) => p.ratio ?? 0)) * 100;
  const top = maxRatio * HEADROOM;
  const zoneAreas = severityZones(lines)
    .filter((z) => z.from * 100 < maxRatio * 1.05)
    .map((z) => [
      { yAxis: z.from * 100, itemStyle: { color: z.severity ? severityColors[z.severity] : NORMAL, opacity: z.severity ? 0.08 : 0.06 } },
      { yAxis: Math.min(z.to * 100, top) },
    ]) satisfies MarkArea;
  const episodeAreas = episodes.map((e) => [
    { xAxis: e.start, name: e.label, itemStyle: { color: severityColors[e.level], opacity: 0.18 }, label: { color: '#333', fontSize: 11 } },
    { xAxis: e.end ?? last?.date ?? e.start },
  ]) satisfies MarkArea;
  const forecastSeries: LineSeriesOption[] = forecast
    ? (['p05', 'p50', 'p95'] as const).map((q) => ({
        name: `${forecast.label} ${q}`,
        type: 'line',
        showSymbol: false,
        data: [[forecast.asOf, (last?.ratio ?? 0) * 100], ...forecast.weeks.map((w) => [w.date, w[q] * 100])],
        lineStyle: { width: q === 'p50' ? 1.6 : 1, type: 'dashed', color: FORECAST },
        itemStyle: { color: FORECAST },
      }))
    : [];
  return {
    grid: { left: 56, right: 24, top: 40, bottom: 72 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(1)} %` : '—') },
    legend: { top: 0 },
    // On a phone the years would overprint each other: ECharts drops the ones that collide.
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: 'Y/P %', max: Math.ceil(top / 10) * 10, axisLabel: { formatter: '{value} %' } },
    dataZoom: [
      { type: 'inside', ...zoom },
      { type: 'slider', bottom: 16, height: 24, ...zoom },
    ],
    series: [
      {
        name: 'Y/P',
        type: 'line',
        data,
        showSymbol: false,
        sampling: 'lttb',
        lineStyle: { width: 1.5, color: INK },
        itemStyle: { color: INK },
        markArea: { silent: true, data: episodeAreas },
      },
      {
        name: bandLabel,
        type: 'line',
        data: [],
        lineStyle: { color: BAND, type: 'dashed' },
        itemStyle: { color: BAND },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: BAND, type: 'dashed', width: 1.5 },
          label: { formatter: '{b}', position: 'insideEndTop' },
          data: [
            { yAxis: lo * 100, name: `${input.bandEdges[0]} ${pct(lo, 0)}` },
            { yAxis: hi * 100, name: `${input.bandEdges[1]} ${pct(hi, 0)}` },
          ],
        },
        markArea: { silent: true, data: zoneAreas },
      },
      ...forecastSeries,
    ],
  };
}

type MarkArea = NonNullable<MarkAreaComponentOption['data']>;
