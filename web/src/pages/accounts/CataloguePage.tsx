import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UNIT_FACTORS } from '../../../../src/modules/accounts/engine/catalogue';
import { useApiErrorHandler } from '../../api/errors';
import { useSession } from '../../session/session';
import { accountsApi, CATEGORIES, type Category, type ResourceKind } from './api';
import { issueKey, useCodedMessage } from './messages';
import { UserText } from '../../components/UserText';

interface KindForm {
  code: string;
  nameZh: string;
  nameEn: string;
  category: Category;
  unit: string;
  toTonnes: number;
  primaryEquivalent: number;
  basis: string;
}

const units = Object.keys(UNIT_FACTORS);

/**
 * The resource catalogue as data (seed 004: at least the 14 national kinds): categories, units,
 * conversion factors to tonnes and to primary-resource equivalents. Statistics-office admins and
 * platform admins edit it; every change is audited on the server. National kinds keep their
 * category and cannot be deleted; a kind with stored rows cannot be deleted either.
 */
export default function CataloguePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const coded = useCodedMessage();
  const onError = useApiErrorHandler((e) => coded(issueKey(e.code), e.params, e.message));
  const queryClient = useQueryClient();
  const [form] = Form.useForm<KindForm>();
  const [editing, setEditing] = useState<ResourceKind | 'new' | null>(null);
  const acting = me?.actingAs;
  // National kinds: platform admins; a region's own kinds: its statistics office (accountsPolicy.editCatalogue).
  const canEdit = me?.capabilities.editAccountsCatalogue === true;
  const canEditKind = (k: ResourceKind) => me?.capabilities.editNationalCatalogue === true || (canEdit && k.region !== null && k.region === acting?.regionCode);

  const catalogue = useQuery({ queryKey: ['accounts', 'catalogue'], queryFn: accountsApi.catalogue });
  const done = () => {
    void message.success(t('common.saved'));
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: ['accounts', 'catalogue'] });
  };
  const save = useMutation({
    mutationFn: (v: KindForm) => {
      if (editing === 'new') return accountsApi.createKind(v);
      const { code: _code, ...changes } = v;
      return accountsApi.updateKind(v.code, changes);
    },
    onSuccess: done,
    onError: (e) => onError(e, form),
  });
  const remove = useMutation({ mutationFn: accountsApi.deleteKind, onSuccess: done, onError: (e) => onError(e) });

  const openForm = (kind: ResourceKind | 'new') => {
    setEditing(kind);
    form.resetFields();
    form.setFieldsValue(kind === 'new' ? { category: 'biomass', unit: 't', toTonnes: 1, primaryEquivalent: 1 } : kind);
  };

  const number = (v: number) => v.toLocaleString(undefined, { maximumSignificantDigits: 6 });
  const columns: ColumnsType<ResourceKind> = [
    { title: t('accounts.catalogue.category'), dataIndex: 'category', width: 110, render: (c: Category) => t(`accounts.category.${c}`) },
    { title: t('accounts.catalogue.code'), dataIndex: 'code', width: 200, render: (code: string, k) => <Space size={4} wrap={false}><Typography.Text code lang="zxx" style={{ whiteSpace: 'nowrap' }}>{code}</Typography.Text>{k.national && <Tag color="gold">{t('accounts.catalogue.national')}</Tag>}</Space> },
    { title: t('accounts.catalogue.region'), dataIndex: 'region', width: 100, render: (r: string | null) => (r === null ? <Tag>{t('accounts.catalogue.allRegions')}</Tag> : <Typography.Text code lang="zxx">{r}</Typography.Text>) },
    { title: t('accounts.catalogue.nameZh'), dataIndex: 'nameZh', width: 100, render: (v: string) => <UserText lang="zh-CN">{v}</UserText> },
    { title: t('accounts.catalogue.nameEn'), dataIndex: 'nameEn', width: 130, render: (v: string) => <UserText lang="en">{v}</UserText> },
    { title: t('accounts.catalogue.unit'), dataIndex: 'unit', width: 80, render: (v: string) => <UserText>{v}</UserText> },
    { title: t('accounts.catalogue.toTonnes'), dataIndex: 'toTonnes', width: 90, align: 'right', render: number },
    { title: t('accounts.catalogue.primaryEquivalent'), dataIndex: 'primaryEquivalent', width: 120, align: 'right', render: number },
    { title: t('accounts.catalogue.basis'), dataIndex: 'basis', width: 280, render: (v: string) => <UserText>{v}</UserText> },
    ...(canEdit
      ? ([
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            fixed: 'right',
            render: (_: unknown, k: ResourceKind) =>
              canEditKind(k) && (
                <Space size={4}>
                  <Button size="small" icon={<EditOutlined />} onClick={() => openForm(k)} aria-label={t('common.edit')} data-testid={`edit-kind-${k.code}`} />
                  {k.national ? (
                    <Tooltip title={t('accounts.catalogue.nationalKept')}>
                      <Button size="small" icon={<DeleteOutlined />} disabled aria-label={t('common.delete')} />
                    </Tooltip>
                  ) : (
                    <Popconfirm title={t('accounts.catalogue.deleteConfirm', { code: k.code })} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(k.code)}>
                      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid={`delete-kind-${k.code}`} />
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ] as ColumnsType<ResourceKind>)
      : []),
  ];

  return (
    <>
      <Typography.Title level={3}>{t('accounts.catalogue.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('accounts.catalogue.intro')}</Typography.Paragraph>
      <Card
        title={t('accounts.catalogue.kinds', { count: catalogue.data?.items.length ?? 0 })}
        extra={canEdit ? <Button type="primary" icon={<PlusOutlined />} onClick={() => openForm('new')} data-testid="add-kind">{t('accounts.catalogue.add')}</Button> : <Tag>{t('accounts.balance.readOnly')}</Tag>}
      >
        {catalogue.isError && <Alert type="error" showIcon title={t('errors.loadFailed')} description={catalogue.error.message} style={{ marginBottom: 16 }} />}
        <Table<ResourceKind> rowKey="code" size="small" columns={columns} dataSource={catalogue.data?.items} loading={catalogue.isFetching} pagination={false} scroll={{ x: 1400 }} data-testid="catalogue-table" />
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('accounts.catalogue.addTitle') : t('accounts.catalogue.editTitle', { code: editing?.code ?? '' })}
        onCancel={() => setEditing(null)}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={save.isPending}
        onOk={() => void form.validateFields().then((v) => save.mutate(v))}
        forceRender
      >
        <Form<KindForm> form={form} layout="vertical" data-testid="kind-form">
          <Form.Item name="code" label={t('accounts.catalogue.code')} rules={[{ required: true, pattern: /^[a-z][A-Za-z0-9]{1,39}$/, message: t('accounts.catalogue.codeRule') }]} extra={editing === 'new' ? t('accounts.catalogue.codeHelp') : undefined}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="nameZh" label={t('accounts.catalogue.nameZh')} rules={[{ required: true, max: 60 }]} style={{ flex: 1, marginRight: 8 }}>
              <Input />
            </Form.Item>
            <Form.Item name="nameEn" label={t('accounts.catalogue.nameEn')} rules={[{ required: true, max: 60 }]} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block>
            <Form.Item name="category" label={t('accounts.catalogue.category')} rules={[{ required: true }]} style={{ flex: 1, marginRight: 8 }} extra={editing !== 'new' && editing?.national ? t('accounts.catalogue.categoryFixed') : undefined}>
              <Select disabled={editing !== 'new' && editing?.national} options={CATEGORIES.map((c) => ({ value: c, label: t(`accounts.category.${c}`) }))} />
            </Form.Item>
            <Form.Item name="unit" label={t('accounts.catalogue.unit')} rules={[{ required: true }]} style={{ width: 200 }}>
              <Select options={units.map((u) => ({ value: u, label: u }))} />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block>
            <Form.Item name="toTonnes" label={t('accounts.catalogue.toTonnes')} rules={[{ required: true, type: 'number', min: 1e-9, max: 1e6 }]} style={{ flex: 1, marginRight: 8 }} extra={t('accounts.catalogue.toTonnesHelp')}>
              <InputNumber min={0} max={1e6} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="primaryEquivalent" label={t('accounts.catalogue.primaryEquivalent')} rules={[{ required: true, type: 'number', min: 1e-9, max: 1e6 }]} style={{ flex: 1 }} extra={t('accounts.catalogue.primaryHelp')}>
              <InputNumber min={0} max={1e6} style={{ width: '100%' }} />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="basis" label={t('accounts.catalogue.basis')} rules={[{ required: true, max: 300 }]}>
            <Input.TextArea rows={2} maxLength={300} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
