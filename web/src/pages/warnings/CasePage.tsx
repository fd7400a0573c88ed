import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Divider, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Spin, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { warningCauses, warningLimits } from '../../../../src/shared/warnings';
import { useApiErrorHandler } from '../../api/errors';
import { ypChartOption } from '../../charts/ypChart';
import { Chart } from '../../components/Chart';
import { episodeLabel, LevelRuleNote, LevelTag, pct, severityColors, yuan } from '../supply/levels';
import { useHerbNames } from '../supply/names';
import { type CaseDetail, type NoteInput, warningsApi } from './api';
import { CaseLevel, StatusTag } from './InboxPage';

const herbColors = ['#c0392b', '#2f7d4f', '#1677ff', '#d48806', '#722ed1', '#13a8a8', '#8c6d5b', '#eb2f96', '#597ef7', '#7cb305'];

export default function CasePage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const [params] = useSearchParams();
  const id = params.get('id');
  const query = useQuery({ queryKey: ['warnings', 'case', id], enabled: !!id, queryFn: () => warningsApi.case(id!) });
  if (!id) return <Empty description={<Link to="/warnings">{t('warnings.case.none')}</Link>} />;
  if (query.error) return <Alert type="error" showIcon message={String(query.error.message)} />;
  const c = query.data;
  if (!c) return <Spin />;
  const name = en ? c.formula.nameEn || c.formula.nameZh : c.formula.nameZh;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Header c={c} name={name} />
      <Card title={t('warnings.case.ratioChart')} size="small">
        <RatioChart c={c} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('warnings.case.compositionChart')} size="small">
            <CompositionChart c={c} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('warnings.case.driversChart')} size="small">
            <DriversChart c={c} />
          </Card>
        </Col>
      </Row>
      <Similar c={c} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Notes c={c} />
        </Col>
        <Col xs={24} xl={10}>
          <Decision c={c} />
        </Col>
      </Row>
    </Space>
  );
}

function Header({ c, name }: { c: CaseDetail; name: string }) {
  const { t } = useTranslation();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const refresh = useMutation({
    mutationFn: () => warningsApi.refresh(c.id),
    onSuccess: (d) => queryClient.setQueryData(['warnings', 'case', c.id], d),
    onError: (e) => onError(e),
  });
  return (
    <Card size="small" data-testid="case-header">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('warnings.case.title', { name })}
            </Typography.Title>
            <Typography.Text type="secondary" data-testid="case-episode">
              {t('warnings.case.since', { date: c.episodeStart })}
            </Typography.Text>
            <Tag>{t(`warnings.kind.${c.kind}`)}</Tag>
            <CaseLevel c={c} />
            <StatusTag status={c.status} />
          </Space>
          <Space wrap>
            <Link to="/warnings">{t('warnings.case.back')}</Link>
            {c.can.work && (
              <Button size="small" loading={refresh.isPending} onClick={() => refresh.mutate()}>
                {t('warnings.case.refresh')}
              </Button>
            )}
            {c.can.work && c.status === 'decided-publish' && (
              <Link to={`/bulletins/new?case=${c.id}`} data-testid="draft-bulletin">
                <Button type="primary" size="small">
                  {t('warnings.case.draftBulletin')}
                </Button>
              </Link>
            )}
          </Space>
        </Space>
        <Row gutter={16}>
          <Col xs={12} md={4}>
            <Statistic title={t('warnings.case.peak')} value={pct(c.peakRatio)} valueStyle={{ fontSize: 20 }} />
            <Typography.Text type="secondary">{c.peakDate}</Typography.Text>
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('warnings.case.latest')} value={pct(c.latestRatio)} valueStyle={{ fontSize: 20 }} />
            <Typography.Text type="secondary">{c.latestDate}</Typography.Text>
          </Col>
          {c.current && (
            <Col xs={24} md={6} data-testid="case-current">
              <Statistic title={t('warnings.case.current', { date: c.current.date ?? '—' })} value={pct(c.current.ratio)} valueStyle={{ fontSize: 20 }} />
              <LevelTag level={c.current.level} />
              <LevelRuleNote rule={c.current.levelRule} ratio={c.current.ratio} level={c.current.level} />
            </Col>
          )}
          <Col xs={24} md={c.current ? 10 : 16}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('warnings.case.episode')}>{`${c.episodeStart} → ${c.episodeEnd ?? t('warnings.inbox.ongoing')}`}</Descriptions.Item>
              <Descriptions.Item label={t('warnings.case.band')}>{`${pct(c.analysis.band[0], 0)} – ${pct(c.analysis.band[1], 0)}`}</Descriptions.Item>
              <Descriptions.Item label={t('warnings.case.assignee')}>{c.assignee?.displayName ?? t('warnings.case.unassigned')}</Descriptions.Item>
              <Descriptions.Item label={t('warnings.case.analysedAt')}>{`${c.analysedAt.slice(0, 10)} (${c.analysis.asOf})`}</Descriptions.Item>
              {c.bulletinId && (
                <Descriptions.Item label={t('warnings.case.bulletin')}>
                  <span data-testid="case-bulletin">{c.bulletinNumber ?? t('warnings.case.bulletinDraft')}</span>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Col>
        </Row>
        {c.analysis.forecast && (
          <Alert
            type="warning"
            showIcon
            message={t('warnings.case.forecast', { weeks: c.analysis.forecast.horizonWeeks, p: pct(c.analysis.forecast.probabilityLeaveBand, 0), threshold: pct(c.analysis.forecast.threshold, 0) })}
          />
        )}
      </Space>
    </Card>
  );
}

function RatioChart({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const a = c.analysis;
  const option = useMemo(() => {
    // A pre-warning has no episode yet: only a signal's episode is drawn.
    const episode = c.kind === 'signal' ? [{ start: c.episodeStart, end: c.episodeEnd, level: c.level ?? 'blue', label: episodeLabel(t, c.level ?? 'blue', c.peakRatio) }] : [];
    return ypChartOption({
      series: a.series,
      band: a.band,
      lines: a.lines,
      episodes: episode,
      // A pre-warning's forecast: the median and the 90 % band of Y/P over the horizon.
      ...(a.forecast ? { forecast: { label: t('warnings.case.forecastLine'), asOf: a.forecast.asOf, weeks: a.forecast.weeks } } : {}),
      bandLabel: t('supply.product.band'),
      bandEdges: [t('supply.product.bandLow'), t('supply.product.bandHigh')],
    });
  }, [a, c.kind, c.episodeStart, c.episodeEnd, c.level, c.peakRatio, t]);
  return <Chart option={option} height={380} testId="case-ratio-chart" ariaLabel={t('warnings.case.ratioChart')} />;
}

function CompositionChart({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { herb } = useHerbNames();
  const comp = c.analysis.composition;
  const option = useMemo(() => {
    const points = [
      { key: 'start', label: `${t('warnings.case.start')} ${comp.start.date}`, p: comp.start },
      { key: 'peak', label: `${t('warnings.case.peak')} ${comp.peak.date}`, p: comp.peak },
      { key: 'latest', label: `${t('warnings.case.latest')} ${comp.latest.date}`, p: comp.latest },
    ];
    const herbs = Object.keys(comp.peak.shares).sort((x, y) => (comp.peak.shares[y] ?? 0) - (comp.peak.shares[x] ?? 0));
    return {
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v.toFixed(1)} %` },
      xAxis: { type: 'category', data: points.map((x) => x.label) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
      series: herbs.map((h, k) => ({
        name: herb(h, true),
        type: 'bar',
        stack: 'share',
        color: herbColors[k % herbColors.length],
        label: { show: true, formatter: (x: { value: number }) => (x.value >= 8 ? `${x.value.toFixed(0)} %` : ''), color: '#fff', fontSize: 11 },
        data: points.map((x) => Number(((x.p.shares[h] ?? 0) * 100).toFixed(2))),
      })),
    };
  }, [comp, herb, t]);
  return (
    <>
      <Chart option={option} height={300} testId="composition-chart" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        Y: {yuan(comp.start.cost, 3)} → {yuan(comp.peak.cost, 3)} → {yuan(comp.latest.cost, 3)}
      </Typography.Text>
    </>
  );
}

function DriversChart({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { herb } = useHerbNames();
  const d = c.analysis.drivers;
  const entries = Object.entries(d.contributions).sort((x, y) => (y[1] ?? 0) - (x[1] ?? 0));
  const option = useMemo(
    () => ({
      grid: { left: 72, right: 32, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => yuan(v, 4) },
      xAxis: { type: 'value', name: t('warnings.case.yuanPerPack') },
      yAxis: { type: 'category', data: entries.map((e) => herb(e[0], true)), inverse: true },
      series: [
        {
          type: 'bar',
          data: entries.map(([, v]) => ({ value: Number((v ?? 0).toFixed(4)), itemStyle: { color: (v ?? 0) >= 0 ? '#cf1322' : '#389e0d' } })),
          label: { show: true, position: 'right', formatter: (x: { value: number }) => x.value.toFixed(3) },
        },
      ],
    }),
    [entries, herb, t],
  );
  const change = (d.costTo ?? 0) - (d.costFrom ?? 0);
  return (
    <>
      <Chart option={option} height={Math.max(160, 48 * entries.length + 60)} testId="drivers-chart" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="drivers-note">
        {t('warnings.case.driversNote', { from: d.from, to: d.to, costFrom: yuan(d.costFrom, 3), costTo: yuan(d.costTo, 3), change: yuan(change, 3) })}
      </Typography.Text>
    </>
  );
}

function Similar({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { herb } = useHerbNames();
  const s = c.analysis.similar;
  const days = (n: number | null) => (n === null ? '—' : t('warnings.case.days', { n: Math.round(n) }));
  const rows = [
    { key: 'formula', label: t('warnings.case.sameFormula'), ...s.sameFormula },
    { key: 'herb', label: t('warnings.case.sameHerb', { herb: s.sameHerb.herb === null ? '—' : herb(s.sameHerb.herb) }), ...s.sameHerb },
  ];
  return (
    <Card title={t('warnings.case.similar')} size="small" data-testid="similar-card">
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '', dataIndex: 'label' },
          { title: t('warnings.case.episodes'), dataIndex: 'count', align: 'right' },
          { title: t('warnings.case.median'), dataIndex: 'medianDays', align: 'right', render: (v: number | null) => days(v) },
          { title: t('warnings.case.max'), dataIndex: 'maxDays', align: 'right', render: (v: number | null) => days(v) },
        ]}
        expandable={{
          rowExpandable: (r) => r.episodes.length > 0,
          expandedRowRender: (r) => (
            <Space wrap size={[4, 4]}>
              {r.episodes.map((e) => (
                <Tag key={`${e.formula}-${e.start}`} color={severityColors[e.level]}>
                  {`${e.formulaName} ${e.start} → ${e.end ?? t('warnings.inbox.ongoing')} · ${days(e.days)}`}
                </Tag>
              ))}
            </Space>
          ),
        }}
      />
    </Card>
  );
}

function Notes({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NoteInput>();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: NoteInput) => warningsApi.note(c.id, body),
    onSuccess: (d) => {
      queryClient.setQueryData(['warnings', 'case', c.id], d);
      void queryClient.invalidateQueries({ queryKey: ['warnings', 'cases'] });
      form.resetFields();
    },
    onError: (e) => onError(e, form),
  });
  const claim = useMutation({
    mutationFn: () => warningsApi.claim(c.id),
    onSuccess: (d) => {
      queryClient.setQueryData(['warnings', 'case', c.id], d);
      void queryClient.invalidateQueries({ queryKey: ['warnings', 'cases'] });
    },
    onError: (e) => onError(e),
  });
  return (
    <Card
      title={t('warnings.case.notes')}
      size="small"
      data-testid="notes-card"
      extra={
        c.can.assign && (
          <Button size="small" data-testid="claim-button" loading={claim.isPending} onClick={() => claim.mutate()}>
            {t('warnings.case.claim')}
          </Button>
        )
      }
    >
      {c.notes.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('warnings.case.noNotes')}</Typography.Paragraph>
      ) : (
        <Timeline
          data-testid="notes-timeline"
          items={c.notes.map((n) => ({
            key: n.id,
            children: (
              <Space direction="vertical" size={0}>
                <Space wrap size={4}>
                  <Tag color="geekblue">{t(`warnings.cause.${n.cause}`)}</Tag>
                  {n.expectedWeeks !== null && <Typography.Text type="secondary">{t('warnings.case.weeks', { n: n.expectedWeeks })}</Typography.Text>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {n.createdAt.slice(0, 16).replace('T', ' ')} {n.author?.displayName ?? ''}
                  </Typography.Text>
                </Space>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{n.text}</Typography.Paragraph>
              </Space>
            ),
          }))}
        />
      )}
      {c.can.note && <Divider style={{ margin: '8px 0 12px' }} />}
      {c.can.note ? (
        <Form form={form} layout="vertical" size="small" data-testid="note-form" onFinish={(v) => save.mutate({ cause: v.cause, expectedWeeks: v.expectedWeeks ?? null, text: v.text })}>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="cause" label={t('warnings.case.cause')} rules={[{ required: true }]}>
                <Select data-testid="note-cause" options={warningCauses.map((x) => ({ value: x, label: t(`warnings.cause.${x}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="expectedWeeks" label={t('warnings.case.expectedWeeks')}>
                <InputNumber data-testid="note-weeks" min={warningLimits.expectedWeeks.min} max={warningLimits.expectedWeeks.max} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="text" label={t('warnings.case.text')} rules={[{ required: true, whitespace: true, max: warningLimits.noteText.max }]}>
            <Input.TextArea data-testid="note-text" rows={3} maxLength={warningLimits.noteText.max} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="note-submit" loading={save.isPending}>
            {t('warnings.case.save')}
          </Button>
        </Form>
      ) : (
        !c.can.work && <Typography.Text type="secondary">{t('warnings.case.readOnly')}</Typography.Text>
      )}
    </Card>
  );
}

function Decision({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ decision: 'publish' | 'dismiss'; reason: string }>();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (body: { decision: 'publish' | 'dismiss'; reason: string }) => warningsApi.decide(c.id, body),
    onSuccess: (d) => {
      queryClient.setQueryData(['warnings', 'case', c.id], d);
      void queryClient.invalidateQueries({ queryKey: ['warnings', 'cases'] });
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Card title={t('warnings.case.decision')} size="small" data-testid="decision-card">
      {c.decision ? (
        <Space direction="vertical">
          <Typography.Text strong data-testid="decision-made">
            {t('warnings.case.decided', { decision: t(`warnings.case.${c.decision}`) })}
          </Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.decisionReason}</Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.decidedAt?.slice(0, 16).replace('T', ' ')} {c.decidedBy?.displayName ?? ''}
          </Typography.Text>
        </Space>
      ) : c.can.decide ? (
        <Form form={form} layout="vertical" size="small" data-testid="decision-form" initialValues={{ decision: 'publish' }} onFinish={(v) => decide.mutate(v)}>
          <Form.Item name="decision" rules={[{ required: true }]}>
            <Radio.Group data-testid="decision-choice">
              <Radio.Button value="publish">{t('warnings.case.publish')}</Radio.Button>
              <Radio.Button value="dismiss">{t('warnings.case.dismiss')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="reason" label={t('warnings.case.reason')} rules={[{ required: true, whitespace: true, min: warningLimits.reason.min, max: warningLimits.reason.max }]}>
            <Input.TextArea data-testid="decision-reason" rows={3} maxLength={warningLimits.reason.max} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="decision-submit" loading={decide.isPending}>
            {t('warnings.case.decide')}
          </Button>
        </Form>
      ) : (
        <Typography.Text type="secondary">{c.can.work ? t('warnings.case.decideHint') : t('warnings.case.readOnly')}</Typography.Text>
      )}
    </Card>
  );
}
