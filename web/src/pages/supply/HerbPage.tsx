import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, InputNumber, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { useSession } from '../../session/session';
import { type Exposure, type HerbForecast, type Observation, supplyApi } from './api';
import { Chart } from '../../components/Chart';
import { ForecastCard } from './ForecastCard';
import { LevelTag, pct } from './levels';
import { param, useUrlState } from '../../components/useUrlState';
import { priceUnit, yuanPerKgUnit } from './format';
import { etsModelLabel, herbLabel, specLabel, useHerbNames } from './names';
import { UserText } from '../../components/UserText';

const marketColors = ['#c0392b', '#2f7d4f', '#1677ff', '#d48806', '#722ed1', '#13a8a8', '#8c6d5b'];
/** Newest ticks per market for the latest-prices table (the chart uses the weekly history). */
const LATEST_TICKS = 60;
const DEFAULT_HERB = 'SANQI';

const urlSchema = { spec: param.optional() };

export default function HerbPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [params, setParams] = useSearchParams();
  const herbCode = params.get('herb') ?? DEFAULT_HERB;
  const herbs = useQuery({ queryKey: ['supply', 'herbs'], queryFn: supplyApi.herbs, staleTime: 10 * 60_000 });
  const markets = useQuery({ queryKey: ['supply', 'markets'], queryFn: supplyApi.markets, staleTime: 10 * 60_000 });
  const herb = herbs.data?.items.find((h) => h.code === herbCode || h.nameZh === herbCode);
  const [{ spec }, setUrl] = useUrlState(urlSchema);
  const [shock, setShock] = useState<number | null>(50);

  // The newest ticks per market for the "latest prices" table; the chart draws the whole history
  // from weekly means aggregated by the server (2009 on: the 2010–2013 三七 spike is visible).
  const marketList = markets.data?.items ?? [];
  const priceQueries = useQueries({
    queries: marketList.map((m) => ({
      queryKey: ['supply', 'prices', herbCode, m.code, spec ?? '', 'latest'],
      queryFn: () => supplyApi.prices({ herb: herbCode, market: m.code, limit: LATEST_TICKS, ...(spec ? { spec } : {}) }),
      enabled: !!herb,
    })),
  });
  const weekly = useQuery({ queryKey: ['supply', 'weekly', herbCode, spec ?? ''], queryFn: () => supplyApi.weeklyPrices(herbCode, spec), enabled: !!herb });
  const exposure = useQuery({
    queryKey: ['supply', 'exposure', herbCode, shock],
    queryFn: () => supplyApi.exposure(herbCode, shock ? 1 + shock / 100 : undefined),
    enabled: !!herb,
  });

  const byMarket = useMemo(() => {
    const out: { market: string; bySpec: Map<string, Observation[]> }[] = [];
    priceQueries.forEach((q, i) => {
      const items = q.data?.items ?? [];
      if (items.length === 0) return;
      const bySpec = new Map<string, Observation[]>();
      for (const o of items) bySpec.set(o.spec, [...(bySpec.get(o.spec) ?? []), o]);
      out.push({ market: en ? marketList[i]!.nameEn : marketList[i]!.nameZh, bySpec });
    });
    return out;
  }, [priceQueries, marketList, en]);
  const loadingPrices = priceQueries.some((q) => q.isLoading);

  const priceOption = useMemo(() => {
    const all = weekly.data?.series ?? [];
    const specsOf = new Map<string, number>();
    for (const x of all) specsOf.set(x.market, (specsOf.get(x.market) ?? 0) + 1);
    // Held ticks are not in it: they are not prices the monitor uses (they wait for confirmation below).
    const series = all.map((x, k) => {
      const market = en ? x.marketEn : x.marketZh;
      return {
        name: (specsOf.get(x.market) ?? 0) > 1 || spec ? `${market} · ${specLabel(herb, x.spec, en)}` : market,
        type: 'line',
        showSymbol: false,
        sampling: 'lttb',
        color: marketColors[k % marketColors.length],
        data: x.weeks.map((w, i) => [w, x.prices[i]]),
      };
    });
    return {
      grid: { left: 64, right: 24, top: 48, bottom: 64 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(2)} ${yuanPerKgUnit()}` },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: true, name: t('supply.unit.yuanPerKg') },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 12, height: 22 }],
      series,
    };
  }, [weekly.data, spec, en, t, herb]);

  const latest = useMemo(
    () =>
      byMarket.flatMap(({ market, bySpec }) =>
        [...bySpec.entries()].map(([s, obs]) => ({ key: `${market}|${s}`, market, spec: s, date: obs[0]!.date, price: obs[0]!.price, unit: obs[0]!.unit, pricePerKg: obs[0]!.pricePerKg, status: obs[0]!.status })),
      ),
    [byMarket],
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('supply.herb.title', { name: herb ? herbLabel(herb, en) : herbCode })}
        </Typography.Title>
        <Select
          showSearch
          data-testid="herb-select"
          style={{ width: 240 }}
          value={herb?.code ?? herbCode}
          optionFilterProp="search"
          onChange={(v: string) => {
            setParams({ herb: v }); // another herb: its default spec
          }}
          options={(herbs.data?.items ?? []).map((h) => ({ value: h.code, label: herbLabel(h, en), search: `${h.code} ${h.nameZh} ${h.pinyin} ${h.nameEn ?? ''}` }))}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('supply.herb.allSpecs')}
          value={spec}
          onChange={(v) => setUrl({ spec: v })}
          options={(herb?.specs ?? []).map((s) => ({ value: s, label: specLabel(herb, s, en) }))}
        />
      </Space>
      {herbs.error && <Alert type="error" showIcon message={String(herbs.error.message)} />}
      {herb && (
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('supply.herb.latin')}>{herb.latinName ? <UserText lang="la">{herb.latinName}</UserText> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.category')}>{t(`supply.category.${herb.category}`, { defaultValue: herb.category })}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.cultivation')}>{t(`supply.cultivation.${herb.cultivation}`)}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.growthCycle')}>{herb.growthCycleYears ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.areas')}>{herb.producingAreas.length > 0 ? <UserText>{herb.producingAreas.join(en ? ', ' : '、')}</UserText> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.reserves')}>{herb.reservesTonnes === null ? '—' : t('supply.herb.tonnes', { n: herb.reservesTonnes.toLocaleString() })}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.aliases')}>{herb.aliases.length > 0 ? <UserText>{herb.aliases.map((a) => a.alias).join(en ? ', ' : '、')}</UserText> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.specs')}><div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, minWidth: 0 }}>{herb.specs.map((s) => <Tag key={s} style={{ marginInlineEnd: 0 }}>{specLabel(herb, s, en)}</Tag>)}</div></Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title={t('supply.herb.prices')} size="small" extra={<Typography.Text type="secondary">{t('supply.herb.pricesNote')}</Typography.Text>}>
        {weekly.isLoading ? <Spin /> : <Chart option={priceOption} height={380} testId="herb-price-chart" />}
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={latest}
          loading={loadingPrices}
          columns={[
            { title: t('supply.herb.market'), dataIndex: 'market' },
            { title: t('supply.herb.spec'), dataIndex: 'spec', render: (s: string) => specLabel(herb, s, en) },
            { title: t('supply.herb.date'), dataIndex: 'date' },
            { title: t('supply.herb.price'), key: 'price', align: 'right', render: (_, r) => `${r.price} ${priceUnit(r.unit, en)}` },
            { title: t('supply.unit.yuanPerKg'), dataIndex: 'pricePerKg', align: 'right', render: (v: number) => v.toFixed(2) },
            { title: t('supply.herb.status'), dataIndex: 'status', render: (v: string) => <Tag color={v === 'held' ? 'orange' : 'default'}>{t(`supply.status.${v}`)}</Tag> },
          ]}
        />
      </Card>
      <Card
        title={t('supply.herb.exposure')}
        size="small"
        extra={
          <Space>
            {t('supply.herb.shock')}
            <InputNumber value={shock} onChange={setShock} min={-90} max={1000} addonAfter="%" style={{ width: 120 }} />
          </Space>
        }
      >
        {exposure.error && <Alert type="error" showIcon message={String(exposure.error.message)} />}
        {exposure.data ? <ExposureView data={exposure.data} /> : <Spin />}
      </Card>
      {herb && <HeldTicks herbCode={herb.code} />}
      {herb && <ForecastFan herbCode={herb.code} spec={spec} />}
    </Space>
  );
}

/**
 * Ticks the outlier screen held back (excluded from reference prices until confirmed); supply
 * monitors' administrators and platform admins confirm them here (POST /prices/confirm).
 */
function HeldTicks({ herbCode }: { herbCode: string }) {
  const { t, i18n } = useTranslation();
  const herbNames = useHerbNames();
  const { me } = useSession();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const held = useQuery({ queryKey: ['supply', 'prices', herbCode, 'held'], queryFn: () => supplyApi.prices({ herb: herbCode, status: 'held', limit: 100 }) });
  const type = me?.actingAs.organisationType;
  const canConfirm = me?.via === 'session' && (type === 'platform-admin' || (type === 'supply-monitor' && me.actingAs.role === 'admin'));
  const confirm = async (items: Observation[]) => {
    try {
      const r = await supplyApi.confirm(items.map((o) => ({ herb: o.herbCode, spec: o.spec, market: o.marketCode, date: o.date })));
      void message.success(t('supply.held.confirmed', { n: r.confirmed }));
      await queryClient.invalidateQueries({ queryKey: ['supply'] });
    } catch (error) {
      handleError(error);
    }
  };
  const rows = held.data?.items ?? [];
  return (
    <Card
      title={t('supply.held.title')}
      size="small"
      data-testid="held-ticks"
      extra={canConfirm && rows.length > 1 ? <Button onClick={() => void confirm(rows)}>{t('supply.held.confirmAll')}</Button> : null}
    >
      <Typography.Paragraph type="secondary">{t('supply.held.intro')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey={(o) => `${o.marketCode}|${o.spec}|${o.date}`}
        pagination={false}
        loading={held.isLoading}
        locale={{ emptyText: t('supply.held.none') }}
        dataSource={rows}
        columns={[
          { title: t('supply.herb.date'), dataIndex: 'date' },
          { title: t('supply.herb.market'), dataIndex: 'market', render: (v: string, o) => (i18n.language === 'en' ? o.marketCode : v) },
          { title: t('supply.herb.spec'), dataIndex: 'spec', render: (s: string) => herbNames.spec(herbCode, s) },
          { title: t('supply.herb.price'), key: 'price', align: 'right', render: (_, o) => `${o.price} ${priceUnit(o.unit, i18n.language === 'en')}` },
          { title: t('supply.unit.yuanPerKg'), dataIndex: 'pricePerKg', align: 'right', render: (v: number) => v.toFixed(2) },
          ...(canConfirm
            ? [{ title: t('common.actions'), key: 'confirm', render: (_: unknown, o: Observation) => <Button size="small" type="link" onClick={() => void confirm([o])}>{t('supply.held.confirm')}</Button> }]
            : []),
        ]}
      />
    </Card>
  );
}

/** Price forecast of the herb (default spec unless one is chosen): median and 80 % / 95 % fans. */
function ForecastFan({ herbCode, spec }: { herbCode: string; spec: string | undefined }) {
  const { t } = useTranslation();
  const herbNames = useHerbNames();
  const [weeks, setWeeks] = useState(12);
  const fc = useQuery({ queryKey: ['supply', 'herb-forecast', herbCode, spec ?? '', weeks], queryFn: () => supplyApi.herbForecast(herbCode, weeks, spec) });
  const option = useMemo(() => (fc.data ? fanOption(fc.data, t) : null), [fc.data, t]);
  return (
    <ForecastCard title={t('supply.herb.forecastTitle')} weeks={weeks} onWeeksChange={setWeeks} error={fc.error} loading={!fc.data}>
      {fc.data && option && (
        <>
          <Chart option={option} height={320} testId="herb-forecast-chart" />
          <Typography.Text type="secondary">{t('supply.herb.forecastNote', { spec: herbNames.spec(herbCode, fc.data.spec), model: etsModelLabel(t, fc.data.model), asOf: fc.data.asOf })}</Typography.Text>
        </>
      )}
    </ForecastCard>
  );
}

function fanOption(d: HerbForecast, t: (key: string) => string) {
  const hist = d.history.map((h) => [h.date, h.price]);
  const last = d.history[d.history.length - 1]?.price ?? null;
  const start = [d.asOf, last];
  // Bands as stacked areas: the lower bound invisible, then the width of the band on top of it.
  const band = (lo: (w: HerbForecast['weeks'][number]) => number, hi: (w: HerbForecast['weeks'][number]) => number, name: string, opacity: number) => [
    { name: `${name}-base`, type: 'line', stack: name, data: [start, ...d.weeks.map((w) => [w.date, lo(w)])], lineStyle: { opacity: 0 }, showSymbol: false, tooltip: { show: false } },
    {
      name,
      type: 'line',
      stack: name,
      data: [[d.asOf, 0], ...d.weeks.map((w) => [w.date, hi(w) - lo(w)])],
      lineStyle: { opacity: 0 },
      areaStyle: { color: '#1677ff', opacity },
      showSymbol: false,
      color: '#91caff',
    },
  ];
  return {
    grid: { left: 64, right: 24, top: 36, bottom: 32 },
    legend: { top: 0, data: [t('supply.herb.history'), t('supply.forecast.median'), t('supply.herb.interval80'), t('supply.herb.interval95')] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', scale: true, name: t('supply.unit.yuanPerKg') },
    series: [
      { name: t('supply.herb.history'), type: 'line', data: hist, showSymbol: false, color: '#262626' },
      ...band((w) => w.lower95, (w) => w.upper95, t('supply.herb.interval95'), 0.15),
      ...band((w) => w.lower80, (w) => w.upper80, t('supply.herb.interval80'), 0.3),
      { name: t('supply.forecast.median'), type: 'line', data: [start, ...d.weeks.map((w) => [w.date, w.median])], color: '#1677ff', showSymbol: false, lineStyle: { type: 'dashed' } },
    ],
  };
}

function ExposureView({ data }: { data: Exposure }) {
  const { t } = useTranslation();
  const pushed = new Set(data.shock?.pushedOutOfBand.map((p) => p.code) ?? []);
  const after = new Map((data.shock?.formulas ?? []).map((p) => [p.code, p.after]));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('supply.herb.exposureIntro', { date: data.date ?? '—' })}</Typography.Text>
      <Table
        data-testid="exposure-table"
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={data.formulas}
        columns={[
          { title: t('supply.products.name'), key: 'f', render: (_, r) => <Link to={`/supply/product?formula=${encodeURIComponent(r.code)}`}><UserText>{r.formula}</UserText></Link> },
          { title: t('supply.products.ratio'), dataIndex: 'ratio', align: 'right', render: (v: number) => pct(v) },
          { title: t('supply.herb.pointsPerPercent'), dataIndex: 'ratioPointsPerPercent', align: 'right', render: (v: number) => (v * 100).toFixed(3) },
          { title: t('supply.herb.relativePerPercent'), dataIndex: 'relativePerPercent', align: 'right', render: (v: number) => `${(v * 100).toFixed(2)} %` },
          {
            title: t('supply.herb.afterShock'),
            key: 'shock',
            render: (_, r) => {
              const a = after.get(r.code);
              if (!a) return '—';
              return (
                <Space size={4} wrap data-testid="shock-cell">
                  {pct(a.ratio)}
                  <LevelTag level={a.level} />
                  {pushed.has(r.code) && <Tag color="red">{t('supply.herb.pushedOut')}</Tag>}
                </Space>
              );
            },
          },
        ]}
      />
      {data.shock && data.shock.pushedOutOfBand.length > 0 && (
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          title={() => t('supply.herb.pushedTitle', { factor: data.shock!.factor })}
          dataSource={data.shock.pushedOutOfBand}
          columns={[
            { title: t('supply.products.name'), dataIndex: 'formula', render: (f: string) => <UserText>{f}</UserText> },
            { title: t('supply.herb.before'), key: 'b', render: (_, r) => <Space>{pct(r.before.ratio)}<LevelTag level={r.before.level} /></Space> },
            { title: t('supply.herb.after'), key: 'a', render: (_, r) => <Space>{pct(r.after.ratio)}<LevelTag level={r.after.level} /></Space> },
          ]}
        />
      )}
    </Space>
  );
}
