import { describe, expect, it } from 'vitest';
import { severityZones, ypChartOption, type YpChartInput } from './ypChart';

const lines = { below: [0.1, 0.08, 0.06, 0.04], above: [0.3, 0.375, 0.525, 0.75] };
const series = [
  { date: '2024-01-01', ratio: 0.2 },
  { date: '2024-01-02', ratio: null },
  { date: '2024-01-03', ratio: 0.45 },
];
const input: YpChartInput = {
  series,
  band: [0.1, 0.3],
  lines,
  episodes: [{ start: '2024-01-03', end: null, level: 'yellow', label: 'yellow peak 45 %' }],
  bandLabel: 'band',
  bandEdges: ['lower limit', 'upper limit'],
};

interface LineLike {
  name: string;
  data: unknown[];
  markArea?: { data: { 0: { xAxis?: string; yAxis?: number; name?: string; itemStyle: { color: string } }; 1: { xAxis?: string; yAxis?: number } }[] };
  markLine?: { data: { yAxis: number; name: string }[] };
}
const seriesOf = (option: ReturnType<typeof ypChartOption>) => option.series as unknown as LineLike[];

describe('severityZones', () => {
  it('stacks red … blue under the band, the band, blue … red over it', () => {
    const zones = severityZones(lines);
    expect(zones.map((z) => z.severity)).toEqual(['red', 'orange', 'yellow', 'blue', null, 'blue', 'yellow', 'orange', 'red']);
    expect(zones[0]).toEqual({ from: 0, to: 0.04, severity: 'red' });
    expect(zones[3]).toEqual({ from: 0.08, to: 0.1, severity: 'blue' });
    expect(zones[4]).toEqual({ from: 0.1, to: 0.3, severity: null });
    expect(zones[8]).toEqual({ from: 0.75, to: Infinity, severity: 'red' });
    // Contiguous: every zone starts where the one under it ends.
    for (let k = 1; k < zones.length; k++) expect(zones[k]!.from).toBe(zones[k - 1]!.to);
  });
});

describe('ypChartOption', () => {
  it('draws Y/P in percent with gaps, the band lines and an open episode up to the last day', () => {
    const option = ypChartOption(input);
    const [ratio, band, ...rest] = seriesOf(option);
    expect(rest).toEqual([]);
    expect(ratio!.data).toEqual([
      ['2024-01-01', 20],
      ['2024-01-02', null],
      ['2024-01-03', 45],
    ]);
    expect(ratio!.markArea!.data).toHaveLength(1);
    expect(ratio!.markArea!.data[0]![0]).toMatchObject({ xAxis: '2024-01-03', name: 'yellow peak 45 %', itemStyle: { color: '#fadb14' } });
    expect(ratio!.markArea!.data[0]![1]).toEqual({ xAxis: '2024-01-03' });
    expect(band!.name).toBe('band');
    expect(band!.markLine!.data).toEqual([
      { yAxis: 10, name: 'lower limit 10 %' },
      { yAxis: 30, name: 'upper limit 30 %' },
    ]);
  });

  it('scales the axis to the highest Y/P and leaves out the zones above it', () => {
    const option = ypChartOption(input);
    // max(1.4 × 30 %, 45 %) × 1.1 = 49.5 % → 50 %.
    expect(option.yAxis).toMatchObject({ max: 50 });
    const zones = seriesOf(option)[1]!.markArea!.data;
    // Orange starts at 52.5 % > 45 % × 1.05: red and orange above are not drawn.
    expect(zones.map((z) => z[0].yAxis)).toEqual([0, 4, 6, 8, 10, 30, 37.5]);
    // The open yellow zone is cut at the top of the axis' range.
    expect(zones.at(-1)![1].yAxis).toBeCloseTo(49.5);
  });

  it('adds a forecast as three quantile lines starting at the last Y/P', () => {
    const option = ypChartOption({ ...input, episodes: [], forecast: { label: 'Forecast', asOf: '2024-01-03', weeks: [{ date: '2024-01-10', p05: 0.4, p50: 0.5, p95: 0.6 }] } });
    const forecast = seriesOf(option).slice(2);
    expect(forecast.map((s) => s.name)).toEqual(['Forecast p05', 'Forecast p50', 'Forecast p95']);
    expect(forecast[1]!.data).toEqual([
      ['2024-01-03', 45],
      ['2024-01-10', 50],
    ]);
    expect(seriesOf(option)[0]!.markArea!.data).toEqual([]);
  });
});
