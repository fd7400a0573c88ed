import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { accountsApi, CATEGORIES, type RoadmapRow, type ScenarioProjection, type ScenarioRequest } from './api';
import { Chart } from '../../components/Chart';
import { num, pct, toWanTonnes } from './format';
import { useSession } from '../../session/session';
import { ownRegionCandidates, useRegions, yearRange } from './useRegions';

interface ScenarioForm {
  name: string;
  /** Percent per year in the form; fractions for the API. */
  gdpGrowth: number;
  biomass?: number;
  metalOres?: number;
  nonMetallicMinerals?: number;
  fossilEnergy?: number;
}
interface FormValues {
  region: string;
  baseYear?: number;
  targetYear: number;
  targetChange?: number;
  scenarios?: ScenarioForm[];
}

const colors = ['#2f7d4f', '#1677ff', '#d48806', '#cf1322', '#722ed1', '#13a8a8', '#eb2f96', '#595959', '#a0d911', '#fa541c'];

function toRequest(v: FormValues): ScenarioRequest {
  const scenarios = (v.scenarios ?? []).filter((s) => s?.name);
  return {
    region: v.region,
    baseYear: v.baseYear,
    targetYear: v.targetYear,
    targetChange: v.targetChange === undefined || v.targetChange === null ? undefined : v.targetChange / 100,
    scenarios: scenarios.length
      ? scenarios.map((s) => ({
          name: s.name,
          gdpGrowth: (s.gdpGrowth ?? 0) / 100,
          intensityChange: Object.fromEntries(CATEGORIES.filter((c) => s[c] !== undefined && s[c] !== null).map((c) => [c, s[c]! / 100])),
        }))
      : undefined,
  };
}

export default function ScenariosPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const onError = useApiErrorHandler();
  const regions = useRegions();
  const { me } = useSession();
  const [form] = Form.useForm<FormValues>();
  const region = Form.useWatch('region', form);
  const current = regions.items.find((r) => r.region === region);

  useEffect(() => {
    if (!form.getFieldValue('region') && regions.items.length) {
      // The viewer's own region (or the nearest above it) when it has accounts, else the first.
      const own = ownRegionCandidates(me?.actingAs.regionCode).find((code) => regions.items.some((r) => r.region === code));
      const first = regions.items.find((r) => r.region === own) ?? regions.items[0]!;
      form.setFieldsValue({ region: first.region, baseYear: first.lastYear, targetYear: first.lastYear + 6, targetChange: 20 });
    }
  }, [regions.items, form, me]);

  // The server's trend scenarios carry identifiers as names; custom ones the user's own words.
  const label = (name: string) => t(`accounts.scenario.builtin.${name}`, { defaultValue: name });
  const run = useMutation({ mutationFn: accountsApi.scenarios, onError: (e) => onError(e, form) });
  const result = run.data;

  const years = result ? yearRange(result.baseYear, result.projections[0]?.targetYear ?? result.baseYear).map(String) : [];
  const series: object[] = (result?.projections ?? []).map((p, i) => ({
    type: 'line',
    name: label(p.name),
    data: p.path.map((y) => y.productivity),
    smooth: 0.2,
    itemStyle: { color: colors[i % colors.length] },
  }));
  if (result?.roadmap) {
    series.push({
      type: 'line',
      name: t('accounts.scenario.requiredPath'),
      data: result.roadmap.rows.map((r) => r.productivityTarget),
      lineStyle: { type: 'dashed', width: 2 },
      itemStyle: { color: '#000' },
      symbol: 'none',
    });
  }
  const option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${num(v, 0, locale)} ${t('accounts.unit.yuanPerTonne')}` },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', name: t('accounts.unit.yuanPerTonne'), scale: true },
    series,
  };

  const projectionColumns: ColumnsType<ScenarioProjection> = [
    { title: t('accounts.scenario.name'), dataIndex: 'name', render: (n: string, _r, i) => <Space><span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: colors[i % colors.length] }} />{label(n)}</Space> },
    { title: t('accounts.scenario.gdpGrowth'), key: 'gdp', align: 'right', render: (_, p) => pct(result?.scenarios.find((s) => s.name === p.name)?.gdpGrowth, 1) },
    { title: t('accounts.scenario.targetProductivity', { year: result?.projections[0]?.targetYear ?? '' }), key: 'last', align: 'right', render: (_, p) => num(p.path[p.path.length - 1]?.productivity, 0, locale) },
    { title: t('accounts.scenario.change'), dataIndex: 'productivityChange', align: 'right', render: (v: number) => pct(v) },
    { title: t('accounts.scenario.annual'), dataIndex: 'annualProductivityGrowth', align: 'right', render: (v: number) => pct(v, 2) },
    { title: t('accounts.scenario.meetsTarget'), dataIndex: 'meetsTarget', align: 'center', render: (v?: boolean) => (v === undefined ? '—' : v ? <Tag color="green">{t('accounts.yes')}</Tag> : <Tag color="red">{t('accounts.no')}</Tag>) },
  ];
  const roadmapColumns: ColumnsType<RoadmapRow> = [
    { title: t('accounts.ind.year'), dataIndex: 'year', width: 80 },
    { title: `${t('accounts.scenario.productivityTarget')} (${t('accounts.unit.yuanPerTonne')})`, dataIndex: 'productivityTarget', align: 'right', render: (v: number) => num(v, 0, locale) },
    { title: t('accounts.scenario.cumulative'), dataIndex: 'cumulativeImprovement', align: 'right', render: (v: number) => pct(v) },
    { title: `${t('accounts.ind.gdpConstant')} (${t('accounts.unit.yi')})`, dataIndex: 'gdpConstant', align: 'right', render: (v: number) => num(v, 0, locale) },
    { title: `${t('accounts.scenario.dmcCeiling')} (${t('accounts.unit.wanTonnes')})`, dataIndex: 'dmcCeiling', align: 'right', render: (v: number) => num(toWanTonnes(v), 0, locale) },
    { title: t('accounts.scenario.dmcChange'), dataIndex: 'dmcChangeFromBase', align: 'right', render: (v: number) => pct(v) },
  ];

  const yearOptions = current ? yearRange(current.firstYear, current.lastYear).map((y) => ({ value: y, label: String(y) })) : [];

  return (
    <>
      <Typography.Title level={3}>{t('accounts.scenario.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('accounts.scenario.intro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Form<FormValues> form={form} layout="vertical" onFinish={(v) => run.mutate(toRequest(v))} data-testid="scenario-form">
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="region" label={t('accounts.region.pick')} rules={[{ required: true }]}>
                <Select options={regions.options} loading={regions.query.isPending} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="baseYear" label={t('accounts.scenario.baseYear')}>
                <Select options={yearOptions} allowClear placeholder={t('accounts.scenario.latest')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="targetYear" label={t('accounts.scenario.targetYear')} rules={[{ required: true }]}>
                <InputNumber min={1950} max={2200} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="targetChange" label={t('accounts.scenario.targetChange')} tooltip={t('accounts.scenario.targetChangeHelp')}>
                <InputNumber min={-90} max={1000} step={1} suffix="%" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text strong>{t('accounts.scenario.custom')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('accounts.scenario.customHelp')}</Typography.Paragraph>
          <Form.List name="scenarios">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Row key={field.key} gutter={8} align="bottom">
                    <Col xs={24} md={5}>
                      <Form.Item name={[field.name, 'name']} label={t('accounts.scenario.name')} rules={[{ required: true }]}>
                        <Input maxLength={60} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={3}>
                      <Form.Item name={[field.name, 'gdpGrowth']} label={t('accounts.scenario.gdpGrowthPct')} rules={[{ required: true }]}>
                        <InputNumber min={-20} max={30} step={0.5} suffix="%" style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    {CATEGORIES.map((c) => (
                      <Col xs={12} md={3} key={c}>
                        <Form.Item name={[field.name, c]} label={t(`accounts.category.${c}`)} tooltip={t('accounts.scenario.intensityHelp')}>
                          <InputNumber min={-50} max={50} step={0.5} suffix="%" style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                    ))}
                    <Col xs={24} md={4}>
                      <Form.Item>
                        <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Space style={{ marginBottom: 16 }}>
                  <Button icon={<PlusOutlined />} onClick={() => add({ name: t('accounts.scenario.defaultName', { n: fields.length + 1 }), gdpGrowth: 5, biomass: -2, metalOres: -3, nonMetallicMinerals: -3, fossilEnergy: -4 })} data-testid="add-scenario">
                    {t('accounts.scenario.add')}
                  </Button>
                  {fields.length === 0 && <Typography.Text type="secondary">{t('accounts.scenario.trendDefault')}</Typography.Text>}
                </Space>
              </>
            )}
          </Form.List>
          <div>
            <Button type="primary" htmlType="submit" loading={run.isPending} data-testid="run-scenarios">
              {t('accounts.scenario.run')}
            </Button>
          </div>
        </Form>
      </Card>
      {run.isError && <Alert type="error" showIcon title={run.error.message} style={{ marginBottom: 16 }} />}
      {result && (
        <Row gutter={[16, 16]}>
          <Col span={24}>
            <Card title={t('accounts.scenario.chartTitle', { region: regions.nameOf(result.region), base: result.baseYear })}>
              <Chart option={option} height={360} testId="chart-scenarios" />
              <Table<ScenarioProjection> rowKey="name" size="small" columns={projectionColumns} dataSource={result.projections} pagination={false} data-testid="scenario-table" />
            </Card>
          </Col>
          {result.roadmap && (
            <Col span={24}>
              <Card title={t('accounts.scenario.roadmapTitle')}>
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={t('accounts.scenario.roadmapSummary', {
                    base: num(result.roadmap.baseProductivity, 0, locale),
                    target: num(result.roadmap.targetProductivity, 0, locale),
                    year: result.roadmap.targetYear,
                    rate: pct(result.roadmap.requiredAnnualImprovement, 2),
                  })}
                />
                <Table<RoadmapRow> rowKey="year" size="small" columns={roadmapColumns} dataSource={result.roadmap.rows} pagination={false} data-testid="roadmap-table" />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('accounts.scenario.roadmapNote', { scenario: label(result.scenarios[0]?.name ?? '') })}</Typography.Text>
              </Card>
            </Col>
          )}
        </Row>
      )}
    </>
  );
}
