import { KeyOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Popconfirm, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tokensApi } from '../../api/endpoints';
import { useApiErrorHandler } from '../../api/errors';
import type { ApiToken, CreatedApiToken, CreateTokenInput } from '../../api/types';
import { TokenFormModal } from './TokenFormModal';
import { TokenSecretModal } from './TokenSecretModal';

type TokenStatus = 'active' | 'revoked' | 'expired';

function statusOf(token: ApiToken, now: number): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

const statusColour: Record<TokenStatus, string> = { active: 'green', revoked: 'default', expired: 'orange' };

export function TokensPanel({ organisationId, canCreate }: { organisationId: string; canCreate: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreateTokenInput>();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<CreatedApiToken | null>(null);
  const key = ['organisations', organisationId, 'tokens'];
  const tokens = useQuery({ queryKey: key, queryFn: () => tokensApi.list(organisationId) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const create = useMutation({ mutationFn: (body: CreateTokenInput) => tokensApi.create(organisationId, body), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: tokensApi.revoke, onSuccess: refresh });

  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const when = (value: string | null, none: string) => (value ? date.format(new Date(value)) : none);
  const now = Date.now();

  const columns: ColumnsType<ApiToken> = [
    { title: t('token.name'), dataIndex: 'name' },
    // Tokens read `hlp_<prefix>_<secret>`: show the prefix the way it appears in a program's config.
    { title: t('token.prefix'), dataIndex: 'prefix', render: (prefix: string) => <code>hlp_{prefix}_…</code> },
    { title: t('member.role'), dataIndex: 'role', render: (role: ApiToken['role']) => t(`role.${role}`) },
    { title: t('token.createdAt'), dataIndex: 'createdAt', render: (v: string) => when(v, '—') },
    { title: t('token.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => when(v, t('token.neverUsed')) },
    { title: t('token.expires'), dataIndex: 'expiresAt', render: (v: string | null) => when(v, t('token.noExpiry')) },
    {
      title: t('token.status'),
      key: 'status',
      render: (_, token) => {
        const status = statusOf(token, now);
        return <Tag color={statusColour[status]}>{t(`token.statusLabel.${status}`)}</Tag>;
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, token) =>
        statusOf(token, now) === 'active' && (
          <Popconfirm
            title={t('token.revokeConfirm', { name: token.name })}
            okText={t('token.revoke')}
            cancelText={t('common.cancel')}
            onConfirm={() =>
              void revoke.mutateAsync(token.id).then(
                () => void message.success(t('token.revoked')),
                (error: unknown) => handleError(error),
              )
            }
          >
            <Button size="small" danger icon={<StopOutlined />}>
              {t('token.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      {canCreate && (
        <Button type="primary" icon={<KeyOutlined />} onClick={() => setCreating(true)} style={{ marginBottom: 12 }} data-testid="add-token">
          {t('token.add')}
        </Button>
      )}
      <Table<ApiToken> rowKey="id" size="small" columns={columns} dataSource={tokens.data?.items} loading={tokens.isPending} pagination={false} data-testid="tokens-table" />
      <TokenFormModal
        form={form}
        open={creating}
        onCancel={() => setCreating(false)}
        onSubmit={async (values) => {
          setSecret(await create.mutateAsync(values));
          setCreating(false);
        }}
      />
      <TokenSecretModal token={secret} onClose={() => setSecret(null)} />
    </>
  );
}
