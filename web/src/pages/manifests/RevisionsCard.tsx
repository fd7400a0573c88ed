import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, List, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { useLocalName } from '../../i18n/labels';
import { type FieldValue, type Revision, regulationApi } from './regulationApi';

const statusColor: Record<Revision['status'], string> = { pending: 'gold', approved: 'green', refused: 'red', cancelled: 'default' };

/** A correctable field's path (`lines.2.quantity`) in words. */
export function useFieldLabel() {
  const { t } = useTranslation();
  return (path: string): string => {
    const [scope, n, name] = path.split('.');
    if (scope === 'lines' && name) return t('manifestRegulation.fieldLine', { line: n, name: t(`manifestRegulation.field.${name}`) });
    if (scope === 'transporters' && name) return t('manifestRegulation.fieldTransporter', { position: n, name: t(`manifestRegulation.field.${name}`) });
    return t(`manifestRegulation.field.${path}`);
  };
}

const show = (v: FieldValue | undefined) => (v === null || v === undefined || v === '' ? '—' : String(v));

type Decision = { revision: Revision; kind: 'approve' | 'refuse' | 'cancel' };
type RequestForm = { reason: string; changes: { field: string; to: string }[]; password: string };

/**
 * A manifest's corrections (issue 13): every version side by side with the changed fields
 * marked, the revision requests with each party's decision, and the viewer's own actions (ask,
 * approve or refuse with a reason, withdraw). The manifest page shows it; so does
 * /manifests/:id/revisions.
 */
export function RevisionsCard({ manifestId }: { manifestId: string }) {
  const { t, i18n } = useTranslation();
  const localName = useLocalName();
  const label = useFieldLabel();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const key = ['manifest-revisions', manifestId];
  const view = useQuery({ queryKey: key, queryFn: () => regulationApi.revisions(manifestId) });
  const [allFields, setAllFields] = useState(false);
  const [asking, setAsking] = useState(false);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [form] = Form.useForm<RequestForm>();
  const done = () => {
    void message.success(t('common.saved'));
    setAsking(false);
    setDeciding(null);
    setPassword('');
    setReason('');
    void queryClient.invalidateQueries({ queryKey: key });
  };
  const ask = useMutation({ mutationFn: (v: RequestForm) => regulationApi.request(manifestId, { reason: v.reason, password: v.password, changes: v.changes.map((c) => ({ field: c.field, to: c.to === '' ? null : /^packageCount$/.test(c.field.split('.').at(-1) ?? '') ? Number(c.to) : c.to })) }), onSuccess: done, onError: (e) => onError(e) });
  const decide = useMutation({
    mutationFn: (d: Decision) => (d.kind === 'cancel' ? regulationApi.cancel(manifestId, d.revision.id, reason.trim()) : regulationApi.decide(manifestId, d.revision.id, { decision: d.kind, password, ...(d.kind === 'refuse' ? { reason: reason.trim() } : {}) })),
    onSuccess: done,
    onError: (e) => onError(e),
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const v = view.data;
  if (view.isError) return <Alert type="error" showIcon title={t('errors.loadFailed')} />;

  const versions = v?.versions ?? [];
  const changed = new Set(versions.flatMap((x) => x.diff.map((d) => d.field)));
  const fields = Object.keys(versions.at(-1)?.fields ?? {}).filter((f) => allFields || changed.has(f));
  const columns: ColumnsType<{ field: string }> = [
    { title: t('manifestRegulation.versions.field'), dataIndex: 'field', width: 180, fixed: 'left', render: (f: string) => label(f) },
    ...versions.map((ver, i) => ({
      title: t('manifestRegulation.versions.version', { version: ver.version }),
      key: `v${ver.version}`,
      width: 140,
      render: (_: unknown, row: { field: string }) => {
        const moved = i > 0 && ver.diff.some((d) => d.field === row.field);
        return moved ? <Typography.Text mark>{show(ver.fields[row.field])}</Typography.Text> : show(ver.fields[row.field]);
      },
    })),
  ];

  return (
    <Card
      title={v ? `${t('manifestRegulation.revisions.title')} · ${v.number}` : t('manifestRegulation.revisions.title')}
      loading={view.isLoading}
      data-testid="revisions-card"
      extra={v?.mayRequest && <Button type="primary" size="small" onClick={() => setAsking(true)} data-testid="revision-ask">{t('manifestRegulation.revisions.ask')}</Button>}
    >
      {v && (
        <>
          <Space style={{ marginBottom: 8 }} wrap>
            <Typography.Text strong>{t('manifestRegulation.versions.title', { count: versions.length })}</Typography.Text>
            <Switch size="small" checked={allFields} onChange={setAllFields} /> <Typography.Text type="secondary">{t('manifestRegulation.versions.allFields')}</Typography.Text>
          </Space>
          {fields.length === 0 ? (
            <Typography.Paragraph type="secondary">{t('manifestRegulation.versions.unchanged')}</Typography.Paragraph>
          ) : (
            <Table rowKey="field" size="small" pagination={false} columns={columns} dataSource={fields.map((field) => ({ field }))} scroll={{ x: 180 + versions.length * 140 }} data-testid="versions-table" />
          )}
          <List
            style={{ marginTop: 16 }}
            header={<Typography.Text strong>{t('manifestRegulation.revisions.requests')}</Typography.Text>}
            dataSource={v.revisions}
            locale={{ emptyText: t('manifestRegulation.revisions.none') }}
            renderItem={(r) => (
              <List.Item key={r.id} data-testid="revision">
                <Space direction="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
                  <Space size={4} wrap>
                    <Tag color={statusColor[r.status]}>{t(`manifestRegulation.revisionStatus.${r.status}`)}</Tag>
                    <Typography.Text>{t('manifestRegulation.revisions.by', { name: localName(r.requester), at: date.format(new Date(r.createdAt)) })}</Typography.Text>
                  </Space>
                  <Typography.Text style={{ overflowWrap: 'anywhere' }}>{r.reason}</Typography.Text>
                  {r.changes.map((c) => (
                    <Typography.Text key={c.field} style={{ overflowWrap: 'anywhere' }}>
                      {label(c.field)}{t('manifestRegulation.sep')}{show(c.from)} → {show(c.to)}
                    </Typography.Text>
                  ))}
                  <Space size={4} wrap>
                    {r.approvals.map((a) => (
                      <Tag key={a.organisation.id} color={a.decision === 'approved' ? 'green' : a.decision === 'refused' ? 'red' : 'default'}>
                        {localName(a.organisation)}{t('manifestRegulation.sep')}{t(`manifestRegulation.decision.${a.decision ?? 'waiting'}`)}
                      </Tag>
                    ))}
                  </Space>
                  {r.decisionReason && <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>{t('manifestRegulation.revisions.because', { reason: r.decisionReason })}</Typography.Text>}
                  {(r.mayDecide || r.mayCancel) && (
                    <Space size={4} wrap>
                      {r.mayDecide && <Button size="small" type="primary" onClick={() => setDeciding({ revision: r, kind: 'approve' })} data-testid="revision-approve">{t('manifestRegulation.revisions.approve')}</Button>}
                      {r.mayDecide && <Button size="small" danger onClick={() => setDeciding({ revision: r, kind: 'refuse' })}>{t('manifestRegulation.revisions.refuse')}</Button>}
                      {r.mayCancel && <Button size="small" onClick={() => setDeciding({ revision: r, kind: 'cancel' })}>{t('manifestRegulation.revisions.cancel')}</Button>}
                    </Space>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
      <Modal open={asking} title={t('manifestRegulation.revisions.ask')} okText={t('manifestRegulation.revisions.send')} confirmLoading={ask.isPending} onOk={() => void form.validateFields().then((values) => ask.mutate(values))} onCancel={() => setAsking(false)} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ changes: [{ field: undefined, to: '' }] }}>
          <Form.List name="changes">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row) => (
                  <Space key={row.key} align="start" wrap style={{ width: '100%' }}>
                    <Form.Item name={[row.name, 'field']} rules={[{ required: true, message: t('manifestRegulation.revisions.fieldRequired') }]} style={{ minWidth: 200 }}>
                      <Select showSearch optionFilterProp="label" placeholder={t('manifestRegulation.versions.field')} options={Object.keys(versions.at(-1)?.fields ?? {}).map((f) => ({ value: f, label: label(f) }))} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'to']}>
                      <Input placeholder={t('manifestRegulation.revisions.newValue')} maxLength={500} />
                    </Form.Item>
                    {rows.length > 1 && <Button type="text" onClick={() => remove(row.name)}>{t('manifestRegulation.revisions.remove')}</Button>}
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ to: '' })} style={{ marginBottom: 16 }}>{t('manifestRegulation.revisions.addField')}</Button>
              </>
            )}
          </Form.List>
          <Form.Item name="reason" label={t('manifestRegulation.revisions.reason')} rules={[{ required: true, whitespace: true, message: t('manifestRegulation.revisions.reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="password" label={t('manifestRegulation.revisions.password')} rules={[{ required: true, message: t('manifestRegulation.revisions.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={deciding !== null}
        title={deciding ? t(`manifestRegulation.revisions.${deciding.kind}`) : ''}
        confirmLoading={decide.isPending}
        okButtonProps={{ disabled: (deciding?.kind !== 'cancel' && password === '') || (deciding?.kind !== 'approve' && reason.trim() === '') }}
        onOk={() => deciding && decide.mutate(deciding)}
        onCancel={() => setDeciding(null)}
      >
        {deciding?.kind !== 'approve' && <Input.TextArea rows={2} maxLength={1000} placeholder={t('manifestRegulation.revisions.reason')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ marginBottom: 8 }} />}
        {deciding?.kind !== 'cancel' && <Input.Password placeholder={t('manifestRegulation.revisions.password')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Modal>
    </Card>
  );
}

export default RevisionsCard;
