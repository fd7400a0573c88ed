import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, InputNumber, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { type Exposure, type Observation, supplyApi } from './api';
import { SupplyChart } from './Chart';
import { LevelTag, pct } from './levels';

const marketColors = ['#c0392b', '#2f7d4f', '#1677ff', '#d48806', '#722ed1', '#13a8a8', '#8c6d5b'];
const DEFAULT_HERB = 'SANQI';

export default function HerbPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [params, setParams] = useSearchParams();
  const herbCode = params.get('herb') ?? DEFAULT_HERB;
  const herbs = useQuery({ queryKey: ['supply', 'herbs'], queryFn: supplyApi.herbs, staleTime: 10 * 60_000 });
  const markets = useQuery({ queryKey: ['supply', 'markets'], queryFn: supplyApi.markets, staleTime: 10 * 60_000 });
  const herb = herbs.data?.items.find((h) => h.code === herbCode || h.nameZh === herbCode);
  const [spec, setSpec] = useState<string | undefined>();
  const [shock, setShock] = useState<number | null>(50);

  // The newest 500 ticks per market (≈ 1.5 years of daily prices) of the chosen spec.
  const marketList = markets.data?.items ?? [];
  const priceQueries = useQueries({
    queries: marketList.map((m) => ({
      queryKey: ['supply', 'prices', herbCode, m.code, spec ?? ''],
      queryFn: () => supplyApi.prices({ herb: herbCode, market: m.code, ...(spec ? { spec } : {}) }),
      enabled: !!herb,
    })),
  });
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
    const series = byMarket.flatMap(({ market, bySpec }, k) =>
      [...bySpec.entries()].map(([s, obs], j) => ({
        name: bySpec.size > 1 || spec ? `${market} · ${s}` : market,
        type: 'line',
        showSymbol: false,
        sampling: 'lttb',
        color: marketColors[(k + j) % marketColors.length],
        data: [...obs].reverse().map((o) => [o.date, o.pricePerKg]),
      })),
    );
    return {
      grid: { left: 64, right: 24, top: 48, bottom: 64 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(2)} 元/kg` },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: true, name: t('supply.unit.yuanPerKg') },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 12, height: 22 }],
      series,
    };
  }, [byMarket, spec, t]);

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
          {t('supply.herb.title', { name: herb?.nameZh ?? herbCode })}
        </Typography.Title>
        <Select
          showSearch
          data-testid="herb-select"
          style={{ width: 240 }}
          value={herb?.code ?? herbCode}
          optionFilterProp="label"
          onChange={(v: string) => {
            setSpec(undefined);
            setParams({ herb: v });
          }}
          options={(herbs.data?.items ?? []).map((h) => ({ value: h.code, label: `${h.nameZh} ${h.pinyin}` }))}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('supply.herb.allSpecs')}
          value={spec}
          onChange={setSpec}
          options={(herb?.specs ?? []).map((s) => ({ value: s, label: s }))}
        />
      </Space>
      {herbs.error && <Alert type="error" showIcon message={String(herbs.error.message)} />}
      {herb && (
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('supply.herb.latin')}>{herb.latinName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.category')}>{t(`supply.category.${herb.category}`, { defaultValue: herb.category })}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.cultivation')}>{t(`supply.cultivation.${herb.cultivation}`)}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.growthCycle')}>{herb.growthCycleYears ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.areas')}>{herb.producingAreas.join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.aliases')}>{herb.aliases.map((a) => a.alias).join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('supply.herb.specs')}>{herb.specs.map((s) => <Tag key={s}>{s}</Tag>)}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title={t('supply.herb.prices')} size="small" extra={<Typography.Text type="secondary">{t('supply.herb.pricesNote')}</Typography.Text>}>
        {loadingPrices ? <Spin /> : <SupplyChart option={priceOption} height={380} testId="herb-price-chart" />}
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={latest}
          columns={[
            { title: t('supply.herb.market'), dataIndex: 'market' },
            { title: t('supply.herb.spec'), dataIndex: 'spec' },
            { title: t('supply.herb.date'), dataIndex: 'date' },
            { title: t('supply.herb.price'), key: 'price', align: 'right', render: (_, r) => `${r.price} ${r.unit}` },
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
      <Alert type="info" showIcon message={t('supply.herb.forecastNote')} />
    </Space>
  );
}

function ExposureView({ data }: { data: Exposure }) {
  const { t } = useTranslation();
  const pushed = new Set(data.shock?.pushedOutOfBand.map((p) => p.code) ?? []);
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
          { title: t('supply.products.name'), key: 'f', render: (_, r) => <Link to={`/supply/product?formula=${encodeURIComponent(r.code)}`}>{r.formula}</Link> },
          { title: t('supply.products.ratio'), dataIndex: 'ratio', align: 'right', render: (v: number) => pct(v) },
          { title: t('supply.herb.pointsPerPercent'), dataIndex: 'ratioPointsPerPercent', align: 'right', render: (v: number) => `${(v * 100).toFixed(3)} pp` },
          { title: t('supply.herb.relativePerPercent'), dataIndex: 'relativePerPercent', align: 'right', render: (v: number) => `${(v * 100).toFixed(2)} %` },
          { title: t('supply.herb.afterShock'), key: 'shock', render: (_, r) => (pushed.has(r.code) ? <Tag color="red">{t('supply.herb.pushedOut')}</Tag> : null) },
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
            { title: t('supply.products.name'), dataIndex: 'formula' },
            { title: t('supply.herb.before'), key: 'b', render: (_, r) => <Space>{pct(r.before.ratio)}<LevelTag level={r.before.level} /></Space> },
            { title: t('supply.herb.after'), key: 'a', render: (_, r) => <Space>{pct(r.after.ratio)}<LevelTag level={r.after.level} /></Space> },
          ]}
        />
      )}
    </Space>
  );
}
