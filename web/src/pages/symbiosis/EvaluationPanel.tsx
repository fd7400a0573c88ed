import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Evaluation, symApi } from './api';
import { ChartPanel } from './ChartPanel';

type Indicator = Evaluation['systems'][number]['indicators'][number];
/** One table row: the indicator, then per year its value (`y2025`) and origin with source (`s2025`). */
type EvalRow = { code: string; indicator: string; unit: string; threshold: string; verified: boolean } & { [k: `y${number}` | `s${number}`]: string | number | null };

const fmt = (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));

/** Each indicator with a threshold as value ÷ threshold (%; for lower-is-better, threshold ÷ value), per year. */
function scoresOption(indicators: readonly Indicator[], years: readonly number[], name: (d: Indicator) => string, axis: string): EChartsCoreOption {
  const rated = indicators.filter((d) => d.threshold !== null && d.threshold !== 0);
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'value', name: axis },
    yAxis: { type: 'category', data: rated.map(name), axisLabel: { width: 140, overflow: 'truncate' } },
    series: years.map((y) => ({
      name: String(y),
      type: 'bar',
      data: rated.map((d) => {
        const v = d.scores.find((s) => s.year === y)?.value ?? null;
        if (v === null || d.threshold === null) return null;
        return Math.round((d.direction === 'higher' ? v / d.threshold : v === 0 ? 0 : d.threshold / v) * 1000) / 10;
      }),
    })),
  };
}

/** The park's evaluation: scores per indicator system over the years, each value with its origin and source. */
export function EvaluationPanel({ park, year }: { park: string; year: number }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const ev = useQuery({ queryKey: ['symbiosis', 'evaluation', park, year], queryFn: () => symApi.evaluation(park, year - 1, year) });
  const [code, setCode] = useState<string>('HJ274');
  const system = ev.data?.systems.find((s) => s.code === code) ?? ev.data?.systems[0];
  const name = (d: Indicator) => (en ? d.nameEn : d.nameZh);
  const option = useMemo(
    () => (system && ev.data ? scoresOption(system.indicators, ev.data.years, (d) => (en ? d.nameEn : d.nameZh), t('symbiosis.eval.ofThreshold')) : null),
    [system, ev.data, en, t],
  );
  if (ev.isError) return <Alert type="error" showIcon message={t('symbiosis.loadFailed')} />;
  if (!ev.data || !system) return null;
  const years = ev.data.years;
  const rows: EvalRow[] = system.indicators.map((d) => {
    const row: EvalRow = { code: d.code, indicator: name(d), unit: d.unit, threshold: d.threshold === null ? '—' : `${d.direction === 'higher' ? '≥' : '≤'} ${d.threshold}`, verified: d.verified };
    for (const y of years) {
      const s = d.scores.find((x) => x.year === y);
      row[`y${y}`] = s?.value ?? null;
      const source = s?.sourceCode ? t(`symbiosis.eval.computedSource.${s.sourceCode}`, s.sourceParams) : (s?.source ?? '');
      row[`s${y}`] = s ? `${t(`symbiosis.eval.origin.${s.origin}`)}${source ? `: ${source}` : ''}` : '';
    }
    return row;
  });
  return (
    <ChartPanel<EvalRow>
      title={`${t('symbiosis.eval.title')} · ${en ? system.nameEn : system.nameZh}（${system.edition}）`}
      option={option}
      rows={rows}
      rowKey={(r) => r.code}
      height={Math.max(260, system.indicators.length * 34)}
      testId="symbiosis-evaluation"
      fileName={`symbiosis-evaluation-${system.code}-${years.join('-')}.csv`}
      extra={
        <Space wrap size="small">
          <Button size="small" href={symApi.reportHref(park, years[0]!, years[years.length - 1]!, 'pdf')} download data-testid="symbiosis-report-pdf">
            {t('symbiosis.eval.reportPdf')}
          </Button>
          <Button size="small" href={symApi.reportHref(park, years[0]!, years[years.length - 1]!, 'xlsx')} download data-testid="symbiosis-report-xlsx">
            {t('symbiosis.eval.reportXlsx')}
          </Button>
        <Select
          size="small"
          aria-label={t('symbiosis.eval.system')}
          style={{ width: 180 }}
          value={system.code}
          onChange={setCode}
          options={ev.data.systems.map((s) => ({ value: s.code, label: en ? s.nameEn : s.nameZh }))}
          data-testid="symbiosis-eval-system"
        />
        </Space>
      }
      columns={[
        {
          key: 'indicator',
          title: t('symbiosis.eval.indicator'),
          render: (v, r) => (
            <span>
              {String(v)} {!r.verified && (
                <Tooltip title={t('symbiosis.eval.unverifiedHint')}>
                  <Tag color="orange">{t('symbiosis.eval.unverified')}</Tag>
                </Tooltip>
              )}
            </span>
          ),
        },
        { key: 'unit', title: t('symbiosis.eval.unit') },
        { key: 'threshold', title: t('symbiosis.eval.threshold') },
        ...years.flatMap((y) => [
          { key: `y${y}` as const, title: String(y), align: 'right' as const, render: (v: unknown) => fmt(v as number | null) },
          { key: `s${y}` as const, title: t('symbiosis.eval.source', { year: y }), render: (v: unknown) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{String(v)}</Typography.Text> },
        ]),
      ]}
    />
  );
}
