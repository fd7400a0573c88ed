import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, List, Radio, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { Chart } from '../../components/Chart';
import { UserText } from '../../components/UserText';
import { useSession } from '../../session/session';
import { gradeRank } from '../../../../src/modules/ratings/engine/grades';
import { gradeColor, orgName, ratingsApi, reasonText, type RatingDetail } from './api';

type Appeal = NonNullable<RatingDetail['appeals']>[number];

function HistoryChart({ history }: { history: RatingDetail['history'] }) {
  const { t } = useTranslation();
  const withScore = history.every((h) => h.score !== null);
  // Without the score (another firm's page) the grade's rank is drawn: higher is better.
  const value = (h: RatingDetail['history'][number]) => (withScore ? h.score : 8 - gradeRank(h.grade));
  return (
    <Chart
      ariaLabel={t('ratings.page.historyTitle')}
      testId="rating-history"
      height={240}
      option={{
        grid: { left: 40, right: 12, top: 16, bottom: 28 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: history.map((h) => h.ratedOn) },
        yAxis: withScore ? { type: 'value', min: 0, max: 100 } : { type: 'value', min: 0, max: 8, axisLabel: { formatter: (v: number) => ['C', 'CC', 'CCC', 'B', 'BB', 'BBB', 'A', 'AA', 'AAA'][v] ?? '' } },
        series: [{ type: 'line', step: withScore ? undefined : 'end', name: withScore ? t('ratings.page.score') : t('ratings.page.grade'), data: history.map(value), showSymbol: false }],
      }}
    />
  );
}

function AppealForm({ organisationId, onDone }: { organisationId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ statement: string }>();
  const onError = useApiErrorHandler();
  const { message } = App.useApp();
  const send = useMutation({
    mutationFn: (v: { statement: string }) => ratingsApi.appeal(organisationId, v.statement),
    onSuccess: () => {
      void message.success(t('ratings.page.appealSent'));
      form.resetFields();
      onDone();
    },
    onError: (e) => onError(e, form),
  });
  return (
    <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v)}>
      <Form.Item name="statement" label={t('ratings.page.statement')} rules={[{ required: true, min: 10, message: t('ratings.page.statementRule') }]}>
        <Input.TextArea rows={4} maxLength={4000} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={send.isPending}>
        {t('ratings.page.sendAppeal')}
      </Button>
    </Form>
  );
}

function DecisionForm({ appeal, onDone }: { appeal: Appeal; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ outcome: 'upheld' | 'rejected'; reason: string }>();
  const onError = useApiErrorHandler();
  const decide = useMutation({
    mutationFn: (v: { outcome: 'upheld' | 'rejected'; reason: string }) => ratingsApi.decide(appeal.id, v.outcome, v.reason),
    onSuccess: onDone,
    onError: (e) => onError(e, form),
  });
  return (
    <Form form={form} layout="vertical" onFinish={(v) => decide.mutate(v)} initialValues={{ outcome: 'upheld' }}>
      <Form.Item name="outcome" label={t('ratings.page.outcome')}>
        <Radio.Group options={[{ value: 'upheld', label: t('ratings.appealStatus.upheld') }, { value: 'rejected', label: t('ratings.appealStatus.rejected') }]} />
      </Form.Item>
      <Form.Item name="reason" label={t('ratings.page.decisionReason')} rules={[{ required: true, min: 5, message: t('ratings.page.reasonRule') }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={decide.isPending}>
        {t('ratings.page.decide')}
      </Button>
    </Form>
  );
}

/** One participant's rating: grade, suspension, reasons in words, figures, history, appeals (`/ratings/:organisationId`, `/ratings/mine`). */
export default function RatingPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const params = useParams();
  const id = params.organisationId ?? me?.actingAs.organisationId ?? '';
  const queryClient = useQueryClient();
  const rating = useQuery({ queryKey: ['ratings', 'detail', id], queryFn: () => ratingsApi.show(id), enabled: id !== '' });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['ratings'] });
  const r = rating.data;
  if (!r) return <Card loading={rating.isPending}>{rating.isError && <Empty description={t('ratings.page.notFound')} />}</Card>;
  const c = r.current;
  const openAppeal = r.appeals?.find((a) => a.status === 'open');
  return (
    <div>
      <Typography.Title level={3}>
        <UserText>{orgName(i18n.language, r.organisation)}</UserText>
      </Typography.Title>
      {r.suspension && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={t('ratings.page.suspended', { date: r.suspension.since.slice(0, 10), grade: r.suspension.grade })} />}
      {r.appealHolds && !r.suspension && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('ratings.page.appealHolds', { grade: r.appealHolds })} />}
      {!c ? (
        <Empty description={t('ratings.page.notRated')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={8}>
            <Card title={t('ratings.page.current')}>
              <Space direction="vertical">
                <Tag lang="zxx" color={gradeColor(c.grade)} style={{ fontSize: 22, padding: '6px 12px' }} data-testid="rating-grade">
                  {c.grade}
                </Tag>
                <Typography.Text>{t(`ratings.grade.${c.grade}`)}</Typography.Text>
                {c.score !== null && <Statistic title={t('ratings.page.score')} value={c.score} precision={1} suffix="/ 100" />}
                <Typography.Text type="secondary">{t('ratings.page.ratedOn', { date: c.ratedOn, edition: c.policyEdition })}</Typography.Text>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={16}>
            <Card title={t('ratings.page.reasons')}>
              {c.reasons === null ? (
                <Typography.Text type="secondary">{t('ratings.page.reasonsPrivate')}</Typography.Text>
              ) : (
                <List size="small" dataSource={c.reasons} renderItem={(x) => <List.Item data-testid="rating-reason">{reasonText(t, x)}</List.Item>} />
              )}
            </Card>
          </Col>
          {c.dimensions && (
            <Col xs={24}>
              <Card title={t('ratings.page.dimensions')}>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="dimension"
                  dataSource={c.dimensions}
                  columns={[
                    { title: t('ratings.page.dimension'), key: 'd', render: (_, d) => t(`ratings.dimension.${d.dimension}`) },
                    { title: t('ratings.page.rate'), key: 'r', align: 'right', render: (_, d) => `${(d.rate * 100).toFixed(1)} %` },
                    { title: t('ratings.page.met'), key: 'm', align: 'right', responsive: ['sm'], render: (_, d) => d.met.toFixed(1) },
                    { title: t('ratings.page.missed'), key: 'x', align: 'right', responsive: ['sm'], render: (_, d) => d.missed.toFixed(1) },
                  ]}
                />
              </Card>
            </Col>
          )}
          <Col xs={24}>
            <Card title={t('ratings.page.historyTitle')}>{r.history.length > 1 ? <HistoryChart history={r.history} /> : <Empty description={t('ratings.page.noHistory')} />}</Card>
          </Col>
          {r.appeals && (
            <Col xs={24}>
              <Card title={t('ratings.page.appeals')}>
                {r.appeals.length === 0 && <Typography.Paragraph type="secondary">{t('ratings.page.noAppeals')}</Typography.Paragraph>}
                {r.appeals.map((a) => (
                  <Descriptions key={a.id} size="small" column={1} bordered style={{ marginBottom: 12 }}>
                    <Descriptions.Item label={t('ratings.page.appealed')}>
                      {a.createdAt.slice(0, 10)} · <span lang="zxx">{a.grade}</span> · <Tag>{t(`ratings.appealStatus.${a.status}`)}</Tag>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('ratings.page.statement')}>
                      <UserText>{a.statement}</UserText>
                    </Descriptions.Item>
                    {a.decisionReason && (
                      <Descriptions.Item label={t('ratings.page.decisionReason')}>
                        <UserText>{a.decisionReason}</UserText>
                      </Descriptions.Item>
                    )}
                  </Descriptions>
                ))}
                {r.can.appeal && !openAppeal && <AppealForm organisationId={r.organisation.id} onDone={refresh} />}
                {r.can.decide && openAppeal && <DecisionForm appeal={openAppeal} onDone={refresh} />}
              </Card>
            </Col>
          )}
        </Row>
      )}
    </div>
  );
}
