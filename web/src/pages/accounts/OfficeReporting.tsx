import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Input, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { param, useOnHistoryNavigation, useUrlState } from '../../components/useUrlState';
import { useLocalName } from '../../i18n/labels';
import { useSession } from '../../session/session';
import { accountsApi, type Aggregate, type Board, type BoardStatus, reportsApi } from './api';
import { num } from './format';
import { PERIOD_PATTERN, ReportStatusTag } from './reportStatus';
import { UserText } from '../../components/UserText';

const statuses: BoardStatus[] = ['missing', 'draft', 'submitted', 'returned', 'accepted'];
const defaultPeriod = String(new Date().getFullYear() - 1);
const urlSchema = { period: param.optional(), status: param.optionalOneOf(statuses) };

export function OfficeReporting() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const localName = useLocalName();
  const queryClient = useQueryClient();
  const [url, setUrl] = useUrlState(urlSchema);
  const period = url.period !== undefined && PERIOD_PATTERN.test(url.period) ? url.period : defaultPeriod;
  const setPeriod = (p: string) => setUrl({ period: p === defaultPeriod ? undefined : p });
  const [periodInput, setPeriodInput] = useState(period);
  // Back and forward change the period: the text box follows.
  useOnHistoryNavigation(() => setPeriodInput(period));
  const [openId, setOpenId] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const statusFilter = url.status ?? null;
  const setStatusFilter = (status: BoardStatus | null) => setUrl({ status: status ?? undefined });
  const locale = i18n.language;
  const region = me?.actingAs.regionCode ?? null;

  const board = useQuery({ queryKey: ['reports', 'board', period], queryFn: () => reportsApi.board(period), enabled: !!region });
  const aggregate = useQuery({ queryKey: ['reports', 'aggregate', period, region], queryFn: () => reportsApi.aggregate(period, region!), enabled: !!region });
  const catalogue = useQuery({ queryKey: ['accounts', 'catalogue'], queryFn: accountsApi.catalogue, staleTime: 5 * 60_000 });
  const report = useQuery({ queryKey: ['reports', 'one', openId], queryFn: () => reportsApi.get(openId!), enabled: !!openId });
  const kindName = (code: string) => {
    const k = catalogue.data?.items.find((i) => i.code === code);
    return k ? localName(k) : code;
  };

  const review = useMutation({
    mutationFn: (v: { id: string; action: 'accept' | 'return'; comment?: string }) => (v.action === 'accept' ? reportsApi.accept(v.id) : reportsApi.return(v.id, v.comment!)),
    onSuccess: (r) => {
      void message.success(t(r.status === 'accepted' ? 'accounts.report.acceptedMsg' : 'accounts.report.returnedMsg', { firm: r.organisationName }));
      setComment('');
      setOpenId(null);
      void queryClient.invalidateQueries({ queryKey: ['reports'] });
    },
    onError: (e) => onError(e),
  });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  const firms = (board.data?.firms ?? []).filter((f) => !statusFilter || f.status === statusFilter);

  return (
    <>
      <Typography.Title level={3}>{t('accounts.report.boardTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('accounts.report.officeIntro')}</Typography.Paragraph>
      {!region && <Alert type="warning" showIcon title={t('accounts.report.noRegion')} />}
      <Space style={{ marginBottom: 16 }}>
        {t('accounts.report.period')}
        <Input
          style={{ width: 110 }}
          value={periodInput}
          onChange={(e) => setPeriodInput(e.target.value)}
          onPressEnter={() => PERIOD_PATTERN.test(periodInput) && setPeriod(periodInput)}
          onBlur={() => (PERIOD_PATTERN.test(periodInput) ? setPeriod(periodInput) : setPeriodInput(period))}
          data-testid="board-period"
        />
        <Typography.Text type="secondary">{t('accounts.report.periodHelp')}</Typography.Text>
      </Space>
      {board.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} description={board.error.message} style={{ marginBottom: 16 }} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="board-counts">
        {statuses.map((s) => (
          <Col key={s} flex="1 1 160px">
            <Card size="small" hoverable onClick={() => setStatusFilter(statusFilter === s ? null : s)} style={statusFilter === s ? { borderColor: '#2f7d4f' } : undefined} data-testid={`count-${s}`}>
              <Statistic title={t(`accounts.reportStatus.${s}`)} value={board.data?.counts[s] ?? 0} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('accounts.report.firms', { period })} style={{ marginBottom: 16 }} extra={statusFilter && <Tag closable onClose={() => setStatusFilter(null)}>{t(`accounts.reportStatus.${statusFilter}`)}</Tag>}>
        <Table<Board['firms'][number]>
          rowKey="organisationId"
          size="small"
          loading={board.isFetching}
          dataSource={firms}
          pagination={false}
          data-testid="board-table"
          columns={[
            { title: t('accounts.report.firmCode'), dataIndex: 'code', width: 170, render: (code: string) => <UserText lang="zxx">{code}</UserText> },
            { title: t('accounts.report.firmName'), dataIndex: 'name', render: (name: string) => <UserText>{name}</UserText> },
            { title: t('accounts.report.firmType'), dataIndex: 'type', width: 150, render: (type: string) => t(`orgType.${type}`, { defaultValue: type }) },
            { title: t('accounts.report.status'), dataIndex: 'status', width: 100, render: (s: BoardStatus) => <ReportStatusTag status={s} /> },
            { title: t('accounts.report.submittedAt'), dataIndex: 'submittedAt', width: 150, render: (at: string | null) => (at ? dateTime.format(new Date(at)) : '—') },
            {
              title: t('common.actions'),
              key: 'open',
              width: 110,
              render: (_, f) =>
                f.reportId && (
                  <Button size="small" type={f.status === 'submitted' ? 'primary' : 'default'} onClick={() => setOpenId(f.reportId)} data-testid={`open-${f.code}`}>
                    {f.status === 'submitted' ? t('accounts.report.review') : t('accounts.report.open')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <AggregateCard data={aggregate.data} loading={aggregate.isFetching} error={aggregate.error?.message} kindName={kindName} locale={locale} />
      <Drawer
        open={!!openId}
        onClose={() => setOpenId(null)}
        size={560}
        title={report.data ? `${report.data.organisationName} · ${report.data.period}` : t('accounts.report.loading')}
      >
        {report.data && (
          <div data-testid="report-detail">
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('accounts.report.status')}><ReportStatusTag status={report.data.status} /></Descriptions.Item>
              <Descriptions.Item label={t('accounts.report.outputValue')}>{report.data.outputValue === null ? '—' : `${num(report.data.outputValue, 0, locale)} ${t('accounts.unit.wanYuan')}`}</Descriptions.Item>
              <Descriptions.Item label={t('accounts.report.submittedAt')}>{report.data.submittedAt ? dateTime.format(new Date(report.data.submittedAt)) : '—'}</Descriptions.Item>
              {report.data.reviewComment && <Descriptions.Item label={t('accounts.report.comment')}>{report.data.reviewComment}</Descriptions.Item>}
            </Descriptions>
            <Table
              size="small"
              rowKey="kind"
              pagination={false}
              dataSource={report.data.lines}
              style={{ marginBottom: 16 }}
              columns={[
                { title: t('accounts.report.kind'), dataIndex: 'kind', render: (k: string) => kindName(k) },
                { title: t('accounts.report.unit'), dataIndex: 'unit' },
                { title: t('accounts.report.consumed'), dataIndex: 'consumed', align: 'right', render: (v: number) => num(v, 2, locale) },
                { title: t('accounts.report.recycled'), dataIndex: 'recycled', align: 'right', render: (v: number) => num(v, 2, locale) },
              ]}
            />
            {report.data.status === 'submitted' && (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Input.TextArea rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('accounts.report.commentPlaceholder')} data-testid="return-comment-input" />
                <Space>
                  <Button type="primary" icon={<CheckOutlined />} loading={review.isPending && review.variables?.action === 'accept'} onClick={() => review.mutate({ id: report.data.id, action: 'accept' })} data-testid="accept-report">
                    {t('accounts.report.accept')}
                  </Button>
                  <Button danger icon={<RollbackOutlined />} disabled={!comment.trim()} loading={review.isPending && review.variables?.action === 'return'} onClick={() => review.mutate({ id: report.data.id, action: 'return', comment: comment.trim() })} data-testid="return-report">
                    {t('accounts.report.return')}
                  </Button>
                </Space>
              </Space>
            )}
          </div>
        )}
      </Drawer>
    </>
  );
}

function AggregateCard({ data, loading, error, kindName, locale }: { data?: Aggregate; loading: boolean; error?: string; kindName: (c: string) => string; locale: string }) {
  const { t } = useTranslation();
  const suppressed = (reason: string | null) => (
    <Typography.Text type="secondary" title={reason ? t(`disclosure.reason.${reason}`) : t('accounts.report.suppressedHelp')}>
      {t('accounts.report.suppressed')}
    </Typography.Text>
  );
  return (
    <Card title={t('accounts.report.aggregateTitle')} data-testid="aggregate-card">
      {error && <Alert type="error" showIcon title={error} />}
      {data && (
        <>
          <Space size="large" style={{ marginBottom: 12 }}>
            <Statistic title={t('accounts.report.acceptedFirms')} value={data.firms} />
            <Statistic title={t('accounts.report.outputValue')} value={data.outputValue === null ? '—' : num(data.outputValue, 0, locale)} suffix={data.outputValue === null ? undefined : t('accounts.unit.wanYuan')} />
          </Space>
          <Table<Aggregate['kinds'][number]>
            rowKey="kind"
            size="small"
            loading={loading}
            pagination={false}
            dataSource={data.kinds}
            locale={{ emptyText: t('accounts.report.noAccepted') }}
            columns={[
              { title: t('accounts.report.kind'), dataIndex: 'kind', render: (k: string) => kindName(k) },
              { title: t('accounts.report.category'), dataIndex: 'category', render: (c: string) => t(`accounts.category.${c}`, { defaultValue: c }) },
              { title: t('accounts.report.firmCount'), dataIndex: 'firms', align: 'right' },
              { title: `${t('accounts.report.consumed')} (t)`, dataIndex: 'consumedTonnes', align: 'right', render: (v: number | null, r) => (r.suppressed || v === null ? suppressed(r.suppressedReason) : num(v, 1, locale)) },
              { title: `${t('accounts.report.recycled')} (t)`, dataIndex: 'recycledTonnes', align: 'right', render: (v: number | null, r) => (r.suppressed || v === null ? suppressed(r.suppressedReason) : num(v, 1, locale)) },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('accounts.report.suppressedHelp')}</Typography.Text>
        </>
      )}
    </Card>
  );
}
