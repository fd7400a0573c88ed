import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, InputNumber, Row, Select, Space, Spin, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { type FormulaDetail, type IngredientSeries, type RatioReport, type SeverityLevels, supplyApi, type WhatIf, type WhatIfInput } from './api';
import { type SeverityLines, ypChartOption } from '../../charts/ypChart';
import { Chart, preloadCharts, type ZoomWindow } from '../../components/Chart';
import { ForecastCard } from './ForecastCard';
import { episodeLabel, LevelRuleNote, LevelTag, pct, yuan } from './levels';
import { etsModelLabel, useHerbNames } from './names';
import { DEFAULT_FORMULA, levelsQuery } from './queries';
import { useRatioSeries } from './useRatioSeries';

const herbColors = ['#c0392b', '#2f7d4f', '#1677ff', '#d48806', '#722ed1', '#13a8a8', '#8c6d5b', '#eb2f96', '#597ef7', '#7cb305'];

/** Y/P where blue, yellow, orange, red start under and over the band, from the engine's thresholds (GET /api/v1/supply/levels). */
function severityLines(lo: number, hi: number, levels: SeverityLevels): SeverityLines {
  const [belowYellow, belowOrange, belowRed] = levels.below;
  const [aboveYellow, aboveOrange, aboveRed] = levels.above;
  return {
    below: [lo, lo * (1 - belowYellow), lo * (1 - belowOrange), lo * (1 - belowRed)],
    above: [hi, hi * (1 + aboveYellow), hi * (1 + aboveOrange), hi * (1 + aboveRed)],
  };
}

/** kg of herb per pack for each ingredient key (the what-if shares name herbs). */
function kgPerPack(f: FormulaDetail): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of f.ingredients) {
    const kg = (i.unit === 'kg' ? i.amount : i.amount / 1000) * i.factor * (f.packSize / f.batchYield);
    m.set(i.herb, (m.get(i.herb) ?? 0) + kg);
  }
  return m;
}

/** Reference price (元/kg) of each herb implied by a what-if answer: share × Y / kg per pack. */
function impliedPrices(w: WhatIf, kg: Map<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(w.shares).map(([h, s]) => [h, (s * w.cost) / (kg.get(h) ?? NaN)]));
}

export default function ProductPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [params, setParams] = useSearchParams();
  const code = params.get('formula') ?? DEFAULT_FORMULA;
  useEffect(preloadCharts, []);
  const formulas = useQuery({ queryKey: ['supply', 'formulas'], queryFn: supplyApi.formulas });
  const detail = useQuery({ queryKey: ['supply', 'formula', code], queryFn: () => supplyApi.formula(code) });
  const ratio = useRatioSeries(code);
  // The chart waits for the engine's severity lines: a band is never drawn without its zones.
  const levels = useQuery(levelsQuery);

  // Each herb's reference price and cost part, weekly (one request, aggregated server-side).
  const parts = useQuery({ queryKey: ['supply', 'ingredients', code], queryFn: () => supplyApi.ingredients(code, { every: 7 }), staleTime: 10 * 60_000 });
  const series = ratio.weekly.data?.series;
  const first = series?.[0]?.date;
  const last = series?.[series.length - 1]?.date;

  const f = detail.data;
  const name = f ? (en ? f.nameEn || f.nameZh : f.nameZh) : code;
  const kg = useMemo(() => (f ? kgPerPack(f) : new Map<string, number>()), [f]);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('supply.product.title', { name })}
        </Typography.Title>
        <Select
          showSearch
          data-testid="formula-select"
          style={{ width: 260 }}
          value={code}
          optionFilterProp="search"
          onChange={(v: string) => setParams({ formula: v })}
          options={(formulas.data?.items ?? []).map((x) => ({ value: x.code, label: en ? x.nameEn || x.nameZh : x.nameZh, search: `${x.code} ${x.nameZh} ${x.nameEn}` }))}
        />
      </Space>
      {(detail.error ?? ratio.error ?? levels.error) && <Alert type="error" showIcon message={String((detail.error ?? ratio.error ?? levels.error)!.message)} />}
      {f && <Summary f={f} />}
      <Card title={t('supply.product.ratioChart')} size="small">
        {ratio.report && levels.data ? (
          <RatioChart report={ratio.report} levels={levels.data} zoom={ratio.zoom} onZoom={ratio.onZoom} />
        ) : (
          <Spin data-testid="ratio-chart-loading">
            <div style={{ height: 420 }} />
          </Spin>
        )}
        {ratio.weekly.data && <Episodes report={ratio.weekly.data} />}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('supply.product.sharesChart')} size="small" extra={<Typography.Text type="secondary">{t('supply.product.weekly')}</Typography.Text>}>
            {parts.data ? <SharesChart data={parts.data} /> : <Spin><div style={{ height: 320 }} /></Spin>}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('supply.product.herbPrices')} size="small" extra={<Typography.Text type="secondary">{t('supply.product.weekly')}</Typography.Text>}>
            {parts.data ? <HerbPriceChart data={parts.data} /> : <Spin><div style={{ height: 320 }} /></Spin>}
          </Card>
        </Col>
      </Row>
      {f && <WhatIfPanel f={f} kg={kg} firstDate={first} lastDate={last} />}
      {f && <FormulaForecast code={code} />}
    </Space>
  );
}

function Summary({ f }: { f: FormulaDetail }) {
  const { t } = useTranslation();
  const herbNames = useHerbNames();
  return (
    <Card size="small">
      <Row gutter={16}>
        <Col xs={12} sm={4}>
          <Statistic title={t('supply.products.ratio')} value={pct(f.ratio)} valueStyle={{ fontSize: 22 }} />
          <LevelTag level={f.level} />
          <LevelRuleNote rule={f.levelRule} ratio={f.ratio} level={f.level} />
        </Col>
        <Col xs={12} sm={4}>
          <Statistic title={t('supply.products.cost')} value={yuan(f.cost)} valueStyle={{ fontSize: 22 }} />
        </Col>
        <Col xs={12} sm={4}>
          <Statistic title={t('supply.products.priceCap')} value={yuan(f.priceCap)} valueStyle={{ fontSize: 22 }} />
        </Col>
        <Col xs={24} sm={12}>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('supply.products.band')}>{`${pct(f.band[0], 0)} – ${pct(f.band[1], 0)}`}</Descriptions.Item>
            <Descriptions.Item label={t('supply.product.asOf')}>{f.date ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supply.product.capHistory')} span="filled">
              <span data-testid="cap-history">{f.priceCaps.map((c) => `${c.from} ${yuan(c.priceCap)}${c.generated ? '*' : ''}`).join('；')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('supply.product.recipe')} span="filled">
              {f.ingredients.map((i) => `${herbNames.en ? herbNames.herb(i.herb, true) : (i.writtenAs ?? i.herb)} ${i.amount} ${i.unit}`).join(t('supply.ets.listSeparator'))} → {f.batchYield} {f.batchUnit}{t('supply.ets.listSeparator')}{t('supply.product.pack', { n: f.packSize })}
            </Descriptions.Item>
          </Descriptions>
        </Col>
      </Row>
    </Card>
  );
}

/** Weekly Y/P over the whole history; the days of the window the reader zooms into (useRatioSeries). */
function RatioChart({ report, levels, zoom, onZoom }: { report: RatioReport; levels: SeverityLevels; zoom: ZoomWindow | undefined; onZoom: (w: ZoomWindow) => void }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const [lo, hi] = report.band;
    return ypChartOption({
      series: report.series,
      band: report.band,
      lines: severityLines(lo, hi, levels),
      episodes: report.episodes.map((e) => ({ start: e.start, end: e.end, level: e.level, label: episodeLabel(t, e.level, e.peakRatio) })),
      bandLabel: t('supply.product.band'),
      ...(zoom ? { zoom } : {}),
      bandEdges: [t('supply.product.bandLow'), t('supply.product.bandHigh')],
    });
  }, [report, levels, t, zoom]);
  return <Chart option={option} height={420} testId="ratio-chart" ariaLabel={t('supply.product.ratioChart')} onZoom={onZoom} />;
}

function Episodes({ report }: { report: RatioReport }) {
  const { t } = useTranslation();
  if (report.episodes.length === 0) return <Typography.Text type="secondary">{t('supply.product.noEpisodes')}</Typography.Text>;
  return (
    <Table
      data-testid="episodes-table"
      size="small"
      rowKey="start"
      pagination={false}
      dataSource={report.episodes}
      columns={[
        { title: t('supply.product.episodeStart'), dataIndex: 'start' },
        { title: t('supply.product.episodeEnd'), dataIndex: 'end', render: (v: string | null) => v ?? t('supply.product.open') },
        { title: t('supply.product.direction'), dataIndex: 'direction', render: (v: string) => t(`supply.direction.${v}`) },
        { title: t('supply.product.peakDate'), dataIndex: 'peakDate' },
        { title: t('supply.product.peakRatio'), dataIndex: 'peakRatio', render: (v: number) => pct(v) },
        { title: t('supply.products.level'), key: 'level', render: (_, e) => <LevelTag level={`${e.direction}-${e.level}`} /> },
      ]}
    />
  );
}

/** Each herb's share of Y per week, stacked (seed 003 Fig. 2); duplicate herbs add up. */
function SharesChart({ data }: { data: IngredientSeries }) {
  const herbNames = useHerbNames();
  const option = useMemo(() => {
    const herbs = [...new Set(data.ingredients.map((i) => i.herb))];
    return {
      grid: { left: 48, right: 16, top: 36, bottom: 56 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)} %` },
      legend: { top: 0 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8, height: 20 }],
      series: herbs.map((h, k) => ({
        name: herbNames.herb(h, true),
        type: 'line',
        stack: 'share',
        areaStyle: { opacity: 0.75 },
        showSymbol: false,
        color: herbColors[k % herbColors.length],
        data: data.dates.map((d, i) => {
          const y = data.cost[i];
          const own = data.ingredients.filter((x) => x.herb === h).reduce((s, x) => s + (x.costPerPack[i] ?? 0), 0);
          return [d, y ? Number(((own / y) * 100).toFixed(2)) : null];
        }),
      })),
    };
  }, [data, herbNames]);
  return <Chart option={option} height={320} testId="shares-chart" />;
}

/** Reference price of each ingredient (log scale); weeks priced from a stale reference get grey dots. */
function HerbPriceChart({ data }: { data: IngredientSeries }) {
  const { t } = useTranslation();
  const herbNames = useHerbNames();
  const option = useMemo(
    () => ({
      grid: { left: 56, right: 16, top: 36, bottom: 56 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(2)} ${t('supply.unit.yuanPerKg')}` },
      legend: { top: 0 },
      xAxis: { type: 'time' },
      yAxis: { type: 'log', name: t('supply.unit.yuanPerKg') },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 8, height: 20 }],
      series: data.ingredients.map((ing, k) => ({
        name: ing.specSet ? `${herbNames.herb(ing.herb, true)} · ${herbNames.spec(ing.herb, ing.spec)}` : herbNames.herb(ing.herb, true),
        type: 'line',
        showSymbol: false,
        color: herbColors[k % herbColors.length],
        data: data.dates.map((d, i) => [d, ing.price[i]]),
        // Weeks whose price is carried beyond the fill limit (no fresh market quote) are marked.
        markPoint: {
          symbol: 'circle',
          symbolSize: 6,
          itemStyle: { color: '#8c8c8c' },
          label: { show: false },
          data: data.dates.flatMap((d, i) => (ing.stale[i] === 1 && ing.price[i] !== null ? [{ coord: [d, ing.price[i]], name: t('supply.product.stale') }] : [])),
        },
      })),
    }),
    [data, t, herbNames],
  );
  return <Chart option={option} height={320} testId="herb-price-chart" />;
}

function WhatIfPanel({ f, kg, firstDate, lastDate }: { f: FormulaDetail; kg: Map<string, number>; firstDate?: string; lastDate?: string }) {
  const { t } = useTranslation();
  const herbNames = useHerbNames();
  const herbs = [...new Set(f.ingredients.map((i) => i.herb))];
  const [date, setDate] = useState<string | undefined>();
  const [prices, setPrices] = useState<Record<string, number | null>>({});
  const [cap, setCap] = useState<number | null>(null);
  const [input, setInput] = useState<WhatIfInput>({});
  // The baseline on the chosen date (no overrides) gives the current prices as placeholders. It
  // is the same query as the result while nothing is overridden: one request on load, not three.
  const baseInput = useMemo(() => whatIfInput({}, null, date), [date]);
  const base = useQuery({ queryKey: whatIfKey(f.code, baseInput), queryFn: () => supplyApi.whatIf(f.code, baseInput) });
  const current = base.data ? impliedPrices(base.data, kg) : {};

  // Live: recompute 400 ms after the last change (a new key only when the input really changed).
  useEffect(() => {
    const handle = setTimeout(() => setInput(whatIfInput(prices, cap, date)), 400);
    return () => clearTimeout(handle);
  }, [prices, cap, date]);
  const result = useQuery({ queryKey: whatIfKey(f.code, input), queryFn: () => supplyApi.whatIf(f.code, input), placeholderData: (prev) => prev });
  const r = result.data;

  return (
    <Card title={t('supply.whatif.title')} size="small" data-testid="whatif-panel">
      <Row gutter={24}>
        <Col xs={24} lg={10}>
          <Form layout="horizontal" labelCol={{ span: 10 }} size="small">
            <Form.Item label={t('supply.whatif.date')}>
              <DatePicker
                allowClear
                value={date ? dayjs(date) : null}
                placeholder={lastDate ?? ''}
                onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : undefined)}
                disabledDate={(d) => (lastDate ? d.isAfter(dayjs(lastDate)) : false) || (firstDate ? d.isBefore(dayjs(firstDate)) : false)}
              />
            </Form.Item>
            {herbs.map((h) => (
              <Form.Item key={h} label={`${herbNames.herb(h, true)} (${t('supply.unit.yuanPerKg')})`}>
                <InputNumber
                  data-testid={`whatif-price-${h}`}
                  min={0}
                  style={{ width: 160 }}
                  value={prices[h] ?? null}
                  placeholder={current[h] ? current[h].toFixed(2) : ''}
                  onChange={(v) => setPrices((p) => ({ ...p, [h]: v }))}
                />
              </Form.Item>
            ))}
            <Form.Item label={`${t('supply.products.priceCap')} (${t('supply.unit.yuanPerPack')})`}>
              <InputNumber data-testid="whatif-cap" min={0} style={{ width: 160 }} value={cap} placeholder={base.data ? base.data.priceCap.toFixed(2) : ''} onChange={(v) => setCap(v)} />
            </Form.Item>
            <Form.Item wrapperCol={{ sm: { offset: 10 } }}>
              <Button
                onClick={() => {
                  setPrices({});
                  setCap(null);
                  setDate(undefined);
                }}
              >
                {t('supply.whatif.reset')}
              </Button>
            </Form.Item>
          </Form>
        </Col>
        <Col xs={24} lg={14}>
          {result.error && <Alert type="error" showIcon message={String(result.error.message)} />}
          {r ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Row gutter={16} data-testid="whatif-result">
                <Col xs={12} sm={6}>
                  <Statistic title={t('supply.products.ratio')} value={pct(r.ratio)} valueStyle={{ color: r.level === 'normal' ? '#2f7d4f' : '#cf1322' }} />
                  <LevelTag level={r.level} />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic title={t('supply.products.cost')} value={yuan(r.cost)} />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic title={t('supply.products.priceCap')} value={yuan(r.priceCap)} />
                </Col>
                <Col xs={12} sm={6}>
                  <Statistic title={t('supply.whatif.date')} value={r.date} valueStyle={{ fontSize: 16 }} />
                </Col>
              </Row>
              <SharesBar shares={r.shares} baseline={base.data?.shares} />
              <Typography.Text type="secondary">{t('supply.whatif.hint')}</Typography.Text>
            </Space>
          ) : (
            <Spin />
          )}
        </Col>
      </Row>
    </Card>
  );
}

/** The what-if input in one canonical form: positive overrides only, nothing for what is not set. */
function whatIfInput(prices: Record<string, number | null>, cap: number | null, date: string | undefined): WhatIfInput {
  const overrides = Object.fromEntries(Object.entries(prices).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0));
  return { ...(Object.keys(overrides).length > 0 ? { prices: overrides } : {}), ...(cap ? { priceCap: cap } : {}), ...(date ? { date } : {}) };
}

function whatIfKey(code: string, input: WhatIfInput) {
  return ['supply', 'whatif', code, input] as const;
}

function SharesBar({ shares, baseline }: { shares: Record<string, number>; baseline?: Record<string, number> }) {
  const { t } = useTranslation();
  const herbNames = useHerbNames();
  const herbs = Object.keys(shares);
  const option = {
    grid: { left: 64, right: 40, top: 28, bottom: 24 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)} %` },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
    yAxis: { type: 'category', data: herbs.map((h) => herbNames.herb(h, true)) },
    series: [
      ...(baseline ? [{ name: t('supply.whatif.baseline'), type: 'bar', color: '#bfbfbf', data: herbs.map((h) => (baseline[h] ?? 0) * 100) }] : []),
      { name: t('supply.whatif.scenario'), type: 'bar', color: '#c0392b', data: herbs.map((h) => shares[h]! * 100), label: { show: true, position: 'right', formatter: (p: { value: number }) => `${p.value.toFixed(1)} %` } },
    ],
  };
  return <Chart option={option} height={Math.max(160, herbs.length * 56 + 60)} testId="whatif-shares" />;
}

function FormulaForecast({ code }: { code: string }) {
  const { t } = useTranslation();
  const herbNames = useHerbNames();
  const [weeks, setWeeks] = useState(12);
  const fc = useQuery({ queryKey: ['supply', 'forecast', code, weeks], queryFn: () => supplyApi.forecast(code, weeks) });
  const d = fc.data;
  const option = useMemo(() => {
    if (!d) return null;
    const [lo, hi] = d.band;
    const dates = [d.asOf, ...d.weeks.map((w) => w.date)];
    const p05 = [d.currentRatio, ...d.weeks.map((w) => w.p05)].map((x) => x * 100);
    const p95 = [d.currentRatio, ...d.weeks.map((w) => w.p95)].map((x) => x * 100);
    const p50 = [d.currentRatio, ...d.weeks.map((w) => w.p50)].map((x) => x * 100);
    return {
      grid: { left: 56, right: 56, top: 36, bottom: 32 },
      legend: { top: 0, data: [t('supply.forecast.interval'), t('supply.forecast.median'), t('supply.forecast.probLeft')] },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)} %` },
      xAxis: { type: 'category', data: dates, boundaryGap: false },
      yAxis: [
        { type: 'value', scale: true, axisLabel: { formatter: '{value} %' } },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } },
      ],
      series: [
        { name: 'p05', type: 'line', data: p05, stack: 'fan', lineStyle: { opacity: 0 }, showSymbol: false, color: '#91caff' },
        { name: t('supply.forecast.interval'), type: 'line', data: p95.map((v, i) => v - p05[i]!), stack: 'fan', lineStyle: { opacity: 0 }, areaStyle: { color: '#91caff', opacity: 0.5 }, showSymbol: false, color: '#91caff' },
        {
          name: t('supply.forecast.median'),
          type: 'line',
          data: p50,
          color: '#1677ff',
          markLine: { silent: true, symbol: 'none', lineStyle: { color: '#fa8c16', type: 'dashed' }, data: [{ yAxis: lo * 100 }, { yAxis: hi * 100 }] },
        },
        { name: t('supply.forecast.probLeft'), type: 'bar', yAxisIndex: 1, data: [null, ...d.weeks.map((w) => w.probabilityLeftBy * 100)], color: '#ffa39e', barWidth: 8 },
      ],
    };
  }, [d, t]);
  return (
    <ForecastCard title={t('supply.forecast.title')} weeks={weeks} onWeeksChange={setWeeks} error={fc.error} loading={!d}>
      {d && option && (
        <Row gutter={16}>
          <Col xs={24} lg={16}>
            <Chart option={option} height={300} testId="forecast-chart" />
          </Col>
          <Col xs={24} lg={8}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('supply.forecast.asOf')}>{d.asOf}</Descriptions.Item>
              <Descriptions.Item label={t('supply.products.ratio')}>{pct(d.currentRatio)}</Descriptions.Item>
              <Descriptions.Item label={t('supply.forecast.level')}>
                <LevelTag level={d.level} />
                <LevelRuleNote rule={d.levelRule} ratio={d.currentRatio} level={d.level} />
              </Descriptions.Item>
              <Descriptions.Item label={d.preWarningState === 'outside' ? t('supply.forecast.probStay') : t('supply.forecast.probLeave')}>{pct(d.probabilityLeaveBand, 0)}</Descriptions.Item>
              <Descriptions.Item label={t('supply.forecast.preWarning')}>
                <span data-testid="forecast-prewarning" data-state={d.preWarningState}>
                  {t(`supply.forecast.${d.preWarningState}`, { threshold: pct(d.preWarningThreshold, 0) })}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('supply.forecast.models')}>
                {Object.entries(d.models)
                  .map(([h, m]) => `${herbNames.herb(h, true)}${t('supply.ets.herbSeparator')}${etsModelLabel(t, m)}`)
                  .join(t('supply.ets.listSeparator'))}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('supply.forecast.note')}
            </Typography.Paragraph>
          </Col>
        </Row>
      )}
      {!d && fc.isSuccess && <Empty />}
    </ForecastCard>
  );
}
