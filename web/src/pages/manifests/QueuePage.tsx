import type { ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Form, Grid, Input, List, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../components/UserText';
import { Link } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { Chart } from '../../components/Chart';
import { param, useOnHistoryNavigation, useUrlState } from '../../components/useUrlState';
import { useLocalName } from '../../i18n/labels';
import { type Figures, type QueueFilter, type QueueItem, queueKinds, regulationApi } from './regulationApi';

const kindColor: Record<QueueItem['kind'], string> = { overdue: 'orange', discrepancy: 'gold', refusal: 'volcano', unlicensed: 'red', 'route-deviation': 'purple', 'broken-verification': 'magenta' };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = () => ({ ...param.optional(), parse: (v: string[]) => (v[0] && DAY.test(v[0]) ? v[0] : undefined) });
const thisMonth = () => dayjs().format('YYYY-MM');
const urlSchema = {
  kind: param.optionalOneOf(queueKinds),
  status: param.oneOf(['open', 'closed', 'all'] as const, 'open'),
  from: day(),
  to: day(),
  firm: param.optional(),
  month: { ...param.optional(), parse: (v: string[]) => (v[0] && /^\d{4}-(0[1-9]|1[0-2])$/.test(v[0]) ? v[0] : undefined) },
};

type Action = { item: QueueItem; kind: 'note' | 'close' };

/** One finding's particulars in words (line, weights, rule, reason), never raw identifiers. */
function useDetailText() {
  const { t } = useTranslation();
  return (item: QueueItem): ReactNode => {
    const d = item.detail;
    const line = typeof d.line === 'number' ? t('manifestRegulation.detail.line', { line: d.line }) : '';
    switch (item.kind) {
      case 'overdue':
        return t(`manifestRegulation.rule.${String(d.rule)}`, { defaultValue: '' }) + (typeof d.hours === 'number' ? t('manifestRegulation.detail.hours', { hours: d.hours }) : '');
      case 'discrepancy':
      case 'unlicensed':
        // Sensor findings carry their `reason` (manifests.sensors: weighbridges at both ends).
        if (d.reason === 'weight-mismatch') return t('manifestSensors.queue.weighbridge');
        return `${line} ${t(`manifestRegulation.flag.${String(d.flag)}`, { defaultValue: '' })} ${typeof d.wasteCode === 'string' ? d.wasteCode : ''}`.trim();
      case 'refusal':
        return (
          <>
            {`${line} ${t(`manifestRegulation.outcome.${String(d.outcome)}`, { defaultValue: '' })}`.trim()}
            {typeof d.reason === 'string' && (
              <>
                {t('manifestRegulation.sep')}
                <UserText>{d.reason}</UserText>
              </>
            )}
          </>
        );
      case 'route-deviation':
        return d.reason === 'long-stop' ? t('manifestSensors.queue.longStop', { minutes: d.minutes }) : t('manifestRegulation.detail.route');
      case 'broken-verification':
        return t('manifestRegulation.detail.broken', { seq: d.seq, reason: t(`manifestRegulation.break.${String(d.reason)}`, { defaultValue: '' }) });
    }
  };
}

function FiguresCard({ month, onMonth }: { month: string; onMonth: (m: string) => void }) {
  const { t } = useTranslation();
  const figures = useQuery({ queryKey: ['manifest-figures', month], queryFn: () => regulationApi.figures(month) });
  const f: Figures | undefined = figures.data;
  const bars = (rows: { label: string; tonnes: string }[], name: string) => ({
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: t('manifestRegulation.figures.tonnes') },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true },
    series: [{ type: 'bar', name, data: rows.map((r) => Number(r.tonnes)) }],
  });
  const share = f?.onTimeShare;
  return (
    <Card
      title={t('manifestRegulation.figures.title')}
      extra={<DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d: Dayjs | null) => d && onMonth(d.format('YYYY-MM'))} data-testid="figures-month" />}
      style={{ marginBottom: 16 }}
      loading={figures.isLoading}
    >
      {figures.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} />}
      {f && (
        <>
          <Row gutter={[16, 16]} data-testid="figures">
            <Col xs={12} md={6}><Statistic title={t('manifestRegulation.figures.manifests')} value={f.manifests} /></Col>
            <Col xs={12} md={6}><Statistic title={t('manifestRegulation.figures.closed')} value={f.closed} /></Col>
            <Col xs={12} md={6}><Statistic title={t('manifestRegulation.figures.onTime')} value={share === null || share === undefined ? '—' : (share * 100).toFixed(1)} suffix={share === null ? undefined : '%'} /></Col>
            <Col xs={12} md={6}><Statistic title={t('manifestRegulation.figures.tonnesTotal')} value={f.byCode.reduce((s, r) => s + Number(r.tonnes), 0).toFixed(1)} /></Col>
          </Row>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} md={12}>
              <Typography.Text strong>{t('manifestRegulation.figures.byCode')}</Typography.Text>
              {f.byCode.length === 0 ? <Typography.Paragraph type="secondary">{t('manifestRegulation.figures.none')}</Typography.Paragraph> : <Chart option={bars(f.byCode.map((r) => ({ label: r.wasteCode, tonnes: r.tonnes })), t('manifestRegulation.figures.tonnes'))} height={Math.max(120, f.byCode.length * 32 + 40)} ariaLabel={t('manifestRegulation.figures.byCode')} testId="chart-by-code" />}
            </Col>
            <Col xs={24} md={12}>
              <Typography.Text strong>{t('manifestRegulation.figures.byTreatment')}</Typography.Text>
              {f.byTreatment.length === 0 ? <Typography.Paragraph type="secondary">{t('manifestRegulation.figures.none')}</Typography.Paragraph> : <Chart option={bars(f.byTreatment.map((r) => ({ label: r.treatment ?? t('manifestRegulation.figures.unknownTreatment'), tonnes: r.tonnes })), t('manifestRegulation.figures.tonnes'))} height={Math.max(120, f.byTreatment.length * 32 + 40)} ariaLabel={t('manifestRegulation.figures.byTreatment')} testId="chart-by-treatment" />}
            </Col>
          </Row>
        </>
      )}
    </Card>
  );
}

/** The regulator's queue and monthly figures for its region (issue 13). Filters live in the URL. */
export default function QueuePage() {
  const { t, i18n } = useTranslation();
  const localName = useLocalName();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const detailText = useDetailText();
  const phone = !Grid.useBreakpoint().md;
  const [url, setUrl] = useUrlState(urlSchema);
  const filter: QueueFilter = { kind: url.kind, status: url.status === 'all' ? undefined : url.status, from: url.from, to: url.to, firm: url.firm };
  const [form] = Form.useForm();
  const formValues = () => ({ kind: url.kind, status: url.status, period: url.from && url.to ? [dayjs(url.from), dayjs(url.to)] : undefined, firm: url.firm });
  useOnHistoryNavigation(() => form.setFieldsValue(formValues()));
  const queue = useQuery({ queryKey: ['manifest-queue', filter], queryFn: () => regulationApi.queue(filter) });
  const [action, setAction] = useState<Action | null>(null);
  const [text, setText] = useState('');
  const act = useMutation({
    mutationFn: (a: Action & { text: string }) => (a.kind === 'note' ? regulationApi.annotate(a.item.id, a.text) : regulationApi.close(a.item.id, a.text)),
    onSuccess: () => {
      void message.success(t('common.saved'));
      setAction(null);
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['manifest-queue'] });
    },
    onError: (e) => onError(e),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const items = queue.data?.items ?? [];
  const firms = new Map<string, string>();
  for (const i of items) for (const o of [i.generator, i.receiver]) firms.set(o.id, localName(o));
  if (url.firm && !firms.has(url.firm)) firms.set(url.firm, t('manifestRegulation.filters.chosenFirm'));

  const kindTag = (i: QueueItem) => <Tag color={kindColor[i.kind]}>{t(`manifestRegulation.kind.${i.kind}`)}</Tag>;
  const statusTag = (i: QueueItem) => <Tag color={i.status === 'open' ? 'blue' : 'default'}>{t(`manifestRegulation.status.${i.status}`)}</Tag>;
  const manifestLink = (i: QueueItem) => <Link to={`/manifests/${i.manifest.id}/revisions`}>{i.manifest.number}</Link>;
  const buttons = (i: QueueItem) => (
    <Space size={4} wrap>
      <Button size="small" onClick={() => setAction({ item: i, kind: 'note' })} data-testid="queue-note">{t('manifestRegulation.actions.note')}</Button>
      {i.status === 'open' && <Button size="small" type="primary" ghost onClick={() => setAction({ item: i, kind: 'close' })} data-testid="queue-close">{t('manifestRegulation.actions.close')}</Button>}
    </Space>
  );
  const notes = (i: QueueItem) => (
    <>
      {i.notes.map((n, k) => <div key={k}><Typography.Text type="secondary">{date.format(new Date(n.at))}</Typography.Text> {n.text}</div>)}
      {i.closeReason && <div><Typography.Text type="secondary">{t('manifestRegulation.closedBecause')}</Typography.Text> {i.closeReason}</div>}
    </>
  );
  const columns: ColumnsType<QueueItem> = [
    { title: t('manifestRegulation.col.opened'), dataIndex: 'openedAt', width: 120, render: (at: string) => date.format(new Date(at)) },
    { title: t('manifestRegulation.col.kind'), key: 'kind', width: 130, render: (_: unknown, i) => kindTag(i) },
    { title: t('manifestRegulation.col.manifest'), key: 'manifest', width: 200, render: (_: unknown, i) => manifestLink(i) },
    { title: t('manifestRegulation.col.parties'), key: 'parties', width: 220, render: (_: unknown, i) => `${localName(i.generator)} → ${localName(i.receiver)}` },
    { title: t('manifestRegulation.col.detail'), key: 'detail', width: 240, render: (_: unknown, i) => detailText(i) },
    { title: t('manifestRegulation.col.notes'), key: 'notes', width: 220, render: (_: unknown, i) => notes(i) },
    { title: t('manifestRegulation.col.status'), key: 'status', width: 90, render: (_: unknown, i) => statusTag(i) },
    { title: t('common.actions'), key: 'actions', width: 150, render: (_: unknown, i) => buttons(i) },
  ];

  return (
    <>
      <Typography.Title level={3}>{t('manifestRegulation.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('manifestRegulation.intro')}</Typography.Paragraph>
      <FiguresCard month={url.month ?? thisMonth()} onMonth={(month) => setUrl({ month })} />
      <Card
        title={t('manifestRegulation.queue')}
        extra={<a href={regulationApi.exportUrl(filter)} download="manifest-queue.xlsx" data-testid="queue-export">{t('manifestRegulation.export')}</a>}
      >
        <Form
          form={form}
          layout={phone ? 'vertical' : 'inline'}
          style={{ marginBottom: 16, rowGap: 8 }}
          initialValues={formValues()}
          onValuesChange={(_: unknown, all: { kind?: QueueFilter['kind']; status?: 'open' | 'closed' | 'all'; period?: [Dayjs, Dayjs] | null; firm?: string }) =>
            setUrl({ kind: all.kind, status: all.status ?? 'all', from: all.period?.[0]?.format('YYYY-MM-DD'), to: all.period?.[1]?.format('YYYY-MM-DD'), firm: all.firm })
          }
        >
          <Form.Item name="kind" style={phone ? { marginBottom: 8 } : undefined}>
            <Select allowClear placeholder={t('manifestRegulation.filters.anyKind')} style={{ width: phone ? '100%' : 170 }} options={queueKinds.map((k) => ({ value: k, label: t(`manifestRegulation.kind.${k}`) }))} data-testid="filter-kind" />
          </Form.Item>
          <Form.Item name="status" style={phone ? { marginBottom: 8 } : undefined}>
            <Select style={{ width: phone ? '100%' : 120 }} options={(['open', 'closed', 'all'] as const).map((s) => ({ value: s, label: t(`manifestRegulation.status.${s}`) }))} />
          </Form.Item>
          <Form.Item name="period" style={phone ? { marginBottom: 8 } : undefined}>
            <DatePicker.RangePicker style={{ width: phone ? '100%' : 260 }} placeholder={[t('manifestRegulation.filters.from'), t('manifestRegulation.filters.to')]} />
          </Form.Item>
          <Form.Item name="firm" style={phone ? { marginBottom: 8 } : undefined}>
            <Select allowClear showSearch optionFilterProp="label" placeholder={t('manifestRegulation.filters.anyFirm')} style={{ width: phone ? '100%' : 220 }} options={[...firms].map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Form>
        {queue.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} style={{ marginBottom: 16 }} />}
        {phone ? (
          <List
            dataSource={items}
            loading={queue.isFetching}
            locale={{ emptyText: t('manifestRegulation.none') }}
            data-testid="queue-list"
            renderItem={(i) => (
              <List.Item key={i.id} data-testid="queue-item">
                <Space direction="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
                  <Space size={4} wrap>{kindTag(i)}{statusTag(i)}<Typography.Text type="secondary">{date.format(new Date(i.openedAt))}</Typography.Text></Space>
                  <div>{manifestLink(i)}</div>
                  <Typography.Text style={{ overflowWrap: 'anywhere' }}>{localName(i.generator)} → {localName(i.receiver)}</Typography.Text>
                  <Typography.Text style={{ overflowWrap: 'anywhere' }}>{detailText(i)}</Typography.Text>
                  {notes(i)}
                  {buttons(i)}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Table<QueueItem> rowKey="id" size="small" columns={columns} dataSource={items} loading={queue.isFetching} scroll={{ x: 1370 }} pagination={{ pageSize: 50, hideOnSinglePage: true }} data-testid="queue-table" locale={{ emptyText: t('manifestRegulation.none') }} />
        )}
      </Card>
      <Modal
        open={action !== null}
        title={action ? t(action.kind === 'note' ? 'manifestRegulation.actions.noteTitle' : 'manifestRegulation.actions.closeTitle', { number: action.item.manifest.number }) : ''}
        okText={t(action?.kind === 'close' ? 'manifestRegulation.actions.close' : 'manifestRegulation.actions.note')}
        okButtonProps={{ disabled: text.trim() === '', loading: act.isPending, 'data-testid': 'queue-confirm' }}
        onOk={() => action && act.mutate({ ...action, text: text.trim() })}
        onCancel={() => setAction(null)}
      >
        <Typography.Paragraph type="secondary">{t(action?.kind === 'close' ? 'manifestRegulation.actions.closeHint' : 'manifestRegulation.actions.noteHint')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} data-testid="queue-text" />
      </Modal>
    </>
  );
}
