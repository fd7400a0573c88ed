import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { bulletinAudiences } from '../../../../src/shared/bulletins';
import { ApiError } from '../../api/client';
import { type CreatedSubscription, type Delivery, type Subscription, type SubscriptionInput, bulletinsApi } from './api';

const statusColors: Record<string, string> = { pending: 'processing', sending: 'processing', delivered: 'green', failed: 'red' };

/** Webhook subscribers of bulletins: add (secret shown once), pause/resume, remove, delivery status. */
export default function SubscribersPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SubscriptionInput>();
  const [created, setCreated] = useState<CreatedSubscription | null>(null);
  const subs = useQuery({ queryKey: ['bulletins', 'subscriptions'], queryFn: bulletinsApi.subscriptions });
  const deliveries = useQuery({ queryKey: ['bulletins', 'deliveries'], queryFn: () => bulletinsApi.deliveries(), refetchInterval: 10_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['bulletins'] });
  const add = useMutation({
    mutationFn: bulletinsApi.createSubscription,
    onSuccess: async (s) => {
      setCreated(s);
      form.resetFields();
      await refresh();
    },
  });
  const toggle = useMutation({ mutationFn: (s: Subscription) => bulletinsApi.updateSubscription(s.id, { active: !s.active }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (s: Subscription) => bulletinsApi.removeSubscription(s.id), onSuccess: refresh });
  const error = add.error ?? toggle.error ?? remove.error;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('bulletins.subscribers.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        <Trans i18nKey="bulletins.subscribers.intro" components={{ code: <Typography.Text code lang="zxx" /> }} />
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error instanceof ApiError ? error.message : String(error)} data-testid="subscriber-error" />}
      {created && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setCreated(null)}
          title={t('bulletins.subscribers.secretOnce', { name: created.name })}
          description={
            <Typography.Text code copyable data-testid="subscriber-secret">
              {created.secret}
            </Typography.Text>
          }
        />
      )}
      <Card title={t('bulletins.subscribers.add')}>
        <Form<SubscriptionInput> form={form} layout="inline" initialValues={{ audiences: [...bulletinAudiences] }} onFinish={(v) => add.mutate(v)}>
          <Form.Item name="name" rules={[{ required: true, message: t('validation.required') }]}>
            <Input placeholder={t('bulletins.subscribers.name')} data-testid="subscriber-name" />
          </Form.Item>
          <Form.Item name="url" rules={[{ required: true, message: t('validation.required') }]}>
            <Input placeholder="https://…" style={{ width: 320 }} data-testid="subscriber-url" />
          </Form.Item>
          <Form.Item name="audiences" rules={[{ required: true, message: t('validation.required') }]}>
            <Checkbox.Group options={bulletinAudiences.map((a) => ({ value: a, label: t(`bulletins.audience.${a}`) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="subscriber-add">
            {t('bulletins.subscribers.addButton')}
          </Button>
        </Form>
      </Card>
      <Card>
        <Table<Subscription>
          rowKey="id"
          loading={subs.isPending}
          dataSource={subs.data?.items ?? []}
          data-testid="subscriber-table"
          pagination={false}
          columns={[
            { title: t('bulletins.subscribers.name'), dataIndex: 'name' },
            { title: 'URL', dataIndex: 'url', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('bulletins.field.audiences'), dataIndex: 'audiences', render: (v: string[]) => v.map((a) => t(`bulletins.audience.${a}`)).join('、') },
            { title: t('bulletins.subscribers.active'), key: 'active', render: (_, s) => <Switch checked={s.active} onChange={() => toggle.mutate(s)} /> },
            {
              title: t('bulletins.list.webhooks'),
              key: 'deliveries',
              render: (_, s) => t('bulletins.list.deliveryCounts', { delivered: s.deliveries.delivered, pending: s.deliveries.pending, failed: s.deliveries.failed }),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, s) => (
                <Button size="small" danger onClick={() => remove.mutate(s)}>
                  {t('common.delete')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('bulletins.subscribers.deliveries')}>
        <Table<Delivery>
          rowKey="id"
          size="small"
          loading={deliveries.isPending}
          dataSource={deliveries.data?.items ?? []}
          data-testid="delivery-table"
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('bulletins.field.number'), dataIndex: 'bulletinNumber', render: (v: string | null) => v ?? '—' },
            { title: t('bulletins.subscribers.name'), dataIndex: 'subscription' },
            { title: t('bulletins.subscribers.event'), dataIndex: 'event', render: (v: string) => t(`bulletins.event.${v === 'bulletin.published' ? 'published' : 'withdrawn'}`) },
            { title: t('bulletins.field.status'), dataIndex: 'status', render: (v: string) => <Tag color={statusColors[v]}>{t(`bulletins.delivery.${v}`)}</Tag> },
            { title: t('bulletins.subscribers.attempts'), dataIndex: 'attempts' },
            { title: t('bulletins.subscribers.lastError'), dataIndex: 'lastError', render: (v: string | null) => v ?? '—' },
            { title: t('bulletins.subscribers.next'), dataIndex: 'nextAttemptAt', render: (v: string | null) => (v ? new Date(v).toLocaleString() : '—') },
          ]}
        />
      </Card>
    </Space>
  );
}
