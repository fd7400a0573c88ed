import { FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { type Bulletin, bulletinsApi, publicPaths } from './api';
import { BulletinLevelTag, BulletinStatusTag } from './BulletinDocument';

/** Every bulletin for supply monitors: drafts to continue, published ones to open or withdraw. */
export default function BulletinListPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { modal } = App.useApp();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const justPublished = params.get('published');
  const list = useQuery({ queryKey: ['bulletins', 'list'], queryFn: bulletinsApi.list });
  const withdraw = useMutation({
    mutationFn: ({ id, why }: { id: string; why: string }) => bulletinsApi.withdraw(id, why),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['bulletins'] }),
  });

  const askWithdraw = (b: Bulletin) => {
    // The modal's text area is uncontrolled: the confirm dialog lives outside this render.
    let why = '';
    modal.confirm({
      title: t('bulletins.list.withdrawTitle', { number: b.number ?? '' }),
      content: <Input.TextArea rows={3} placeholder={t('bulletins.list.reason')} onChange={(e) => (why = e.target.value)} data-testid="withdraw-reason" />,
      okText: t('bulletins.list.withdraw'),
      cancelText: t('common.cancel'),
      onOk: () => (why.trim() ? withdraw.mutateAsync({ id: b.id, why: why.trim() }) : Promise.reject(new Error(t('bulletins.list.reasonRequired')))),
    });
  };

  const columns: ColumnsType<Bulletin> = [
    { title: t('bulletins.field.number'), dataIndex: 'number', render: (v: string | null) => v ?? '—', width: 110 },
    {
      title: t('bulletins.field.title'),
      key: 'title',
      render: (_, b) =>
        b.status === 'draft' ? <Link to={`/bulletins/new?id=${b.id}`}>{b.title}</Link> : <Link to={publicPaths.page(b.number ?? b.id)}>{b.title}</Link>,
    },
    { title: t('bulletins.field.level'), dataIndex: 'level', render: (v: string) => <BulletinLevelTag level={v} /> },
    { title: t('bulletins.field.products'), key: 'products', render: (_, b) => b.products.map((p) => (en ? p.nameEn || p.nameZh : p.nameZh)).join(en ? ', ' : '、') },
    { title: t('bulletins.field.status'), dataIndex: 'status', render: (v: string) => <BulletinStatusTag status={v} /> },
    { title: t('bulletins.field.publishedAt'), dataIndex: 'publishedAt', render: (v: string | null) => (v ? new Date(v).toLocaleDateString(en ? 'en' : 'zh-CN') : '—') },
    {
      title: t('bulletins.list.webhooks'),
      key: 'deliveries',
      render: (_, b) => (b.status === 'draft' ? '—' : t('bulletins.list.deliveryCounts', { delivered: b.deliveries.delivered, pending: b.deliveries.pending, failed: b.deliveries.failed })),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, b) => (
        <Space>
          <Button size="small" icon={<FilePdfOutlined />} href={b.status === 'draft' ? publicPaths.draftPdf(b.id) : publicPaths.pdf(b.number ?? b.id)} target="_blank">
            PDF
          </Button>
          {b.status === 'published' && (
            <Button size="small" danger onClick={() => askWithdraw(b)}>
              {t('bulletins.list.withdraw')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('bulletins.list.title')}
        </Typography.Title>
        <Space>
          <Link to="/public/bulletins">{t('bulletins.list.publicPage')}</Link>
          <Link to="/bulletins/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="new-bulletin">
              {t('bulletins.list.new')}
            </Button>
          </Link>
        </Space>
      </Space>
      {justPublished && <Alert type="success" showIcon title={t('bulletins.editor.publishedAs', { number: justPublished })} data-testid="published-alert" />}
      {(list.error ?? withdraw.error) && <Alert type="error" showIcon title={(list.error ?? withdraw.error) instanceof ApiError ? (list.error ?? withdraw.error)!.message : t('errors.generic')} />}
      <Card>
        <Table<Bulletin> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} columns={columns} data-testid="bulletin-table" pagination={{ pageSize: 20 }} />
      </Card>
    </Space>
  );
}
