import { DeleteOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { param, useOnHistoryNavigation, useUrlState } from '../../components/useUrlState';
import { useLocalName } from '../../i18n/labels';
import { reportsApi, accountsApi, type ReportBody, type ReportView } from './api';
import { num } from './format';
import { ImportPanel } from '../../components/ImportPanel';
import { issueKey, useCodedMessage } from './messages';
import { PERIOD_PATTERN, ReportStatusTag } from './reportStatus';

interface FormValues {
  outputValue?: number | null;
  lines: { kind?: string; unit?: string; consumed?: number; recycled?: number }[];
}

const defaultPeriod = String(new Date().getFullYear() - 1);
const urlSchema = { period: param.optional() };

export function FirmReporting() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const coded = useCodedMessage();
  const describeIssue = (e: { message: string; code?: string; params?: Record<string, string | number> }) => coded(issueKey(e.code), e.params, e.message);
  const onError = useApiErrorHandler(describeIssue);
  const localName = useLocalName();
  const queryClient = useQueryClient();
  const [url, setUrl] = useUrlState(urlSchema);
  const period = url.period !== undefined && PERIOD_PATTERN.test(url.period) ? url.period : defaultPeriod;
  const setPeriod = (p: string) => setUrl({ period: p === defaultPeriod ? undefined : p });
  const [periodInput, setPeriodInput] = useState(period);
  // Back and forward change the period: the text box follows.
  useOnHistoryNavigation(() => setPeriodInput(period));
  const [form] = Form.useForm<FormValues>();
  const locale = i18n.language;

  const catalogue = useQuery({ queryKey: ['accounts', 'catalogue'], queryFn: accountsApi.catalogue, staleTime: 5 * 60_000 });
  const reports = useQuery({ queryKey: ['reports', 'mine'], queryFn: () => reportsApi.list() });
  const report = reports.data?.items.find((r) => r.period === period);
  const editable = !report || report.status === 'draft' || report.status === 'returned';

  useEffect(() => {
    form.setFieldsValue(
      report
        ? { outputValue: report.outputValue, lines: report.lines.map((l) => ({ ...l })) }
        : { outputValue: null, lines: [{ kind: undefined, unit: undefined, consumed: undefined, recycled: 0 }] },
    );
  }, [report, form, period]);

  const kindOptions = useMemo(() => catalogue.data?.items.map((k) => ({ value: k.code, label: `${localName(k)} (${k.unit})` })) ?? [], [catalogue.data, localName]);
  const kindName = (code: string) => {
    const k = catalogue.data?.items.find((i) => i.code === code);
    return k ? localName(k) : code;
  };

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['reports'] });
  const save = useMutation({
    mutationFn: (body: ReportBody) => reportsApi.save(body),
    onSuccess: () => {
      void message.success(t('accounts.report.saved'));
      void refresh();
    },
    onError: (e) => onError(e, form),
  });
  const submit = useMutation({
    mutationFn: async (body: ReportBody) => reportsApi.submit((await reportsApi.save(body)).id),
    onSuccess: () => {
      void message.success(t('accounts.report.submitted'));
      void refresh();
    },
    onError: (e) => onError(e, form),
  });

  const body = (v: FormValues): ReportBody => ({
    period,
    outputValue: v.outputValue ?? null,
    lines: v.lines.map((l) => ({ kind: l.kind!, unit: l.unit!, consumed: l.consumed ?? 0, recycled: l.recycled ?? 0 })),
  });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <>
      <Typography.Title level={3}>{t('accounts.report.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('accounts.report.firmIntro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            title={
              <Space>
                {t('accounts.report.period')}
                <Input
                  style={{ width: 110 }}
                  value={periodInput}
                  onChange={(e) => setPeriodInput(e.target.value)}
                  onPressEnter={() => PERIOD_PATTERN.test(periodInput) && setPeriod(periodInput)}
                  onBlur={() => (PERIOD_PATTERN.test(periodInput) ? setPeriod(periodInput) : setPeriodInput(period))}
                  data-testid="report-period"
                />
                {report ? <ReportStatusTag status={report.status} /> : <ReportStatusTag status="missing" />}
              </Space>
            }
            extra={<Typography.Text type="secondary">{t('accounts.report.periodHelp')}</Typography.Text>}
          >
            {report?.status === 'returned' && report.reviewComment && (
              <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('accounts.report.returnedTitle')} description={report.reviewComment} data-testid="return-comment" />
            )}
            {report?.status === 'submitted' && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('accounts.report.waiting')} />}
            {report?.status === 'accepted' && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('accounts.report.acceptedInfo')} />}
            <Form<FormValues> form={form} layout="vertical" disabled={!editable} onFinish={(v) => save.mutate(body(v))} data-testid="report-form">
              <Form.Item name="outputValue" label={t('accounts.report.outputValue')} style={{ maxWidth: 260 }}>
                <InputNumber min={0} style={{ width: '100%' }} suffix={t('accounts.unit.wanYuan')} />
              </Form.Item>
              <Form.List name="lines">
                {(fields, { add, remove }) => (
                  <>
                    <Row gutter={8} style={{ fontWeight: 500, marginBottom: 4 }}>
                      <Col span={8}>{t('accounts.report.kind')}</Col>
                      <Col span={4}>{t('accounts.report.unit')}</Col>
                      <Col span={5}>{t('accounts.report.consumed')}</Col>
                      <Col span={5}>{t('accounts.report.recycled')}</Col>
                    </Row>
                    {fields.map((field) => (
                      <Row gutter={8} key={field.key}>
                        <Col span={8}>
                          <Form.Item name={[field.name, 'kind']} rules={[{ required: true, message: t('accounts.report.kindRequired') }]}>
                            <Select
                              showSearch={{ optionFilterProp: 'label' }}
                              options={kindOptions}
                              onChange={(code: string) => {
                                const unit = catalogue.data?.items.find((k) => k.code === code)?.unit;
                                if (unit) form.setFieldValue(['lines', field.name, 'unit'], unit);
                              }}
                            />
                          </Form.Item>
                        </Col>
                        <Col span={4}>
                          <Form.Item name={[field.name, 'unit']} rules={[{ required: true, message: t('accounts.report.unitRequired') }]}>
                            <Input maxLength={20} />
                          </Form.Item>
                        </Col>
                        <Col span={5} data-testid={`line-consumed-${field.name}`}>
                          <Form.Item name={[field.name, 'consumed']} rules={[{ required: true, message: t('accounts.report.consumedRequired') }]}>
                            <InputNumber min={0} style={{ width: '100%' }} />
                          </Form.Item>
                        </Col>
                        <Col span={5}>
                          <Form.Item name={[field.name, 'recycled']}>
                            <InputNumber min={0} style={{ width: '100%' }} />
                          </Form.Item>
                        </Col>
                        <Col span={2}>
                          <Button icon={<DeleteOutlined />} disabled={!editable || fields.length === 1} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                        </Col>
                      </Row>
                    ))}
                    <div style={{ marginBottom: 16 }}>
                      <Button icon={<PlusOutlined />} onClick={() => add({ recycled: 0 })}>
                        {t('accounts.report.addLine')}
                      </Button>
                    </div>
                  </>
                )}
              </Form.List>
              <Space>
                <Button htmlType="submit" loading={save.isPending} data-testid="report-save">
                  {t('accounts.report.saveDraft')}
                </Button>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  loading={submit.isPending}
                  data-testid="report-submit"
                  onClick={() =>
                    void form
                      .validateFields()
                      .then((v) => {
                        modal.confirm({ title: t('accounts.report.submitConfirm', { period }), okText: t('accounts.report.submit'), cancelText: t('common.cancel'), onOk: () => submit.mutateAsync(body(v)) });
                      })
                      .catch(() => undefined)
                  }
                >
                  {t('accounts.report.submit')}
                </Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('accounts.report.mine')} style={{ marginBottom: 16 }}>
            <Table<ReportView>
              rowKey="id"
              size="small"
              pagination={false}
              loading={reports.isPending}
              dataSource={reports.data?.items}
              onRow={(r) => ({ onClick: () => { setPeriod(r.period); setPeriodInput(r.period); }, style: { cursor: 'pointer', background: r.period === period ? '#e8f3ec' : undefined } })}
              columns={[
                { title: t('accounts.report.period'), dataIndex: 'period' },
                { title: t('accounts.report.status'), dataIndex: 'status', render: (s: ReportView['status']) => <ReportStatusTag status={s} /> },
                { title: t('accounts.report.submittedAt'), dataIndex: 'submittedAt', render: (at: string | null) => (at ? dateTime.format(new Date(at)) : '—') },
              ]}
              data-testid="my-reports"
            />
          </Card>
          <Card title={t('accounts.report.importTitle')}>
            <ImportPanel<{ items: ReportView[] }>
              testId="report-import"
              hint={t('accounts.report.importHint')}
              upload={(file) => reportsApi.importFile(file)}
              describe={describeIssue}
              onDone={(r) => {
                void message.success(t('accounts.report.imported', { count: r.items.length }));
                const first = r.items[0];
                if (first) { setPeriod(first.period); setPeriodInput(first.period); }
                void refresh();
              }}
            />
          </Card>
          {report && !editable && (
            <Card title={t('accounts.report.summary')} style={{ marginTop: 16 }}>
              <Descriptions size="small" column={1}>
                {report.lines.map((l) => (
                  <Descriptions.Item key={l.kind} label={kindName(l.kind)}>
                    {num(l.consumed, 2, locale)} {l.unit}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
