import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { param, useOnHistoryNavigation, useUrlState } from '../../components/useUrlState';
import { useSession } from '../../session/session';
import { accountsApi, type Finding, type FindingStatus, type ImportOutcome } from './api';
import { ImportPanel } from '../../components/ImportPanel';
import { issueKey, useCodedMessage } from './messages';
import { useKindName, useRegions } from './useRegions';

const severityColor: Record<string, string> = { error: 'red', warning: 'orange', info: 'blue' };
type FilterForm = { region?: string; year?: number; status?: FindingStatus };
/** `status=all` is the choice of every status; absent, the open findings. */
const urlSchema = { region: param.optional(), year: param.int(undefined, { min: 1949, max: 2200 }), status: param.oneOf(['open', 'accepted', 'resolved', 'all'] as const, 'open') };

const statusColor: Record<FindingStatus, string> = { open: 'gold', accepted: 'blue', resolved: 'green' };

export default function FindingsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const regions = useRegions();
  const kindName = useKindName();
  const coded = useCodedMessage();
  const findingText = (f: { code: string | null; params: Record<string, string | number>; message: string }) => coded(f.code ? `accounts.msg.${f.code}` : null, f.params, f.message);
  const [url, setUrl] = useUrlState(urlSchema);
  const filter: FilterForm = { region: url.region, year: url.year, status: url.status === 'all' ? undefined : url.status };
  const [filterForm] = Form.useForm<FilterForm>();
  // Back and forward show that view's filter in the form; the form's own changes already are the URL.
  useOnHistoryNavigation(() => filterForm.setFieldsValue(filter));
  const [editing, setEditing] = useState<{ finding: Finding; status: FindingStatus } | null>(null);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const canWrite = me?.actingAs.organisationType === 'statistics-office' || me?.actingAs.organisationType === 'platform-admin';

  const findings = useQuery({ queryKey: ['accounts', 'findings', filter], queryFn: () => accountsApi.findings(filter) });
  const update = useMutation({
    mutationFn: (v: { id: string; status: FindingStatus; note: string | null }) => accountsApi.updateFinding(v.id, v.status, v.note),
    onSuccess: () => {
      void message.success(t('common.saved'));
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: ['accounts', 'findings'] });
    },
    onError: (e) => onError(e),
  });
  const dateTime = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });

  const columns: ColumnsType<Finding> = [
    { title: t('accounts.findings.severity'), dataIndex: 'severity', width: 90, render: (s: string) => <Tag color={severityColor[s] ?? 'default'}>{t(`accounts.severity.${s}`, { defaultValue: s })}</Tag> },
    { title: t('accounts.findings.region'), dataIndex: 'region', width: 100, render: (r: string) => regions.nameOf(r) },
    { title: t('accounts.ind.year'), dataIndex: 'year', width: 70 },
    { title: t('accounts.findings.kind'), dataIndex: 'kind', width: 110, render: (k: string | null) => kindName(k) },
    { title: t('accounts.findings.rule'), dataIndex: 'rule', width: 150, render: (r: string) => t(`accounts.rule.${r}`, { defaultValue: r }) },
    { title: t('accounts.findings.row'), dataIndex: 'fileRow', width: 70, render: (r: number | null) => r ?? '—' },
    { title: t('accounts.findings.message'), key: 'message', width: 300, render: (_: unknown, f: Finding) => findingText(f) },
    { title: t('accounts.findings.status'), dataIndex: 'status', width: 100, render: (s: FindingStatus) => <Tag color={statusColor[s]}>{t(`accounts.findingStatus.${s}`)}</Tag> },
    { title: t('accounts.findings.note'), dataIndex: 'note', width: 180, render: (n: string | null) => n ?? '—' },
    { title: t('accounts.findings.updatedAt'), dataIndex: 'updatedAt', width: 140, render: (at: string) => dateTime.format(new Date(at)) },
    ...(canWrite
      ? ([
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            fixed: 'right',
            render: (_: unknown, f: Finding) => (
              <Space size={4}>
                {f.status !== 'accepted' && <Button size="small" onClick={() => { setNote(f.note ?? ''); setEditing({ finding: f, status: 'accepted' }); }}>{t('accounts.findings.accept')}</Button>}
                {f.status !== 'resolved' && <Button size="small" type="primary" ghost onClick={() => { setNote(f.note ?? ''); setEditing({ finding: f, status: 'resolved' }); }}>{t('accounts.findings.resolve')}</Button>}
                {f.status !== 'open' && <Button size="small" type="text" onClick={() => update.mutate({ id: f.id, status: 'open', note: f.note })}>{t('accounts.findings.reopen')}</Button>}
              </Space>
            ),
          },
        ] as ColumnsType<Finding>)
      : []),
  ];

  return (
    <>
      <Typography.Title level={3}>{t('accounts.findings.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('accounts.findings.intro')}</Typography.Paragraph>
      {canWrite && (
        <Card title={t('accounts.import.title')} style={{ marginBottom: 16 }}>
          <ImportPanel<ImportOutcome>
            testId="accounts-import"
            hint={t('accounts.import.accountsHint')}
            upload={(file) => accountsApi.importFile(file)}
            describe={(e) => coded(issueKey(e.code), e.params, e.message)}
            onDone={(o) => {
              setOutcome(o);
              void queryClient.invalidateQueries({ queryKey: ['accounts'] });
            }}
          />
          {outcome && (
            <Alert
              type={outcome.findings.length ? 'warning' : 'success'}
              showIcon
              style={{ marginTop: 12 }}
              data-testid="import-outcome"
              title={t('accounts.import.done', { rows: outcome.rows, kind: t(`accounts.import.kind.${outcome.kind}`), regions: outcome.regions.map(regions.nameOf).join('、'), findings: outcome.findings.length })}
              description={
                outcome.findings.length > 0 && (
                  <Table
                    size="small"
                    rowKey={(f) => `${f.rule}-${f.region}-${f.year}-${f.kind}-${f.fileRow}`}
                    pagination={outcome.findings.length > 10 ? { pageSize: 10 } : false}
                    dataSource={outcome.findings}
                    columns={[
                      { title: t('accounts.findings.severity'), dataIndex: 'severity', render: (s: string) => <Tag color={severityColor[s] ?? 'default'}>{t(`accounts.severity.${s}`, { defaultValue: s })}</Tag> },
                      { title: t('accounts.findings.row'), dataIndex: 'fileRow', render: (r: number | null) => r ?? '—' },
                      { title: t('accounts.findings.region'), dataIndex: 'region', render: (r: string) => regions.nameOf(r) },
                      { title: t('accounts.ind.year'), dataIndex: 'year' },
                      { title: t('accounts.findings.kind'), dataIndex: 'kind', render: (k: string | null) => kindName(k) },
                      { title: t('accounts.findings.rule'), dataIndex: 'rule', render: (r: string) => t(`accounts.rule.${r}`, { defaultValue: r }) },
                      { title: t('accounts.findings.message'), key: 'message', render: (_: unknown, f: ImportOutcome['findings'][number]) => findingText(f) },
                    ]}
                  />
                )
              }
            />
          )}
        </Card>
      )}
      <Card>
        <Form
          form={filterForm}
          layout="inline"
          style={{ marginBottom: 16, rowGap: 8 }}
          onValuesChange={(changed: FilterForm, all: FilterForm) => setUrl({ region: all.region || undefined, year: all.year ?? undefined, status: all.status ?? 'all' }, { replace: 'year' in changed })}
          initialValues={filter}
        >
          <Form.Item name="region">
            <Select allowClear placeholder={t('accounts.findings.anyRegion')} options={regions.options} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="year">
            <InputNumber placeholder={t('accounts.ind.year')} min={1949} max={2200} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="status">
            <Select allowClear placeholder={t('accounts.findings.anyStatus')} style={{ width: 140 }} options={(['open', 'accepted', 'resolved'] as const).map((s) => ({ value: s, label: t(`accounts.findingStatus.${s}`) }))} />
          </Form.Item>
        </Form>
        {findings.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} description={findings.error.message} style={{ marginBottom: 16 }} />}
        <Table<Finding> rowKey="id" size="small" columns={columns} dataSource={findings.data?.items} loading={findings.isFetching} scroll={{ x: 1500 }} data-testid="findings-table" locale={{ emptyText: t('accounts.findings.none') }} />
      </Card>
      <Modal
        open={!!editing}
        title={editing ? t(editing.status === 'accepted' ? 'accounts.findings.acceptTitle' : 'accounts.findings.resolveTitle') : ''}
        onCancel={() => setEditing(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={update.isPending}
        onOk={() => editing && update.mutate({ id: editing.finding.id, status: editing.status, note: note.trim() || null })}
      >
        <Typography.Paragraph>{editing ? findingText(editing.finding) : ''}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('accounts.findings.notePlaceholder')} data-testid="finding-note" />
      </Modal>
    </>
  );
}
