import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Spin, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { supplyApi } from './api';
import { Chart } from '../../components/Chart';

export default function PriceIndexPage() {
  const { t } = useTranslation();
  const index = useQuery({ queryKey: ['supply', 'index'], queryFn: () => supplyApi.index(), staleTime: 10 * 60_000 });
  const d = index.data;
  const option = useMemo(() => {
    if (!d) return null;
    return {
      grid: { left: 56, right: 72, top: 64, bottom: 64 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : v.toFixed(1)) },
      xAxis: { type: 'category', data: d.periods, boundaryGap: false },
      yAxis: { type: 'value', scale: true },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 12, height: 22 }],
      series: [
        {
          name: t('supply.index.composite'),
          type: 'line',
          data: d.composite,
          showSymbol: false,
          lineStyle: { width: 3.5 },
          color: '#262626',
          z: 10,
          markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#999' }, label: { formatter: t('supply.index.base100') }, data: [{ yAxis: 100 }] },
        },
        ...Object.entries(d.categories).map(([c, values]) => ({
          name: t(`supply.category.${c}`, { defaultValue: c }),
          type: 'line',
          data: values,
          showSymbol: false,
          lineStyle: { width: 1, opacity: 0.55 },
        })),
      ],
    };
  }, [d, t]);
  const last = d ? d.composite[d.composite.length - 1] : null;
  const latestRows = useMemo(
    () =>
      d
        ? Object.entries(d.categories)
            .map(([c, v]) => ({ key: c, name: t(`supply.category.${c}`, { defaultValue: c }), latest: v[v.length - 1] ?? null, peak: Math.max(...v.map((x) => x ?? 0)) }))
            .sort((a, b) => (b.latest ?? 0) - (a.latest ?? 0))
        : [],
    [d, t],
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('supply.nav.index')}
      </Typography.Title>
      {index.error && <Alert type="error" showIcon message={String(index.error.message)} />}
      {d && (
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('supply.index.base')}>{d.base ?? '—'} = 100</Descriptions.Item>
            <Descriptions.Item label={t('supply.index.herbs')}>{d.herbs}</Descriptions.Item>
            <Descriptions.Item label={t('supply.index.latest')}>
              {d.periods[d.periods.length - 1]}: {last === null || last === undefined ? '—' : last.toFixed(1)}
            </Descriptions.Item>
            <Descriptions.Item label={t('supply.index.method')}>{t(`supply.index.methods.${d.method}`)}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title={t('supply.index.chart')} size="small">
        {option ? <Chart option={option} height={460} testId="index-chart" /> : <Spin />}
      </Card>
      {d && (
        <Card title={t('supply.index.categories')} size="small">
          <Table
            data-testid="index-table"
            size="small"
            pagination={false}
            dataSource={latestRows}
            columns={[
              { title: t('supply.herb.category'), dataIndex: 'name' },
              { title: t('supply.index.latest'), dataIndex: 'latest', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
              { title: t('supply.index.peak'), dataIndex: 'peak', align: 'right', render: (v: number) => v.toFixed(1) },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
