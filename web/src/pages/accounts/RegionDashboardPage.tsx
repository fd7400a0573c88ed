import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Empty, Row, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRegionName } from '../../api/regions';
import { param, useUrlState } from '../../components/useUrlState';
import { useSession } from '../../session/session';
import { accountsApi, CATEGORIES, type IndicatorYear } from './api';
import { Chart } from '../../components/Chart';
import { num, pct, toWanTonnes } from './format';
import { ownRegionCandidates, useRegions, yearRange } from './useRegions';

const categoryColors = ['#5b8c5a', '#8c6d5b', '#9aa5b1', '#3d3d3d'];
const regionColors = ['#2f7d4f', '#1677ff', '#d48806', '#cf1322', '#722ed1', '#13a8a8'];

type Row = IndicatorYear & { yoy?: { gdpChange: number; dmcChange: number; productivityChange: number }; score?: number };

const urlSchema = { region: param.optional(), from: param.int(undefined), to: param.int(undefined), compare: param.list() };
/** In `compare`, the choice of no region at all (absent means every region). */
const NONE = '-';

export default function RegionDashboardPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const regions = useRegions();
  const regionName = useRegionName();
  const [url, setUrl] = useUrlState(urlSchema);
  const locale = i18n.language;

  // Default: the viewer's own region, or the nearest one above it, that has accounts; with none,
  // its province, and the page says so and offers the regions that have accounts.
  const candidates = ownRegionCandidates(me?.actingAs.regionCode);
  const ownWithAccounts = candidates.find((code) => regions.items.some((r) => r.region === code));
  const ownProvince = candidates[candidates.length - 1];
  const region = url.region ?? ownWithAccounts ?? ownProvince ?? regions.items[0]?.region;
  const allCodes = regions.items.map((r) => r.region);
  const compare = url.compare.length === 0 ? allCodes : url.compare.filter((c) => c !== NONE);
  const setCompare = (codes: string[]) => setUrl({ compare: codes.length === 0 ? [NONE] : codes.length === allCodes.length && allCodes.every((c) => codes.includes(c)) ? [] : codes });

  const current = regions.items.find((r) => r.region === region);
  const withoutAccounts = regions.query.isSuccess && region !== undefined && !current;
  const years = current ? yearRange(current.firstYear, current.lastYear) : [];
  const from = url.from ?? current?.firstYear;
  const to = url.to ?? (current ? Math.min(current.firstYear + 3, current.lastYear) : undefined);
  // The picker shows a region only once it is among the named options, never as a bare code.
  const regionOptions = withoutAccounts && region ? [{ value: region, label: regionName(region) }, ...regions.options] : regions.options;

  const indicators = useQuery({ queryKey: ['accounts', 'indicators', region], queryFn: () => accountsApi.indicators(region!), enabled: !!current });
  const change = useQuery({
    queryKey: ['accounts', 'change', region, from, to],
    queryFn: () => accountsApi.change(region!, from!, to!),
    enabled: !!current && from !== undefined && to !== undefined && from !== to,
  });
  const comparison = useQueries({
    queries: compare.map((code) => ({ queryKey: ['accounts', 'indicators', code], queryFn: () => accountsApi.indicators(code) })),
  });

  const rows: Row[] = useMemo(() => {
    const data = indicators.data;
    if (!data) return [];
    return data.indicators.map((i) => ({
      ...i,
      yoy: data.yearOnYear.find((y) => y.year === i.year),
      score: data.quality.find((q) => q.year === i.year)?.score,
    }));
  }, [indicators.data]);
  const latest = rows[rows.length - 1];
  const catLabel = (c: string) => t(`accounts.category.${c}`);
  const yearsAxis = rows.map((r) => String(r.year));

  const productivityOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${num(v, 0, locale)} ${t('accounts.unit.yuanPerTonne')}` },
    legend: { top: 0 },
    grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: yearsAxis },
    yAxis: { type: 'value', name: t('accounts.unit.yuanPerTonne'), scale: true },
    series: [
      { type: 'line', name: t('accounts.ind.productivityDmc'), data: rows.map((r) => r.productivityDmc), smooth: 0.2, itemStyle: { color: '#2f7d4f' }, lineStyle: { width: 3 } },
      { type: 'line', name: t('accounts.ind.productivityDmi'), data: rows.map((r) => r.productivityDmi), smooth: 0.2, itemStyle: { color: '#1677ff' } },
    ],
  };
  const categoryProductivityOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${num(v, 0, locale)} ${t('accounts.unit.yuanPerTonne')}` },
    legend: { top: 0 },
    grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: yearsAxis },
    // Biomass productivity is two orders above the others: a log axis keeps all four readable.
    yAxis: { type: 'log', name: `${t('accounts.unit.yuanPerTonne')} (log)` },
    series: CATEGORIES.map((c, i) => ({ type: 'line', name: catLabel(c), data: rows.map((r) => r.byCategory[c]?.productivity ?? null), smooth: 0.2, itemStyle: { color: categoryColors[i] } })),
  };
  const dmcOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${num(v, 0, locale)} ${t('accounts.unit.wanTonnes')}` },
    legend: { top: 0 },
    grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: yearsAxis },
    yAxis: { type: 'value', name: t('accounts.unit.wanTonnes') },
    series: CATEGORIES.map((c, i) => ({ type: 'bar', stack: 'dmc', name: catLabel(c), data: rows.map((r) => toWanTonnes(r.byCategory[c]?.dmc ?? 0)), itemStyle: { color: categoryColors[i] } })),
  };

  const comparisonSeries = comparison
    .map((q, i) => ({ code: compare[i]!, data: q.data }))
    .filter((s) => s.data)
    .map((s, i) => ({
      type: 'line',
      name: regions.nameOf(s.code),
      data: s.data!.indicators.map((r) => [String(r.year), r.productivityDmc]),
      smooth: 0.2,
      itemStyle: { color: regionColors[i % regionColors.length] },
    }));
  const allYears = [...new Set(comparison.flatMap((q) => q.data?.indicators.map((r) => r.year) ?? []))].sort().map(String);
  const comparisonOption = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${num(v, 0, locale)} ${t('accounts.unit.yuanPerTonne')}` },
    legend: { top: 0 },
    grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: allYears },
    yAxis: { type: 'value', name: `GDP/DMC ${t('accounts.unit.yuanPerTonne')}`, scale: true },
    series: comparisonSeries,
  };

  const columns: ColumnsType<Row> = [
    { title: t('accounts.ind.year'), dataIndex: 'year', width: 70, fixed: 'left' },
    { title: `${t('accounts.ind.dmiShort')} (${t('accounts.unit.wanTonnes')})`, dataIndex: 'dmi', align: 'right', render: (v: number) => num(toWanTonnes(v), 0, locale) },
    { title: `${t('accounts.ind.dmcShort')} (${t('accounts.unit.wanTonnes')})`, dataIndex: 'dmc', align: 'right', render: (v: number) => num(toWanTonnes(v), 0, locale) },
    { title: `${t('accounts.ind.dmcPerCapita')} (${t('accounts.unit.tonnesPerCapita')})`, dataIndex: 'dmcPerCapita', align: 'right', render: (v: number) => num(v, 2, locale) },
    { title: `${t('accounts.ind.gdpConstant')} (${t('accounts.unit.yi')})`, dataIndex: 'gdpConstant', align: 'right', render: (v: number) => num(v, 0, locale) },
    { title: `${t('accounts.ind.productivityShort')} GDP/DMC (${t('accounts.unit.yuanPerTonne')})`, dataIndex: 'productivityDmc', align: 'right', render: (v: number) => num(v, 0, locale) },
    { title: t('accounts.ind.cmu'), dataIndex: 'circularMaterialUseRate', align: 'right', render: (v: number) => pct(v, 1, false) },
    { title: t('accounts.ind.rir'), dataIndex: 'recyclingInputRate', align: 'right', render: (v: number) => pct(v, 1, false) },
    { title: t('accounts.ind.yoyGdp'), key: 'yoyGdp', align: 'right', render: (_, r) => pct(r.yoy?.gdpChange) },
    { title: t('accounts.ind.yoyDmc'), key: 'yoyDmc', align: 'right', render: (_, r) => pct(r.yoy?.dmcChange) },
    { title: t('accounts.ind.yoyProductivity'), key: 'yoyProd', align: 'right', render: (_, r) => <ChangeText value={r.yoy?.productivityChange} /> },
    { title: t('accounts.ind.quality'), dataIndex: 'score', align: 'right', render: (v?: number) => (v === undefined ? '—' : <Tag color={v >= 90 ? 'green' : v >= 60 ? 'orange' : 'red'}>{num(v, 0, locale)}</Tag>) },
  ];

  const c = change.data;
  const yearOptions = years.map((y) => ({ value: y, label: String(y) }));

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('accounts.region.title')}
        </Typography.Title>
        <Space wrap>
          <Typography.Text>{t('accounts.region.pick')}</Typography.Text>
          <Select data-testid="region-select" style={{ minWidth: 160 }} loading={regions.query.isPending} value={regionOptions.some((o) => o.value === region) ? region : undefined} options={regionOptions} onChange={(v) => setUrl({ region: v, from: undefined, to: undefined })} />
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('accounts.region.intro')}</Typography.Paragraph>
      {regions.query.isSuccess && regions.items.length === 0 && <Empty description={t('accounts.region.noData')} />}
      {withoutAccounts && regions.items.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="region-without-accounts"
          style={{ marginBottom: 16 }}
          title={t('accounts.region.noAccountsFor', { region: regionName(region) })}
          description={
            <Space wrap size={[12, 4]}>
              <span>{t('accounts.region.regionsWithAccounts')}</span>
              {regions.items.map((r) => (
                <Link key={r.region} to={`?region=${r.region}`} data-testid={`offer-region-${r.region}`}>
                  {regions.nameOf(r.region)}
                </Link>
              ))}
            </Space>
          }
        />
      )}
      {indicators.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} description={indicators.error.message} style={{ marginBottom: 16 }} />}
      {indicators.isPending && current && <Spin />}
      {latest && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={12} lg={6}>
            <Card size="small"><Statistic title={t('accounts.region.kpiProductivity', { year: latest.year })} value={num(latest.productivityDmc, 0, locale)} suffix={t('accounts.unit.yuanPerTonne')} /></Card>
          </Col>
          <Col xs={12} lg={6}>
            <Card size="small"><Statistic title={t('accounts.region.kpiDmc', { year: latest.year })} value={num(toWanTonnes(latest.dmc), 0, locale)} suffix={t('accounts.unit.wanTonnes')} /></Card>
          </Col>
          <Col xs={12} lg={6}>
            <Card size="small"><Statistic title={t('accounts.region.kpiPerCapita', { year: latest.year })} value={num(latest.dmcPerCapita, 2, locale)} suffix={t('accounts.unit.tonnesPerCapita')} /></Card>
          </Col>
          <Col xs={12} lg={6}>
            <Card size="small"><Statistic title={t('accounts.region.kpiCmu', { year: latest.year })} value={pct(latest.circularMaterialUseRate, 1, false)} /></Card>
          </Col>
        </Row>
      )}

      {current && (
        <Card title={t('accounts.region.changeTitle')} style={{ marginBottom: 16 }} data-testid="change-card"
          extra={
            <Space>
              <Select data-testid="change-from" size="small" style={{ width: 90 }} value={from} options={yearOptions} onChange={(v) => setUrl({ from: v, to })} />
              →
              <Select data-testid="change-to" size="small" style={{ width: 90 }} value={to} options={yearOptions} onChange={(v) => setUrl({ to: v, from })} />
            </Space>
          }
        >
          {from === to && <Alert type="info" showIcon title={t('accounts.region.sameYear')} />}
          {change.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} description={change.error.message} />}
          {c && (
            <Row gutter={[24, 16]}>
              <Col xs={24} md={6}>
                <Statistic title={t('accounts.region.productivityChange', { from: c.from, to: c.to })} value={pct(c.productivityChange)} valueStyle={{ color: c.productivityChange >= 0 ? '#2f7d4f' : '#cf1322', fontSize: 32 }} data-testid="productivity-change" />
                <Typography.Text type="secondary">{t('accounts.region.formula', { gdp: pct(c.gdpChange), dmc: pct(c.dmcChange), result: pct(c.productivityChange) })}</Typography.Text>
              </Col>
              <Col xs={24} md={9}>
                <Descriptions size="small" column={1} bordered>
                  <Descriptions.Item label={t('accounts.region.gdpChange')}>{pct(c.gdpChange)}</Descriptions.Item>
                  <Descriptions.Item label={t('accounts.region.dmcChange')}>{pct(c.dmcChange)}</Descriptions.Item>
                  <Descriptions.Item label={t('accounts.region.dmiChange')}>{pct(c.dmiChange)}</Descriptions.Item>
                  <Descriptions.Item label={t('accounts.region.annual')}>
                    {t('accounts.region.annualText', { p: pct(c.decomposition.annualProductivityGrowth, 2), g: pct(c.decomposition.annualGdpGrowth, 2), r: pct(c.decomposition.annualResourceGrowth, 2) })}
                  </Descriptions.Item>
                </Descriptions>
              </Col>
              <Col xs={24} md={9}>
                <Typography.Text strong>{t('accounts.region.decomposition')}</Typography.Text>
                <Chart
                  height={150}
                  testId="chart-decomposition"
                  option={{
                    tooltip: { trigger: 'axis', valueFormatter: (v: number) => pct(v / 100, 1) },
                    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
                    xAxis: { type: 'value', splitNumber: 3, axisLabel: { formatter: '{value}%' } },
                    yAxis: { type: 'category', data: [t('accounts.region.gdpShare'), t('accounts.region.resourceShare')], inverse: true },
                    series: [
                      {
                        type: 'bar',
                        name: t('accounts.region.share'),
                        data: [
                          { value: c.decomposition.gdpShare * 100, itemStyle: { color: '#2f7d4f' } },
                          { value: c.decomposition.resourceShare * 100, itemStyle: { color: '#d48806' } },
                        ],
                        label: { show: true, position: 'right', formatter: (p: { value: number }) => `${p.value.toFixed(0)} %` },
                      },
                    ],
                  }}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('accounts.region.decompositionNote')}</Typography.Text>
              </Col>
            </Row>
          )}
        </Card>
      )}

      {current && rows.length > 0 && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card title={t('accounts.region.productivityTitle')}><Chart option={productivityOption} testId="chart-productivity" /></Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('accounts.region.categoryProductivityTitle')}><Chart option={categoryProductivityOption} testId="chart-category-productivity" /></Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('accounts.region.dmcTitle')}><Chart option={dmcOption} testId="chart-dmc" /></Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card
              title={t('accounts.region.compareTitle')}
              extra={<Select mode="multiple" size="small" style={{ minWidth: 260 }} maxTagCount="responsive" value={compare} options={regions.options} onChange={setCompare} data-testid="compare-select" />}
            >
              <Chart option={comparisonOption} testId="chart-compare" />
            </Card>
          </Col>
          <Col span={24}>
            <Card title={t('accounts.region.tableTitle')}>
              <Table<Row> rowKey="year" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 1100 }} data-testid="indicators-table" />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}

function ChangeText({ value }: { value: number | undefined }) {
  if (value === undefined) return <>—</>;
  return <Typography.Text type={value >= 0 ? 'success' : 'danger'}>{pct(value)}</Typography.Text>;
}
