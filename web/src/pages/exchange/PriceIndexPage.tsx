import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'react';
import { type TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart';
import { auctionApi, type IndexSeries, indexCsvPath, type PriceIndex } from './auctionApi';

type Category = NonNullable<Parameters<typeof auctionApi.index>[0]>['category'];

const fmt = (v: number | null, digits = 1) => (v === null ? '—' : v.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

/** An ISO week as the reader says it ("2024 年第 1 周", "week 1 of 2024"), not its code 2024-W01. */
function weekLabel(t: TFunction, week: string | null | undefined): string {
  const iso = week ? /^(\d{4})-W(\d{2})$/.exec(week) : null;
  if (!iso) return week ?? '—';
  return t('exchangeAuction.index.week', { year: iso[1], week: Number(iso[2]) });
}

/** One line per series over the union of their weeks; a week without a value is a gap in the line, never joined over. */
function lineOption(t: TFunction, series: readonly { name: string; s: IndexSeries; value: (w: IndexSeries['weeks'][number]) => number | null }[], yName: string): EChartsCoreOption {
  const weeks = [...new Set(series.flatMap(({ s }) => s.weeks.map((w) => w.week)))].sort();
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 84 },
    xAxis: { type: 'category', data: weeks.map((w) => weekLabel(t, w)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: yName, scale: true },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 32 }],
    series: series.map(({ name, s, value }) => {
      const byWeek = new Map(s.weeks.map((w) => [w.week, value(w)]));
      // Symbols always: a priced week between two gaps has no segment, only its point shows it.
      return { name, type: 'line', showSymbol: true, showAllSymbol: true, symbolSize: 5, connectNulls: false, data: weeks.map((w) => byWeek.get(w) ?? null) };
    }),
  };
}

function Method({ index }: { index: PriceIndex }) {
  const { t } = useTranslation();
  const m = index.method;
  return (
    <Card size="small" title={t('exchangeAuction.index.methodTitle')} data-testid="index-method">
      <Typography.Paragraph>{t('exchangeAuction.index.methodPrice', { outlierMinTrades: m.outlierMinTrades, outlierMads: m.outlierMads })}</Typography.Paragraph>
      <Typography.Paragraph>
        {/* Notation, read alike in both languages: L_t is the week's link, s the previous priced week. */}
        <code>
          <var>L</var>
          <sub>t</sub> = Σ q(k, y−1) · p(k, t) / Σ q(k, y−1) · p(k, s)
        </code>
      </Typography.Paragraph>
      <Typography.Paragraph>{t('exchangeAuction.index.methodLink')}</Typography.Paragraph>
      <Typography.Paragraph>{t('exchangeAuction.index.methodBase', { base: m.baseValue, week: weekLabel(t, index.baseWeek) })}</Typography.Paragraph>
      <Typography.Paragraph>{t('exchangeAuction.index.methodDisclosure', { minTrades: m.minTrades, minSellers: m.minSellers })}</Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('exchangeAuction.index.methodGap')}</Typography.Paragraph>
    </Card>
  );
}

/**
 * The public by-product price index (no login): the composite and each category, a category's
 * grades with their published prices, the method with its parameters, and the series as CSV.
 */
export default function PriceIndexPage() {
  const { t } = useTranslation();
  const [category, setCategory] = useState<Category>(undefined);
  const all = useQuery({ queryKey: ['public', 'exchange-index'], queryFn: () => auctionApi.index() });
  const one = useQuery({ queryKey: ['public', 'exchange-index', category], queryFn: () => auctionApi.index({ category }), enabled: category !== undefined });
  const index = all.data;
  const className = (c: string | null) => (c === null ? '' : t(`exchange.class.${c}`));

  const overview = useMemo(() => {
    if (!index) return null;
    const className = (c: string | null) => (c === null ? '' : t(`exchange.class.${c}`));
    const shown = index.series.filter((s) => s.kind !== 'cell');
    return lineOption(
      t,
      shown.map((s) => ({ name: s.kind === 'composite' ? t('exchangeAuction.index.composite') : className(s.category), s, value: (w) => w.index })),
      t('exchangeAuction.index.indexAxis'),
    );
  }, [index, t]);
  const cells = (one.data?.series ?? []).filter((s) => s.kind === 'cell');
  const cellPrices = useMemo(
    () => (cells.length ? lineOption(t, cells.map((s) => ({ name: t('exchangeAuction.index.gradeName', { grade: s.grade }), s, value: (w) => w.price })), t('exchangeAuction.index.priceAxis')) : null),
    [cells, t],
  );
  const latest = index?.series.find((s) => s.kind === 'composite')?.weeks.findLast((w) => w.index !== null);
  const csvHref = category ? `${indexCsvPath}?category=${encodeURIComponent(category)}` : indexCsvPath;

  if (all.isError) return <Alert type="error" showIcon message={t('exchangeAuction.index.loadFailed')} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="price-index-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('exchangeAuction.index.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('exchangeAuction.index.lead')}
      </Typography.Paragraph>
      <Card size="small" loading={all.isLoading}>
        {index && index.trades > 0 ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Text>
                {t('exchangeAuction.index.summary', { trades: index.trades, base: weekLabel(t, index.baseWeek), latest: latest ? `${weekLabel(t, latest.week)}: ${fmt(latest.index)}` : '—' })}
              </Typography.Text>
              <Button href={csvHref} icon={<DownloadOutlined />} data-testid="index-csv">
                {t('exchangeAuction.index.csv')}
              </Button>
            </Space>
            {overview && <Chart option={overview} height={360} testId="index-chart" ariaLabel={t('exchangeAuction.index.title')} />}
          </Space>
        ) : (
          <Empty description={t('exchangeAuction.index.noTrades')} />
        )}
      </Card>
      {index && index.categories.length > 0 && (
        <Card
          size="small"
          title={t('exchangeAuction.index.byGrade')}
          extra={
            <Select<Category>
              allowClear
              placeholder={t('exchangeAuction.index.pickCategory')}
              style={{ width: 200 }}
              value={category}
              onChange={setCategory}
              options={index.categories.map((c) => ({ value: c as Category, label: className(c) }))}
              data-testid="index-category"
            />
          }
        >
          {category === undefined ? (
            <Typography.Text type="secondary">{t('exchangeAuction.index.pickCategoryHint')}</Typography.Text>
          ) : cellPrices ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Chart option={cellPrices} height={300} testId="index-cell-chart" ariaLabel={t('exchangeAuction.index.byGrade')} />
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={cells.map((s) => {
                  const last = s.weeks.findLast((w) => w.price !== null);
                  return { key: s.key, grade: t('exchangeAuction.index.gradeName', { grade: s.grade }), week: weekLabel(t, last?.week), price: last?.price ?? null, trades: last?.trades ?? null, index: last?.index ?? null };
                })}
                columns={[
                  { title: t('exchangeAuction.index.grade'), dataIndex: 'grade' },
                  { title: t('exchangeAuction.index.lastWeek'), dataIndex: 'week' },
                  { title: t('exchangeAuction.index.price'), dataIndex: 'price', align: 'right', render: (v: number | null) => fmt(v, 0) },
                  { title: t('exchangeAuction.index.trades'), dataIndex: 'trades', align: 'right', responsive: ['sm'] },
                  { title: t('exchangeAuction.index.indexCol'), dataIndex: 'index', align: 'right', render: (v: number | null) => fmt(v) },
                ]}
              />
            </Space>
          ) : (
            <Empty description={one.isLoading ? null : t('exchangeAuction.index.noCells')} />
          )}
        </Card>
      )}
      {index && <Method index={index} />}
    </Space>
  );
}
