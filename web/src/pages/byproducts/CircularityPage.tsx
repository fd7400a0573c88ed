import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Segmented, Select, Space, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { bpApi, type Figures, labelOf, MODE_COLORS, money, num } from './api';
import { Chart } from '../../components/Chart';
import { Suppressed } from '../../components/Suppressed';
import { BalanceCard } from './BalanceCard';
import { MciCard } from './MciCard';
import { useTaxonomy } from './useTaxonomy';
import { param, useUrlState } from '../../components/useUrlState';
import { Citation } from '../../components/Citation';
import { UserText } from '../../components/UserText';

const PARK_CODE = 'BZ-TCM-PARK';
const MODES = ['value-added', 'reduce-efficiency', 'low-value-conversion', 'unspecified'] as const;

/** The emission factors the footnote names, each with the published source the server gives for it. */
const FACTOR_KEYS = ['gwp', 'landfill', 'incineration', 'discharge', 'harmlessTreatment'] as const;

function sourceOf(factor: unknown): string | null {
  return typeof factor === 'object' && factor !== null && 'source' in factor && typeof factor.source === 'string' ? factor.source : null;
}

/** t CO2e credited per dry tonne utilised in a mode when a record names no pathway. */
function utilisationDefault(factors: Record<string, unknown>, mode: string): string {
  const defaults = factors.utilisationDefaultPerDryTonne;
  const value = typeof defaults === 'object' && defaults !== null ? (defaults as Record<string, unknown>)[mode] : undefined;
  return typeof value === 'number' ? String(value) : '—';
}
const DISPOSAL = ['landfill', 'incineration', 'discharge', 'harmless-treatment'] as const;

const urlSchema = { scope: param.optionalOneOf(['firm', 'park'] as const), firm: param.optional() };

export default function CircularityPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useSession();
  const tx = useTaxonomy().data;
  const isManufacturer = me?.actingAs.organisationType === 'manufacturer';
  const [url, setUrl] = useUrlState(urlSchema);
  // A manufacturer opens on its own figures, everyone else on the park's.
  const scope = url.scope ?? (isManufacturer ? 'firm' : 'park');
  const streams = useQuery({ queryKey: ['byproducts', 'streams'], queryFn: () => bpApi.streams(), enabled: !isManufacturer });
  const firms = useMemo(() => {
    const seen = new Map<string, string>();
    for (const s of streams.data?.items ?? []) seen.set(s.organisationCode, s.organisationName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [streams.data]);
  const firm = url.firm;
  const role = me?.actingAs.role;
  const canDeclare = (isManufacturer && role !== 'reader') || (me?.actingAs.organisationType === 'park-admin' && (role === 'admin' || role === 'member'));
  const firmId = isManufacturer ? me?.actingAs.organisationCode : (firm ?? firms[0]?.value);
  const id = scope === 'park' ? PARK_CODE : (firmId ?? '');
  const year = new Date().getFullYear();
  const current = useQuery({ queryKey: ['byproducts', 'figures', scope, id, String(year)], queryFn: () => bpApi.figures(scope, id, String(year)), enabled: !!id });
  const previous = useQuery({ queryKey: ['byproducts', 'figures', scope, id, String(year - 1)], queryFn: () => bpApi.figures(scope, id, String(year - 1)), enabled: !!id });

  const series = useMemo(() => [...(previous.data?.series ?? []), ...(current.data?.series ?? [])].filter((f) => f.generatedT > 0).slice(-24), [current.data, previous.data]);
  const f = current.data;
  const thisMonth = new Date().toISOString().slice(0, 7);
  const modeLabel = (m: string) => (m === 'unspecified' ? t('byproducts.dashboard.unspecified') : labelOf(tx?.modes, m, en));
  const disposalLabel = (d: string) => labelOf(tx?.handlings, d, en);

  const utilisation = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      // One scrolling row: on a phone a wrapped legend would run over the axis labels.
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 60, right: 60, top: 30, bottom: 60 },
      xAxis: { type: 'category', data: series.map((s) => (s.period === thisMonth ? `${s.period}*` : s.period)) },
      yAxis: [
        { type: 'value', name: 't' },
        { type: 'value', name: '%', max: 100, min: 0 },
      ],
      series: [
        ...MODES.map((m) => ({ name: modeLabel(m), type: 'bar', stack: 'u', itemStyle: { color: MODE_COLORS[m] }, data: series.map((s) => (s.utilisedByModeT === null ? null : Math.round(s.utilisedByModeT[m] ?? 0))) })),
        { name: t('byproducts.dashboard.disposed'), type: 'bar', stack: 'u', itemStyle: { color: '#d9d9d9' }, data: series.map((s) => Math.round(s.disposedT)) },
        { name: t('byproducts.dashboard.rate'), type: 'line', yAxisIndex: 1, itemStyle: { color: '#cf1322' }, data: series.map((s) => (s.utilisationRate === null ? null : Math.round(s.utilisationRate * 1000) / 10)) },
      ],
    }),
    [series, en, tx],
  );
  const pie = (entries: [string, number][], name: string) => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c} t ({d}%)' },
    legend: { bottom: 0 },
    series: [{ name, type: 'pie', radius: ['32%', '58%'], center: ['50%', '42%'], label: { formatter: '{d}%' }, data: entries.filter(([, v]) => v > 0).map(([k, v]) => ({ name: k, value: Math.round(v) })) }],
  });
  const hidden = f?.disclosure.suppressed;
  const byClass = f?.byClass ? pie(Object.entries(f.byClass).map(([k, v]) => [labelOf(tx?.classes, k, en), v]), t('byproducts.dashboard.byClass')) : {};
  const mix = f?.figures?.disposalMix;
  const disposal = mix ? pie(DISPOSAL.map((d) => [disposalLabel(d), mix[d]?.tonnes ?? 0]), t('byproducts.dashboard.disposal')) : {};
  const byStage = f?.byStage
    ? {
        tooltip: { trigger: 'axis' },
        grid: { left: 150, right: 30, top: 10, bottom: 30 },
        xAxis: { type: 'value', name: 't', splitNumber: 3, axisLabel: { formatter: (v: number) => (v >= 1000 ? `${v / 1000}k` : String(v)) } },
        yAxis: { type: 'category', data: Object.keys(f.byStage).map((k) => labelOf(tx?.stages, k, en)) },
        series: [{ type: 'bar', itemStyle: { color: '#13a8a8' }, data: Object.values(f.byStage).map((v) => Math.round(v)) }],
      }
    : {};

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('byproducts.nav.dashboard')}
      </Typography.Title>
      <Space wrap>
        <Segmented
          value={scope}
          onChange={(v) => setUrl({ scope: v as 'firm' | 'park' })}
          options={[
            { value: 'firm', label: t('byproducts.dashboard.firm'), disabled: !isManufacturer && firms.length === 0 },
            { value: 'park', label: t('byproducts.dashboard.park') },
          ]}
          data-testid="scope"
        />
        {scope === 'firm' && !isManufacturer && <Select id="dashboard-firm" style={{ width: 300 }} value={firmId} onChange={(v) => setUrl({ firm: v })} options={firms} showSearch optionFilterProp="label" />}
        <Typography.Text strong data-testid="dashboard-name">
          <UserText>{f?.name}</UserText>
        </Typography.Text>
      </Space>
      {(current.error || previous.error) && <Alert type="error" showIcon message={String((current.error ?? previous.error)?.message)} />}
      {f && (hidden?.figures ? <Suppressed reason={hidden.figures} /> : <Kpis f={f} en={en} />)}
      {f?.mci && firmId && <MciCard mci={f.mci} organisation={firmId} period={f.period} canDeclare={canDeclare} />}
      {f && f.scope === 'firm' && <BalanceCard balance={f.balance} reasonCode={f.balanceReasonCode} period={f.period} />}
      {f && f.estimatedRecords > 0 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('byproducts.dashboard.estimated', { count: f.estimatedRecords })}</Typography.Text>}
      <Card size="small" title={hidden?.series ? t('byproducts.dashboard.utilisationPlain') : t('byproducts.dashboard.utilisationOverTime', { months: series.length })}>
        {hidden?.series ? <Suppressed reason={hidden.series} testId="series-suppressed" /> : <Chart option={utilisation} height={340} testId="utilisation-chart" />}
        {series.some((s) => s.period === thisMonth) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('byproducts.dashboard.currentMonth', { month: thisMonth })}
          </Typography.Text>
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('byproducts.dashboard.byClass')}>
            {hidden?.byClass ? <Suppressed reason={hidden.byClass} testId="class-suppressed" /> : <Chart option={byClass} height={300} testId="class-chart" />}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('byproducts.dashboard.byStage')}>
            {hidden?.byStage ? <Suppressed reason={hidden.byStage} testId="stage-suppressed" /> : <Chart option={byStage} height={300} testId="stage-chart" />}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('byproducts.dashboard.disposal')}>
            {f && !mix && (hidden?.routes ?? hidden?.figures) ? <Suppressed reason={(hidden.routes ?? hidden.figures)!} testId="disposal-suppressed" /> : <Chart option={disposal} height={300} testId="disposal-chart" />}
          </Card>
        </Col>
      </Row>
      {f && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('byproducts.dashboard.factors')}
          {FACTOR_KEYS.map((k) => {
            const source = sourceOf(f.emissionFactors[k]);
            return (
              <span key={k}>
                {t(`byproducts.dashboard.factor.${k}`)}
                {source && (
                  <>
                    {t('byproducts.dashboard.factorSourceOpen')}
                    <Citation source={source} />
                    {t('byproducts.dashboard.factorSourceClose')}
                  </>
                )}
                {t('byproducts.dashboard.factorSeparator')}
              </span>
            );
          })}
          {t('byproducts.dashboard.factor.utilisationDefault', {
            values: MODES.map((m) => `${modeLabel(m)} ${utilisationDefault(f.emissionFactors, m)}`).join(t('byproducts.dashboard.factorListSeparator')),
          })}
        </Typography.Paragraph>
      )}
    </Space>
  );
}

function Kpis({ f, en }: { f: Figures; en: boolean }) {
  const { t } = useTranslation();
  const x = f.figures;
  if (x === null) return null;
  return (
    <Row gutter={[16, 16]} data-testid="kpis">
      <Col xs={12} md={8} xl={4}>
        <Card size="small"><Statistic title={t('byproducts.dashboard.streams')} value={f.streams} /></Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small"><Statistic title={t('byproducts.dashboard.generated', { period: f.period })} value={num(x.generatedT, 0)} suffix="t" /></Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small"><Statistic title={t('byproducts.dashboard.utilised')} value={num(x.utilisedT, 0)} suffix="t" /></Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small"><Statistic title={t('byproducts.dashboard.rate')} value={x.utilisationRate === null ? '—' : (x.utilisationRate * 100).toFixed(1)} suffix="%" /></Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small"><Statistic title={t('byproducts.dashboard.value')} value={money(x.valueCreatedYuan, en)} /></Card>
      </Col>
      <Col xs={12} md={8} xl={4}>
        <Card size="small"><Statistic title={t('byproducts.dashboard.co2e')} value={num(x.co2eAvoidedT, 0)} suffix="t CO2e" /></Card>
      </Col>
    </Row>
  );
}
