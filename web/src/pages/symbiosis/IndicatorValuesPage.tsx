import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { referenceApi } from '../../api/endpoints';
import { useRegionName } from '../../api/regions';
import { UserText } from '../../components/UserText';
import { param, useUrlState } from '../../components/useUrlState';
import { useSession } from '../../session/session';
import { type Evaluation, symApi } from './api';
import { VerifiedTag } from './IndicatorSystemsPage';

type System = Evaluation['systems'][number];
type Indicator = System['indicators'][number];
type Score = Indicator['scores'][number];

const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
const YEARS = Array.from({ length: 6 }, (_, k) => thisYear - k);
const schema = { park: param.optional(), system: param.optional(), year: param.int(thisYear - 1, { min: 2000, max: 2100 }) };
const fmt = (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN', { maximumFractionDigits: 2 }));

interface EntryValues {
  value: number;
  source: string;
}

/**
 * The values of the indicator systems that the platform cannot compute (issue 14): the park
 * administration enters its park's, regulators and statistics offices their region's, each with
 * its source (a yearbook, an audit report…). Every value is shown with where it comes from: the
 * platform's own figures (computed, with the records they come from) or the office's entry.
 * Indicators the platform computes are not entered here. The server checks who may enter what.
 */
export default function IndicatorValuesPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useSession();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const regionName = useRegionName();
  const [url, setUrl] = useUrlState(schema);
  const parks = useQuery({ queryKey: ['parks'], queryFn: () => referenceApi.parks() });
  const parkId = url.park ?? me?.actingAs.parkId ?? parks.data?.items[0]?.id;
  const park = parks.data?.items.find((p) => p.id === parkId);
  const ev = useQuery({ queryKey: ['symbiosis', 'evaluation', parkId, url.year, 'values'], queryFn: () => symApi.evaluation(parkId!, url.year, url.year), enabled: parkId !== undefined });
  const system = ev.data?.systems.find((s) => s.code === url.system) ?? ev.data?.systems[0];
  const [entering, setEntering] = useState<Indicator | null>(null);
  const [form] = Form.useForm<EntryValues>();
  const name = (x: { nameZh: string; nameEn: string }) => (en ? x.nameEn : x.nameZh);
  const mayEnter = (s: System | undefined) => s !== undefined && (s.scope === 'park' ? me?.capabilities.enterParkIndicatorValues === true : me?.capabilities.enterRegionIndicatorValues === true);
  const save = useMutation({
    mutationFn: (v: EntryValues & { indicator: string }) =>
      symApi.putValue({
        system: system!.code,
        indicator: v.indicator,
        subjectType: system!.scope,
        subject: system!.scope === 'park' ? park!.id : park!.regionCode,
        year: url.year,
        value: v.value,
        source: v.source,
      }),
  });

  if (parks.isError || ev.isError) return <Alert type="error" showIcon message={t('symbiosis.loadFailed')} />;
  const score = (d: Indicator): Score | undefined => d.scores.find((s) => s.year === url.year);
  const sourceText = (s: Score | undefined) => (s?.sourceCode ? t(`symbiosis.eval.computedSource.${s.sourceCode}`, s.sourceParams) : (s?.source ?? ''));

  const submit = async () => {
    let values: EntryValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      await save.mutateAsync({ ...values, indicator: entering!.code });
      void message.success(t('symbiosis.values.saved'));
      void queryClient.invalidateQueries({ queryKey: ['symbiosis', 'evaluation'] });
      setEntering(null);
    } catch (error) {
      onError(error, form);
    }
  };

  const columns: ColumnsType<Indicator> = [
    {
      key: 'indicator',
      title: t('symbiosis.eval.indicator'),
      render: (_, d) => (
        <Space size={4} wrap>
          <UserText>{name(d)}</UserText>
          {!d.verified && <VerifiedTag verified={false} />}
        </Space>
      ),
    },
    { key: 'unit', title: t('symbiosis.eval.unit'), render: (_, d) => <UserText>{d.unit}</UserText> },
    { key: 'threshold', title: t('symbiosis.eval.threshold'), align: 'right', render: (_, d) => (d.threshold === null ? '—' : `${d.direction === 'higher' ? '≥' : '≤'} ${d.threshold}`) },
    { key: 'value', title: t('symbiosis.values.value', { year: url.year }), align: 'right', render: (_, d) => <span data-testid={`value-${d.code}`}>{fmt(score(d)?.value ?? null)}</span> },
    {
      key: 'origin',
      title: t('symbiosis.values.origin'),
      render: (_, d) => {
        const s = score(d);
        if (!s || s.value === null) return <Tag>{t('symbiosis.values.missing')}</Tag>;
        return <Tag color={s.origin === 'computed' ? 'blue' : 'purple'}>{t(`symbiosis.eval.origin.${s.origin}`)}</Tag>;
      },
    },
    {
      key: 'source',
      title: t('symbiosis.values.source'),
      render: (_, d) => {
        const s = score(d);
        return s?.origin === 'entered' ? <UserText>{s.source}</UserText> : <Typography.Text type="secondary">{sourceText(s)}</Typography.Text>;
      },
    },
    {
      key: 'action',
      title: '',
      render: (_, d) => {
        const s = score(d);
        // The platform's own figure stands: offices enter only where it has none.
        if (s?.origin === 'computed' && s.value !== null) return <Typography.Text type="secondary">{t('symbiosis.values.platformData')}</Typography.Text>;
        if (!mayEnter(system)) return null;
        const entered = s?.origin === 'entered' && s.value !== null;
        return (
          <Button
            size="small"
            onClick={() => {
              form.setFieldsValue({ value: entered ? (s.value ?? undefined) : undefined, source: entered ? s.source : undefined });
              setEntering(d);
            }}
            data-testid={`enter-${d.code}`}
          >
            {entered ? t('symbiosis.values.change') : t('symbiosis.values.enter')}
          </Button>
        );
      },
    },
  ];

  const missing = system?.indicators.filter((d) => (score(d)?.value ?? null) === null).length ?? 0;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {t('symbiosis.values.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('symbiosis.values.lead')}
        </Typography.Paragraph>
      </div>
      <Space wrap>
        <Select
          aria-label={t('symbiosis.park')}
          style={{ width: 260, maxWidth: '100%' }}
          value={parkId}
          loading={parks.isLoading}
          onChange={(id: string) => setUrl({ park: id })}
          options={(parks.data?.items ?? []).map((p) => ({ value: p.id, label: name(p) }))}
          data-testid="values-park"
        />
        <Select aria-label={t('symbiosis.year')} style={{ width: 110 }} value={url.year} onChange={(year: number) => setUrl({ year })} options={YEARS.map((y) => ({ value: y, label: String(y) }))} data-testid="values-year" />
        <Select
          aria-label={t('symbiosis.eval.system')}
          style={{ width: 240, maxWidth: '100%' }}
          value={system?.code}
          onChange={(code: string) => setUrl({ system: code })}
          options={(ev.data?.systems ?? []).map((s) => ({ value: s.code, label: name(s) }))}
          data-testid="values-system"
        />
      </Space>
      {system && (
        <Alert
          type={missing > 0 ? 'info' : 'success'}
          showIcon
          message={
            <span>
              {t(`symbiosis.values.subject.${system.scope}`, { park: park ? name(park) : '', region: park ? regionName(park.regionCode) : '' })}
              {' · '}
              {t('symbiosis.values.missingCount', { count: missing, total: system.indicators.length })}
              {' · '}
              <UserText>{system.edition}</UserText>
            </span>
          }
          data-testid="values-summary"
        />
      )}
      {system && <Table<Indicator> size="small" rowKey="code" columns={columns} dataSource={system.indicators} loading={ev.isFetching} pagination={false} scroll={{ x: 'max-content' }} data-testid="values-table" />}
      <Modal
        open={entering !== null}
        title={entering ? t('symbiosis.values.enterTitle', { indicator: name(entering), year: url.year }) : ''}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => void submit()}
        onCancel={() => setEntering(null)}
        confirmLoading={save.isPending}
        forceRender
      >
        <Form<EntryValues> form={form} layout="vertical" data-testid="values-form" onFinish={() => void submit()}>
          <Form.Item name="value" label={entering ? `${t('symbiosis.values.valueLabel')}（${entering.unit || '—'}）` : t('symbiosis.values.valueLabel')} rules={[{ required: true, message: t('symbiosis.admin.required') }]}>
            <InputNumber style={{ width: '100%' }} min={-1e12} max={1e12} data-testid="values-value" />
          </Form.Item>
          <Form.Item name="source" label={t('symbiosis.values.source')} extra={t('symbiosis.values.sourceHint')} rules={[{ required: true, whitespace: true, message: t('symbiosis.admin.required') }, { max: 500 }]}>
            <Input data-testid="values-source" />
          </Form.Item>
          <button type="submit" hidden aria-hidden />
        </Form>
      </Modal>
    </Space>
  );
}
