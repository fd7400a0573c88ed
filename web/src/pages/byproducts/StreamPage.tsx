import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Collapse, Descriptions, Empty, Row, Segmented, Select, Slider, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { type AdviceOption, bi, bpApi, CRITERIA_ORDER, type Cascade, herbName, labelOf, MODE_COLORS, money, moneyInColumn, num } from './api';
import { Chart } from '../../components/Chart';
import { useTaxonomy } from './useTaxonomy';
import { Citation } from '../../components/Citation';
import { UserText } from '../../components/UserText';

type Weights = Record<string, number>;

function weightsParam(preset: string, custom: Weights | null): string {
  if (!custom) return preset;
  return Object.entries(custom)
    .map(([k, v]) => `${k}=${Math.round(v * 100) / 100}`)
    .join(',');
}

export default function StreamPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [params, setParams] = useSearchParams();
  const id = params.get('id') ?? '';
  const taxonomy = useTaxonomy();
  const tx = taxonomy.data;
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const streams = useQuery({ queryKey: ['byproducts', 'streams'], queryFn: () => bpApi.streams() });
  const stream = useQuery({ queryKey: ['byproducts', 'stream', id], queryFn: () => bpApi.stream(id), enabled: !!id });
  const classification = useQuery({ queryKey: ['byproducts', 'classification', id], queryFn: () => bpApi.classification(id), enabled: !!id });
  const [preset, setPreset] = useState<string>('balanced');
  const [custom, setCustom] = useState<Weights | null>(null);
  const weights = weightsParam(preset, custom);
  const advice = useQuery({ queryKey: ['byproducts', 'advice', id, weights], queryFn: () => bpApi.advice(id, weights), enabled: !!id, placeholderData: (p) => p });
  const cascade = useQuery({ queryKey: ['byproducts', 'cascade', id, weights], queryFn: () => bpApi.cascade(id, weights), enabled: !!id, placeholderData: (p) => p });
  const [override, setOverride] = useState<string[] | null>(null);
  const saveOverride = useMutation({
    mutationFn: (classes: string[] | null) => bpApi.update(id, { classOverride: classes }),
    onSuccess: () => {
      setOverride(null);
      void queryClient.invalidateQueries({ queryKey: ['byproducts'] });
    },
    onError: (e) => onError(e),
  });

  const criterionLabel = (c: string) => labelOf(tx?.criteria, c, en);
  // The presets are the server's (taxonomy): the page only labels them.
  const presets = Object.keys(tx?.weightPresets ?? {});
  const presetWeights = (p: string) => tx?.weightPresets[p] ?? {};
  const shownWeights: Weights = custom ?? presetWeights(preset);
  const top = (advice.data?.options ?? []).slice(0, 3);

  const radar = useMemo(
    () => ({
      tooltip: {},
      legend: { bottom: 0, orient: 'vertical' },
      radar: { indicator: CRITERIA_ORDER.map((c) => ({ name: criterionLabel(c), max: 1 })), radius: '58%', center: ['50%', '40%'] },
      series: [
        {
          type: 'radar',
          data: top.map((o) => ({ name: `${o.rank}. ${bi(o.name, en)}`, value: CRITERIA_ORDER.map((c) => Math.round((o.criteriaRelative[c] ?? 0) * 100) / 100), areaStyle: { opacity: 0.08 } })),
        },
      ],
    }),
    [advice.data, en, tx],
  );

  if (!id) {
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('byproducts.nav.advisor')}
        </Typography.Title>
        <Select
          showSearch
          optionFilterProp="label"
          style={{ width: 480 }}
          placeholder={t('byproducts.advisor.pick')}
          options={(streams.data?.items ?? []).map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }))}
          onChange={(code: string) => setParams({ id: code })}
          data-testid="stream-picker"
        />
      </Space>
    );
  }

  const s = stream.data;
  const optionColumns: ColumnsType<AdviceOption> = [
    { title: t('byproducts.advisor.rank'), dataIndex: 'rank', width: 56 },
    { title: t('byproducts.advisor.pathway'), key: 'pathway', render: (_, o) => <span data-pathway={o.pathway}>{bi(o.name, en)}</span>, width: 220 },
    { title: t('byproducts.advisor.product'), key: 'product', render: (_, o) => bi(o.product, en), width: 240 },
    { title: t('byproducts.advisor.mode'), dataIndex: 'mode', width: 150, render: (m: string) => <Tag color={MODE_COLORS[m]}>{labelOf(tx?.modes, m, en)}</Tag> },
    { title: t('byproducts.advisor.score'), dataIndex: 'score', align: 'right', width: 80, render: (v: number) => v.toFixed(3) },
    {
      title: `${t('byproducts.advisor.netValue')} (${t('byproducts.advisor.moneyUnit')})`,
      dataIndex: 'netValuePerYear',
      align: 'right',
      width: 130,
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (v: number) => (
        <Space orientation="vertical" size={0} align="end">
          <Typography.Text type={v < 0 ? 'danger' : undefined}>{moneyInColumn(v, en)}</Typography.Text>
          {v < 0 && (
            <Tag color="red" data-testid="loses-money" style={{ marginInlineEnd: 0 }}>
              {t('byproducts.advisor.losesMoney')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('byproducts.advisor.reasons'),
      key: 'reasons',
      // Room to read: without a width the other columns squeeze the reasons one word per line.
      width: 320,
      render: (_, o) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text style={{ fontSize: 12 }}>{bi(o.reasons, en)}</Typography.Text>
          {o.caveats.map((c, i) => (
            <Typography.Text key={i} type="warning" style={{ fontSize: 12 }}>
              ⚠ {bi(c, en)}
            </Typography.Text>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="baseline" wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="stream-title">
          <UserText>{s?.name ?? id}</UserText>
        </Typography.Title>
        <Link to="/byproducts/streams">{t('byproducts.advisor.back')}</Link>
      </Space>
      {stream.error && <Alert type="error" showIcon message={String(stream.error.message)} />}
      {s && (
        <Descriptions size="small" bordered column={{ xs: 1, sm: 2, xl: 4 }} data-testid="stream-facts">
          <Descriptions.Item label={t('byproducts.streams.organisation')}><UserText>{s.organisationName}</UserText></Descriptions.Item>
          <Descriptions.Item label={t('byproducts.form.herb')}>{s.herb ? (herbName(s.herb, en) ?? <UserText>{s.herb}</UserText>) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('byproducts.streams.source')}>{[labelOf(tx?.parts, s.part, en), labelOf(tx?.residues, s.residue, en)].filter((x) => x !== '—').join(' / ')}</Descriptions.Item>
          <Descriptions.Item label={t('byproducts.streams.stage')}>{labelOf(tx?.stages, s.stage, en)}</Descriptions.Item>
          <Descriptions.Item label={t('byproducts.streams.state')}>{labelOf(tx?.states, s.state, en)}</Descriptions.Item>
          <Descriptions.Item label={t('byproducts.streams.tonnes')}>{num(s.tonnesPerYear, 1)}</Descriptions.Item>
          <Descriptions.Item label={t('byproducts.form.moisture')}>{s.moisture === null || s.moisture === undefined ? t('byproducts.advisor.assumed') : `${num(s.moisture)} %`}</Descriptions.Item>
          <Descriptions.Item label={t('byproducts.streams.handling')}>
            {labelOf(tx?.handlings, s.currentHandling, en)}
            {s.currentHandlingCostPerTonne !== null && s.currentHandlingCostPerTonne !== undefined ? ` · ${money(s.currentHandlingCostPerTonne, en)}/t` : ''}
          </Descriptions.Item>
        </Descriptions>
      )}

      <Card size="small" title={t('byproducts.advisor.classes')} data-testid="classes-card">
        {classification.data && (
          <>
            {classification.data.override && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('byproducts.advisor.overrideActive')} />}
            <Table
              size="small"
              pagination={false}
              rowKey={(c) => `${c.class}-${c.basis}`}
              dataSource={classification.data.classes}
              data-testid="classes-table"
              columns={[
                { title: t('byproducts.advisor.class'), dataIndex: 'class', render: (c: string) => <Tag color="geekblue">{labelOf(tx?.classes, c, en)}</Tag> },
                { title: t('byproducts.advisor.classScore'), dataIndex: 'score', align: 'right', render: (v: number) => v.toFixed(2) },
                { title: t('byproducts.advisor.rule'), dataIndex: 'rule', render: (r: { zh: string; en: string }) => bi(r, en) },
                { title: t('byproducts.advisor.basis'), dataIndex: 'basis', render: (b: string) => t(`byproducts.basis.${b}`, { defaultValue: b }) },
                { title: t('byproducts.advisor.source'), dataIndex: 'source', render: (x: string) => <Typography.Text type="secondary" style={{ fontSize: 12 }}><Citation source={x} /></Typography.Text> },
              ]}
            />
            {classification.data.override && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
                {t('byproducts.advisor.derived')}: {classification.data.derived.map((c) => `${labelOf(tx?.classes, c.class, en)} ${c.score.toFixed(2)}`).join('，') || '—'}
              </Typography.Paragraph>
            )}
            <Space wrap style={{ marginTop: 8 }}>
              <Typography.Text>{t('byproducts.advisor.override')}</Typography.Text>
              <Select
                mode="multiple"
                style={{ minWidth: 360 }}
                value={override ?? (classification.data.override ? classification.data.classes.map((c) => c.class) : [])}
                onChange={setOverride}
                options={(tx?.classes ?? []).map((c) => ({ value: c.id, label: en ? c.en : c.zh }))}
                data-testid="override-select"
              />
              <Button disabled={!override || override.length === 0} loading={saveOverride.isPending} onClick={() => saveOverride.mutate(override)}>
                {t('byproducts.advisor.saveOverride')}
              </Button>
              {classification.data.override && (
                <Button onClick={() => saveOverride.mutate(null)} data-testid="clear-override">
                  {t('byproducts.advisor.clearOverride')}
                </Button>
              )}
            </Space>
          </>
        )}
      </Card>

      <Card size="small" title={t('byproducts.advisor.weights')} data-testid="weights-card">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Segmented
            value={custom ? 'custom' : preset}
            onChange={(v) => {
              if (v === 'custom') return;
              setPreset(String(v));
              setCustom(null);
            }}
            options={[...presets.map((p) => ({ value: p, label: t(`byproducts.preset.${p}`) })), { value: 'custom', label: t('byproducts.preset.custom'), disabled: !custom }]}
            data-testid="weight-presets"
          />
          <Row gutter={24}>
            {CRITERIA_ORDER.map((c) => (
              <Col xs={12} sm={6} key={c}>
                <Typography.Text style={{ fontSize: 12 }}>
                  {criterionLabel(c)}: {(shownWeights[c] ?? 1).toFixed(1)}
                </Typography.Text>
                <Slider
                  min={0}
                  max={5}
                  step={0.1}
                  value={shownWeights[c] ?? 1}
                  onChange={(v: number) => setCustom({ ...shownWeights, [c]: v })}
                  data-testid={`weight-${c}`}
                />
              </Col>
            ))}
          </Row>
        </Space>
      </Card>

      <Card size="small" title={t('byproducts.advisor.options')} extra={advice.isFetching ? t('byproducts.advisor.updating') : null}>
        {advice.error && <Alert type="error" showIcon message={String(advice.error.message)} />}
        {advice.data && advice.data.options.length === 0 && <Empty description={t('byproducts.advisor.noOptions')} />}
        {advice.data && advice.data.options.length > 0 && (
          <Row gutter={16}>
            <Col span={24}>
              <Table<AdviceOption> size="small" rowKey="pathway" pagination={false} scroll={{ x: 'max-content' }} columns={optionColumns} dataSource={advice.data.options} data-testid="options-table" />
            </Col>
            <Col xs={24} xl={14} style={{ marginTop: 16 }}>
              <Typography.Text strong>{t('byproducts.advisor.radar')}</Typography.Text>
              <Chart option={radar} height={400} testId="radar-chart" />
            </Col>
            <Col xs={24} xl={10} style={{ marginTop: 16 }}>
              <Typography.Text strong>{t('byproducts.advisor.sensitivity')}</Typography.Text>
              <ul style={{ paddingLeft: 18, fontSize: 12 }} data-testid="sensitivity">
                {advice.data.sensitivity.map((x) => (
                  <li key={x.criterion}>
                    {x.newTop && x.delta !== null
                      ? t('byproducts.advisor.flips', {
                          criterion: criterionLabel(x.criterion),
                          delta: `${x.delta > 0 ? '+' : ''}${(x.delta * 100).toFixed(0)}`,
                          top: bi(advice.data.excluded.find((e) => e.pathway === x.newTop)?.name ?? advice.data.options.find((o) => o.pathway === x.newTop)?.name, en) || x.newTop,
                        })
                      : t('byproducts.advisor.stable', { criterion: criterionLabel(x.criterion) })}
                  </li>
                ))}
              </ul>
            </Col>
          </Row>
        )}
        {advice.data && advice.data.excluded.length > 0 && (
          <Collapse
            style={{ marginTop: 12 }}
            size="small"
            items={[
              {
                key: 'excluded',
                label: t('byproducts.advisor.excluded', { count: advice.data.excluded.length }),
                children: (
                  <Table
                    size="small"
                    rowKey="pathway"
                    pagination={{ pageSize: 10 }}
                    dataSource={advice.data.excluded}
                    data-testid="excluded-table"
                    columns={[
                      { title: t('byproducts.advisor.pathway'), dataIndex: 'name', render: (n: { zh: string; en: string }) => bi(n, en), width: 300 },
                      { title: t('byproducts.advisor.why'), dataIndex: 'why', render: (w: { zh: string; en: string }) => bi(w, en) },
                    ]}
                  />
                ),
              },
            ]}
          />
        )}
      </Card>

      <CascadeCard cascade={cascade.data} error={cascade.error} en={en} modes={tx?.modes} ranks={new Map((advice.data?.options ?? []).map((o) => [o.pathway, o.rank]))} />
    </Space>
  );
}

function CascadeCard({
  cascade,
  error,
  en,
  modes,
  ranks,
}: {
  cascade: Cascade | undefined;
  error: Error | null;
  en: boolean;
  modes: { id: string; zh: string; en: string }[] | undefined;
  /** Each pathway's place in the ranked options above (the cascade orders by its own objective). */
  ranks: ReadonlyMap<string, number>;
}) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    if (!cascade) return {};
    const nodes = cascade.sankey.nodes.filter((n) => cascade.sankey.links.some((l) => (l.source === n.id || l.target === n.id) && l.value > 0));
    const name = (id: string) => {
      // The source is the stream this page is about (its name, the firm's own words, heads the page).
      if (id === 'input') return t('byproducts.cascade.source');
      const n = cascade.sankey.nodes.find((x) => x.id === id);
      return n ? bi(n.label, en) : id;
    };
    // Node names must be unique in ECharts: losses of several steps share a label, so keep the id in the name.
    const stepNo = (nodeId: string) => /^step-(\d+)/.exec(nodeId)?.[1];
    const display = new Map(nodes.map((n) => [n.id, `${name(n.id)}${nodes.filter((m) => name(m.id) === name(n.id)).length > 1 && stepNo(n.id) ? t('byproducts.cascade.step', { n: stepNo(n.id) }) : ''}`]));
    return {
      tooltip: { trigger: 'item', formatter: (p: { dataType?: string; name?: string; value?: number; data?: { source?: string; target?: string } }) => (p.dataType === 'edge' ? `${p.data?.source} → ${p.data?.target}<br/>${num((p.value ?? 0) / 1000, 1)} t` : `${p.name}`) },
      series: [
        {
          type: 'sankey',
          left: 10,
          right: 250,
          top: 10,
          bottom: 10,
          nodeGap: 14,
          emphasis: { focus: 'adjacency' },
          label: { fontSize: 12, width: 240, overflow: 'truncate' },
          lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.35 },
          data: nodes.map((n) => ({ name: display.get(n.id) })),
          links: cascade.sankey.links.filter((l) => l.value > 0).map((l) => ({ source: display.get(l.source), target: display.get(l.target), value: l.value })),
        },
      ],
    };
  }, [cascade, en, t]);

  return (
    <Card size="small" title={t('byproducts.cascade.title')} data-testid="cascade-card">
      {error && <Alert type="error" showIcon message={String(error.message)} />}
      {cascade && (
        <>
          <Typography.Paragraph type="secondary" data-testid="cascade-order">
            {t('byproducts.cascade.order')}
          </Typography.Paragraph>
          <Chart option={option} height={Math.max(300, cascade.sankey.nodes.length * 36)} testId="cascade-sankey" />
          <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 5 }} style={{ marginTop: 8 }} data-testid="mass-balance">
            <Descriptions.Item label={t('byproducts.cascade.in')}>{num(cascade.balance.in / 1000, 1)} t</Descriptions.Item>
            <Descriptions.Item label={t('byproducts.cascade.out')}>{num(cascade.balance.out / 1000, 1)} t</Descriptions.Item>
            <Descriptions.Item label={t('byproducts.cascade.residue')}>{num(cascade.balance.residue / 1000, 1)} t</Descriptions.Item>
            <Descriptions.Item label={t('byproducts.cascade.losses')}>{num(cascade.balance.losses / 1000, 1)} t</Descriptions.Item>
            <Descriptions.Item label={t('byproducts.cascade.closes')}>
              {cascade.balance.closes ? <Tag color="green">{t('byproducts.cascade.closesYes')}</Tag> : <Tag color="red">{t('byproducts.cascade.closesNo')}</Tag>}
            </Descriptions.Item>
          </Descriptions>
          <Table
            style={{ marginTop: 8 }}
            size="small"
            pagination={false}
            rowKey="order"
            dataSource={cascade.steps}
            data-testid="cascade-steps"
            columns={[
              { title: '#', dataIndex: 'order', width: 40 },
              { title: t('byproducts.advisor.pathway'), dataIndex: 'name', render: (n: { zh: string; en: string }) => bi(n, en) },
              { title: t('byproducts.advisor.mode'), dataIndex: 'mode', render: (m: string) => <Tag color={MODE_COLORS[m]}>{labelOf(modes, m, en)}</Tag> },
              { title: t('byproducts.cascade.rank'), dataIndex: 'pathway', align: 'right', render: (p: string) => ranks.get(p) ?? '—' },
              { title: t('byproducts.cascade.input'), dataIndex: 'inputKg', align: 'right', render: (v: number) => `${num(v / 1000, 1)} t` },
              { title: t('byproducts.cascade.product'), dataIndex: 'productKg', align: 'right', render: (v: number) => `${num(v / 1000, 2)} t` },
              { title: t('byproducts.cascade.residue'), dataIndex: 'residueKg', align: 'right', render: (v: number) => `${num(v / 1000, 1)} t` },
              { title: t('byproducts.cascade.losses'), dataIndex: 'lossKg', align: 'right', render: (v: number) => `${num(v / 1000, 1)} t` },
              { title: `${t('byproducts.cascade.value')} (${t('byproducts.advisor.moneyUnit')})`, dataIndex: 'netValue', align: 'right', render: (v: number) => moneyInColumn(v, en) },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={8}>
                  {t('byproducts.cascade.total', { disposal: num(cascade.disposal.kg / 1000, 1), avoided: money(cascade.handlingAvoided, en) })}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={8} align="right">
                  <strong data-testid="cascade-total">{moneyInColumn(cascade.totalNetValue, en)}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </>
      )}
    </Card>
  );
}
