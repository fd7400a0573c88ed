import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Segmented, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../api/errors';
import { useLocalName } from '../../i18n/labels';
import { useSession } from '../../session/session';
import { type Delegation, delegationsApi, type Direction } from './api';
import { type GrantForm, GrantModal } from './GrantModal';

const statusColour: Record<Delegation['status'], string> = { active: 'green', scheduled: 'blue', expired: 'orange', revoked: 'default' };

/**
 * Delegations of the viewer's organisation in both directions: whom it lets act for it (granted,
 * revocable by its admins) and for whom it may act (received). The park administration acts for
 * its firms this way.
 */
export default function DelegationsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const localName = useLocalName();
  const queryClient = useQueryClient();
  const [direction, setDirection] = useState<Direction>('granted');
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [granting, setGranting] = useState(false);
  const [revoking, setRevoking] = useState<Delegation | null>(null);
  const [reason, setReason] = useState('');
  const [form] = Form.useForm<GrantForm>();
  const organisationId = me?.actingAs.organisationId ?? '';
  const key = ['delegations', organisationId, direction, includeRevoked];
  const list = useQuery({ queryKey: key, queryFn: () => delegationsApi.list(organisationId, direction, includeRevoked), enabled: organisationId !== '' });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['delegations', organisationId] });
  const grant = useMutation({ mutationFn: (body: Parameters<typeof delegationsApi.grant>[1]) => delegationsApi.grant(organisationId, body), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: (v: { id: string; reason: string }) => delegationsApi.revoke(v.id, v.reason.trim() || undefined), onSuccess: refresh });
  if (!me) return null;

  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const columns: ColumnsType<Delegation> = [
    {
      title: direction === 'granted' ? t('delegations.field.grantee') : t('delegations.field.grantor'),
      key: 'other',
      render: (_, d) => localName(direction === 'granted' ? d.grantee : d.grantor),
    },
    {
      title: t('delegations.field.scopes'),
      dataIndex: 'scopes',
      render: (scopes: Delegation['scopes']) => (
        <Space size={[4, 4]} wrap>
          {scopes.map((s) => (
            <Tag key={s}>{t(`delegations.scope.${s}`)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('delegations.field.validity'),
      key: 'validity',
      render: (_, d) => `${date.format(new Date(d.validFrom))} – ${d.validUntil ? date.format(new Date(d.validUntil)) : t('delegations.untilRevoked')}`,
    },
    { title: t('delegations.field.status'), dataIndex: 'status', render: (s: Delegation['status']) => <Tag color={statusColour[s]}>{t(`delegations.status.${s}`)}</Tag> },
    { title: t('delegations.field.note'), dataIndex: 'note', render: (v: string | null, d) => (d.revocationReason ? `${v ?? ''} ${t('delegations.revokedBecause', { reason: d.revocationReason })}`.trim() : (v ?? '')) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, d) =>
        d.canRevoke && (
          <Button size="small" danger icon={<StopOutlined />} onClick={() => setRevoking(d)} data-testid="revoke-delegation">
            {t('delegations.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('delegations.title')}
        </Typography.Title>
        {me.capabilities.manageDelegations && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setGranting(true)} data-testid="grant-delegation">
            {t('delegations.grant')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('delegations.intro')}
      </Typography.Paragraph>
      <Space wrap>
        <Segmented<Direction>
          value={direction}
          onChange={setDirection}
          options={[
            { value: 'granted', label: t('delegations.granted') },
            { value: 'received', label: t('delegations.received') },
          ]}
          data-testid="delegation-direction"
        />
        <Space>
          <Switch checked={includeRevoked} onChange={setIncludeRevoked} size="small" />
          {t('delegations.showRevoked')}
        </Space>
      </Space>
      <Table<Delegation>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="delegations-table"
        locale={{ emptyText: t(direction === 'granted' ? 'delegations.emptyGranted' : 'delegations.emptyReceived') }}
      />
      <GrantModal
        form={form}
        open={granting}
        onCancel={() => setGranting(false)}
        onSubmit={async (body) => {
          await grant.mutateAsync(body);
          setGranting(false);
          setDirection('granted');
          void message.success(t('delegations.granted_ok'));
        }}
      />
      <Modal
        title={t('delegations.revokeTitle', { name: revoking ? localName(revoking.grantee) : '' })}
        open={revoking !== null}
        okText={t('delegations.revoke')}
        okButtonProps={{ danger: true, loading: revoke.isPending }}
        cancelText={t('common.cancel')}
        onCancel={() => setRevoking(null)}
        onOk={() =>
          void revoke.mutateAsync({ id: revoking!.id, reason }).then(
            () => {
              setRevoking(null);
              setReason('');
              void message.success(t('delegations.revoked_ok'));
            },
            (error: unknown) => handleError(error),
          )
        }
        destroyOnHidden
      >
        <Typography.Paragraph>{t('delegations.revokeHint')}</Typography.Paragraph>
        <Input.TextArea rows={2} maxLength={500} placeholder={t('delegations.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="revoke-reason" />
      </Modal>
    </Space>
  );
}
