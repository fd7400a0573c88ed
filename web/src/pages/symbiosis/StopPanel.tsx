import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Criticality, type StopResult, symApi } from './api';
import { ChartPanel } from './ChartPanel';

const fmt = (v: number, digits = 1) => v.toLocaleString('zh-CN', { maximumFractionDigits: digits });
type Firm = Criticality['items'][number]['firm'];

function criticalityOption(items: Criticality['items'], name: (f: Firm) => string, axis: string): EChartsCoreOption {
  const top = items.slice(0, 12).reverse();
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', name: axis },
    yAxis: { type: 'category', data: top.map((i) => name(i.firm)), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [{ type: 'bar', data: top.map((i) => Math.round(i.displacedTonnes * 10) / 10), itemStyle: { color: '#d46b08' } }],
  };
}

/** "Firm stops" (what happens to everyone when firms stop) and the criticality of every firm: for those who oversee the park. */
export function StopPanel({ park, year }: { park: string; year: number }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const name = (f: Firm) => (en ? f.nameEn : f.nameZh) || f.code;
  const crit = useQuery({ queryKey: ['symbiosis', 'criticality', park, year], queryFn: () => symApi.criticality(park, year) });
  const [firms, setFirms] = useState<string[]>([]);
  const [herb, setHerb] = useState('');
  const [product, setProduct] = useState('');
  const [fallPercent, setFallPercent] = useState<number | null>(30);
  const priceFall = product.trim() !== '' && fallPercent !== null && fallPercent > 0 ? { product: product.trim(), fall: fallPercent / 100 } : undefined;
  const stop = useMutation({ mutationFn: () => symApi.stop(park, firms, year, herb.trim() || undefined, priceFall) });
  const option = useMemo(() => (crit.data ? criticalityOption(crit.data.items, (f) => (en ? f.nameEn : f.nameZh) || f.code, t('symbiosis.stop.displacedAxis')) : null), [crit.data, en, t]);
  if (crit.isError) return null;
  const items = crit.data?.items ?? [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('symbiosis.stop.title')} data-testid="symbiosis-stop">
        <Space wrap style={{ width: '100%' }}>
          <Select
            mode="multiple"
            aria-label={t('symbiosis.stop.firms')}
            placeholder={t('symbiosis.stop.firms')}
            style={{ minWidth: 240, maxWidth: '100%' }}
            value={firms}
            onChange={setFirms}
            options={items.map((i) => ({ value: i.firm.code, label: name(i.firm) }))}
            optionFilterProp="label"
            data-testid="symbiosis-stop-firms"
          />
          <Input allowClear aria-label={t('symbiosis.stop.herbShortage')} placeholder={t('symbiosis.stop.herbShortage')} style={{ width: 180, maxWidth: '100%' }} value={herb} onChange={(e) => setHerb(e.target.value)} data-testid="symbiosis-stop-herb" />
          <Space.Compact style={{ maxWidth: '100%' }}>
            <Input allowClear aria-label={t('symbiosis.stop.priceFallProduct')} placeholder={t('symbiosis.stop.priceFallProduct')} style={{ width: 180 }} value={product} onChange={(e) => setProduct(e.target.value)} data-testid="symbiosis-stop-product" />
            <InputNumber aria-label={t('symbiosis.stop.priceFallShare')} min={1} max={100} suffix="%" style={{ width: 96 }} value={fallPercent} onChange={setFallPercent} data-testid="symbiosis-stop-fall" />
          </Space.Compact>
          <Button type="primary" disabled={firms.length === 0 && herb.trim() === '' && priceFall === undefined} loading={stop.isPending} onClick={() => stop.mutate()} data-testid="symbiosis-stop-run">
            {t('symbiosis.stop.run')}
          </Button>
        </Space>
        {stop.isError && <Alert style={{ marginTop: 12 }} type="error" showIcon message={t('symbiosis.loadFailed')} />}
        {stop.data && <StopResultView result={stop.data} name={name} />}
      </Card>
      <ChartPanel
        title={t('symbiosis.stop.criticality')}
        option={option}
        rows={items.map((i, k) => ({ rank: k + 1, code: i.firm.code, firm: name(i.firm), displaced: i.displacedTonnes, cost: i.extraDisposalCost, stopped: i.stoppedCount, exposure: i.exposure }))}
        rowKey={(r) => r.code}
        columns={[
          { key: 'rank', title: '#', align: 'right' },
          { key: 'firm', title: t('symbiosis.stop.firm') },
          { key: 'displaced', title: t('symbiosis.stop.displaced'), align: 'right', render: (v) => fmt(v as number) },
          { key: 'cost', title: t('symbiosis.stop.cost'), align: 'right', render: (v) => fmt(v as number, 0) },
          { key: 'stopped', title: t('symbiosis.stop.stoppedCount'), align: 'right' },
          { key: 'exposure', title: t('symbiosis.stop.exposure'), align: 'right', render: (v) => fmt(v as number, 0) },
        ]}
        fileName={`symbiosis-criticality-${year}.csv`}
        testId="symbiosis-criticality"
        height={Math.max(240, Math.min(items.length, 12) * 28)}
      />
    </Space>
  );
}

function StopResultView({ result, name }: { result: StopResult; name: (f: Firm) => string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 12 }} data-testid="symbiosis-stop-result">
      {result.shocks.map((s) => (
        <Typography.Text key={s.kind} data-testid="symbiosis-stop-shock">
          {t(`symbiosis.stop.shock.${s.kind}`, { subject: s.subject })}: {s.halted.length > 0 ? s.halted.map(name).join('，') : t('symbiosis.stop.haltsNobody')}
          {s.spared.length > 0 && (
            <Typography.Text type="secondary">
              {' '}
              {t('symbiosis.stop.spared', { firms: s.spared.map((f) => (f.lostRevenueShare === null ? name(f) : t('symbiosis.stop.sparedFirm', { firm: name(f), share: fmt(f.lostRevenueShare * 100, 0) }))).join(t('symbiosis.stop.listSeparator')) })}
            </Typography.Text>
          )}
        </Typography.Text>
      ))}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 3 }}
        items={[
          { key: 'order', label: t('symbiosis.stop.order'), children: result.stopped.map(name).join(' → ') },
          { key: 'displaced', label: t('symbiosis.stop.displaced'), children: fmt(result.displacedTonnes) },
          { key: 'cost', label: t('symbiosis.stop.cost'), children: fmt(result.extraDisposalCost, 0) },
        ]}
      />
      <List
        size="small"
        header={<Typography.Text strong>{t('symbiosis.stop.affected')}</Typography.Text>}
        dataSource={result.affected}
        locale={{ emptyText: <Empty description={t('symbiosis.stop.nobody')} /> }}
        renderItem={(a) => (
          <List.Item>
            <Space wrap>
              <Typography.Text>{name(a.firm)}</Typography.Text>
              {a.stopped && <Tag color="red">{t('symbiosis.stop.stops')}</Tag>}
              {a.lostOutletT > 0 && <Tag>{t('symbiosis.stop.lostOutlet', { tonnes: fmt(a.lostOutletT) })}</Tag>}
              {a.lostInputT > 0 && <Tag>{t('symbiosis.stop.lostInput', { tonnes: fmt(a.lostInputT) })}</Tag>}
            </Space>
          </List.Item>
        )}
      />
      {result.alternatives.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('symbiosis.stop.alternatives')}</Typography.Text>}
          dataSource={result.alternatives}
          data-testid="symbiosis-alternatives"
          renderItem={(a) => (
            <List.Item>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text>
                  {name(a.firm)} · {t(`symbiosis.stop.lost.${a.lost}`, { tonnes: fmt(a.tonnes) })}
                </Typography.Text>
                {a.options.length === 0 ? (
                  <Typography.Text type="secondary">{t('symbiosis.stop.noOption')}</Typography.Text>
                ) : (
                  a.options.map((o) => (
                    <Typography.Text key={o.offerId} type="secondary" style={{ fontSize: 12 }}>
                      {o.counterpart ? name(o.counterpart) : t('symbiosis.stop.anonymous')}{o.otherPark && o.park ? ` · ${t('symbiosis.stop.otherPark', { park: en ? o.park.nameEn : o.park.nameZh })}` : ''} · {o.title} · {fmt(o.distanceKm)} km · {t('symbiosis.stop.delivered', { value: fmt(o.deliveredValuePerTonne, 0) })}
                    </Typography.Text>
                  ))
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}
