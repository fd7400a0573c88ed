import { FilePdfOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Modal, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { type Bulletin, bulletinsApi, publicPaths } from './api';
import { BulletinLevelTag, BulletinStatusTag } from './BulletinDocument';
import { UserText } from '../../components/UserText';

/** Every bulletin for supply monitors: drafts to continue, published ones to open or withdraw. */
export default function BulletinListPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const justPublished = params.get('published');
  const list = useQuery({ queryKey: ['bulletins', 'list'], queryFn: bulletinsApi.list });
  const [withdrawing, setWithdrawing] = useState<Bulletin | null>(null);
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: ({ id, why }: { id: string; why: string }) => bulletinsApi.withdraw(id, why),
    onSuccess: async () => {
      setWithdrawing(null);
      await queryClient.invalidateQueries({ queryKey: ['bulletins'] });
    },
  });
  const askWithdraw = (b: Bulletin) => {
    setReason('');
    withdraw.reset();
    setWithdrawing(b);
  };

  const columns: ColumnsType<Bulletin> = [
    { title: t('bulletins.field.number'), dataIndex: 'number', render: (v: string | null) => v ?? '—', width: 110 },
    {
      title: t('bulletins.field.title'),
      key: 'title',
      render: (_, b) =>
        b.status === 'draft' ? (
          <Link to={`/bulletins/new?id=${b.id}`}>
            <UserText>{b.title}</UserText>
          </Link>
        ) : (
          <Link to={publicPaths.page(b.number ?? b.id)}>
            <UserText>{b.title}</UserText>
          </Link>
        ),
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
      <Modal
        open={withdrawing !== null}
        title={t('bulletins.list.withdrawTitle', { number: withdrawing?.number ?? '' })}
        okText={t('bulletins.list.withdraw')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: reason.trim() === '', loading: withdraw.isPending, 'data-testid': 'confirm-withdraw' }}
        onOk={() => withdrawing && withdraw.mutate({ id: withdrawing.id, why: reason.trim() })}
        onCancel={() => setWithdrawing(null)}
      >
        <Typography.Paragraph type="secondary">{t('bulletins.list.reasonRequired')}</Typography.Paragraph>
        <Input.TextArea rows={3} value={reason} placeholder={t('bulletins.list.reason')} onChange={(e) => setReason(e.target.value)} data-testid="withdraw-reason" />
      </Modal>
      <Card>
        <Table<Bulletin> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} columns={columns} data-testid="bulletin-table" pagination={{ pageSize: 20 }} />
      </Card>
    </Space>
  );
}
