import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { useSession } from '../../session/session';
import { bpApi, labelOf, money, num, type Stream } from './api';
import { bodyOf, emptyStream, formValuesOf, StreamForm, type StreamFormValues } from './StreamForm';
import { StreamTransfer } from './StreamTransfer';
import { useTaxonomy } from './useTaxonomy';
import { translatedProblem, useValidationText } from './validation';
import { param, useUrlState, useUrlText } from '../../components/useUrlState';
import { UserText } from '../../components/UserText';

/** Field errors the form has no single item for go to the first item of their group. */
const formItemOf = (field: string) => (field === 'assays' || field === 'body.assays' ? 'assays.crudeFibre' : field);

const urlSchema = { q: param.text() };

export default function StreamsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useApiErrorHandler();
  const validationText = useValidationText();
  const queryClient = useQueryClient();
  const taxonomy = useTaxonomy();
  const streams = useQuery({ queryKey: ['byproducts', 'streams'], queryFn: () => bpApi.streams() });
  const [form] = Form.useForm<StreamFormValues>();
  const [editing, setEditing] = useState<Stream | null | 'new'>(null);
  const [{ q: search }, setUrl] = useUrlState(urlSchema);
  const [searchText, setSearchText] = useUrlText(search, (q) => setUrl({ q }, { replace: true }));
  const isPark = me?.actingAs.organisationType === 'park-admin';
  const canWrite = me && ['manufacturer', 'park-admin', 'platform-admin'].includes(me.actingAs.organisationType) && me.actingAs.role !== 'reader';

  const organisations = useMemo(() => {
    const seen = new Map<string, string>();
    for (const s of streams.data?.items ?? []) seen.set(s.organisationCode, s.organisationName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [streams.data]);

  const save = useMutation({
    mutationFn: (v: StreamFormValues) => (editing && editing !== 'new' ? bpApi.update(editing.code, bodyOf(v, true, taxonomy.data)) : bpApi.create(bodyOf(v, false, taxonomy.data))),
    onSuccess: (stream) => {
      void queryClient.invalidateQueries({ queryKey: ['byproducts'] });
      void message.success(t('byproducts.streams.saved', { name: stream.name }));
      const wasNew = editing === 'new';
      setEditing(null);
      if (wasNew) void navigate(`/byproducts/stream?id=${encodeURIComponent(stream.code)}`);
    },
    onError: (error) => onError(translatedProblem(error, validationText, formItemOf), form),
  });
  const remove = useMutation({
    mutationFn: (code: string) => bpApi.remove(code),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['byproducts'] }),
    onError: (error) => onError(error),
  });

  const open = (s: Stream | 'new') => {
    form.resetFields();
    form.setFieldsValue(s === 'new' ? { ...emptyStream, ...(isPark ? {} : {}) } : formValuesOf(s));
    setEditing(s);
  };

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (streams.data?.items ?? []).filter((s) => !q || s.name.toLowerCase().includes(q) || s.code.toLowerCase().includes(q) || s.organisationName.includes(q));
  }, [streams.data, search]);
  const tx = taxonomy.data;

  const columns: ColumnsType<Stream> = [
    {
      title: t('byproducts.streams.name'),
      key: 'name',
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/byproducts/stream?id=${encodeURIComponent(s.code)}`}><UserText>{s.name}</UserText></Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <UserText lang="zxx">{s.code}</UserText> · <UserText>{s.siteName}</UserText>
          </Typography.Text>
        </Space>
      ),
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
    },
    ...(isPark || organisations.length > 1 ? [{ title: t('byproducts.streams.organisation'), dataIndex: 'organisationName', render: (name: string) => <UserText>{name}</UserText>, filters: organisations.map((o) => ({ text: o.label, value: o.value })), onFilter: (v: unknown, s: Stream) => s.organisationCode === v } as ColumnsType<Stream>[number]] : []),
    { title: t('byproducts.streams.source'), key: 'source', render: (_, s) => [labelOf(tx?.parts, s.part, en), labelOf(tx?.residues, s.residue, en)].filter((x) => x !== '—').join(' / ') },
    { title: t('byproducts.streams.stage'), dataIndex: 'stage', onCell: () => ({ style: { whiteSpace: 'nowrap' } }), render: (v: string) => labelOf(tx?.stages, v, en) },
    { title: t('byproducts.streams.state'), dataIndex: 'state', onCell: () => ({ style: { whiteSpace: 'nowrap' } }), render: (v: string) => labelOf(tx?.states, v, en) },
    { title: t('byproducts.streams.tonnes'), dataIndex: 'tonnesPerYear', align: 'right', render: (v?: number) => num(v, 1), sorter: (a, b) => (a.tonnesPerYear ?? 0) - (b.tonnesPerYear ?? 0) },
    {
      title: t('byproducts.streams.handling'),
      key: 'handling',
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_, s) => (s.currentHandling ? `${labelOf(tx?.handlings, s.currentHandling, en)}${s.currentHandlingCostPerTonne !== null && s.currentHandlingCostPerTonne !== undefined ? ` · ${money(s.currentHandlingCostPerTonne, en)}/t` : ''}` : '—'),
    },
    { title: t('byproducts.streams.hazardous'), key: 'hz', render: (_, s) => (s.hazardous ? <Tag color="red">{s.hazardousCode}</Tag> : null) },
    ...(canWrite
      ? [
          {
            title: '',
            key: 'actions',
            render: (_: unknown, s: Stream) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} onClick={() => open(s)} aria-label={t('byproducts.streams.edit')} />
                <Popconfirm title={t('byproducts.streams.confirmDelete', { name: s.name })} onConfirm={() => remove.mutate(s.code)}>
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('byproducts.streams.delete')} />
                </Popconfirm>
              </Space>
            ),
          } as ColumnsType<Stream>[number],
        ]
      : []),
  ];

  const total = rows.reduce((a, s) => a + (s.tonnesPerYear ?? 0), 0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('byproducts.nav.streams')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {isPark ? t('byproducts.streams.introPark') : t('byproducts.streams.intro')}
      </Typography.Paragraph>
      {streams.error && <Alert type="error" showIcon message={String(streams.error.message)} />}
      <Space wrap>
        <Input.Search allowClear placeholder={t('byproducts.streams.search')} value={searchText} onChange={(e) => setSearchText(e.target.value)} style={{ width: 260 }} />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="add-stream">
            {t('byproducts.streams.add')}
          </Button>
        )}
        <StreamTransfer canWrite={!!canWrite} />
        <Typography.Text type="secondary" data-testid="stream-count">
          {t('byproducts.streams.summary', { count: rows.length, tonnes: num(total, 0) })}
        </Typography.Text>
      </Space>
      <Table<Stream> data-testid="stream-table" rowKey="id" size="small" loading={streams.isLoading} columns={columns} dataSource={rows} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
      <Modal
        open={editing !== null}
        width={980}
        title={editing === 'new' ? t('byproducts.streams.add') : t('byproducts.streams.edit')}
        okText={t('byproducts.streams.save')}
        okButtonProps={{ 'data-testid': 'save-stream' }}
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        onOk={() => void form.validateFields().then((v) => save.mutate(v), () => undefined)}
        destroyOnHidden
        forceRender
      >
        <StreamForm form={form} taxonomy={tx} organisations={isPark && editing === 'new' ? organisations : undefined} />
      </Modal>
    </Space>
  );
}
