import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { membershipRoles } from '../../../../src/shared/limits';
import { membersApi } from '../../api/endpoints';
import { useApiErrorHandler } from '../../api/errors';
import type { InvitationView, InviteBody, MembershipRole, MemberView } from '../../api/types';
import { useSession } from '../../session/session';
import { MemberFormModal, type MemberForm } from './MemberFormModal';

/** Optional fields left empty are not sent: the server then keeps an existing user's values. */
function toBody(values: MemberForm): InviteBody {
  return {
    username: values.username.trim().toLowerCase(),
    role: values.role,
    ...(values.displayName?.trim() ? { displayName: values.displayName.trim() } : {}),
    ...(values.email?.trim() ? { email: values.email.trim() } : {}),
    ...(values.password ? { password: values.password } : {}),
  };
}

export function MembersPanel({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const handleError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MemberForm>();
  const [adding, setAdding] = useState(false);
  const key = ['organisations', organisationId, 'members'];
  const members = useQuery({ queryKey: key, queryFn: () => membersApi.list(organisationId) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });

  const invitationsKey = ['organisations', organisationId, 'invitations'];
  const invitations = useQuery({ queryKey: invitationsKey, queryFn: () => membersApi.invitations(organisationId) });
  const refreshInvitations = () => queryClient.invalidateQueries({ queryKey: invitationsKey });
  const add = useMutation({ mutationFn: (body: InviteBody) => membersApi.invite(organisationId, body), onSuccess: refreshInvitations });
  const revoke = useMutation({ mutationFn: (id: string) => membersApi.revokeInvitation(organisationId, id), onSuccess: refreshInvitations });
  const changeRole = useMutation({ mutationFn: (v: { userId: string; role: MembershipRole }) => membersApi.changeRole(organisationId, v.userId, v.role), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (userId: string) => membersApi.remove(organisationId, userId), onSuccess: refresh });

  const roleOptions = membershipRoles.map((role) => ({ value: role, label: t(`role.${role}`) }));
  const columns: ColumnsType<MemberView> = [
    { title: t('member.username'), dataIndex: 'username', render: (name: string, m) => (m.disabled ? <Tag>{name}</Tag> : name) },
    { title: t('member.displayName'), dataIndex: 'displayName' },
    { title: t('member.email'), dataIndex: 'email', render: (email: string | null) => email ?? '—' },
    {
      title: t('member.role'),
      dataIndex: 'role',
      width: 150,
      render: (role: MembershipRole, m) => (
        <Select<MembershipRole>
          size="small"
          value={role}
          options={roleOptions}
          style={{ width: 130 }}
          aria-label={t('member.role')}
          // Demoting oneself could lock the organisation out of its own administration.
          disabled={m.userId === me?.user?.id}
          onChange={(next) =>
            void changeRole.mutateAsync({ userId: m.userId, role: next }).then(
              () => void message.success(t('member.roleChanged')),
              (error: unknown) => handleError(error),
            )
          }
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, m) => (
        <Popconfirm
          title={t('member.removeConfirm', { name: m.displayName })}
          okText={t('common.remove')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            void remove.mutateAsync(m.userId).then(
              () => void message.success(t('member.removed')),
              (error: unknown) => handleError(error),
            )
          }
        >
          <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} disabled={m.userId === me?.user?.id} />
        </Popconfirm>
      ),
    },
  ];

  const invitationColumns: ColumnsType<InvitationView> = [
    { title: t('member.username'), dataIndex: 'username' },
    { title: t('member.role'), dataIndex: 'role', render: (role: MembershipRole) => t(`role.${role}`) },
    { title: t('member.status'), key: 'status', render: () => <Tag color="gold">{t('member.pending')}</Tag> },
    { title: t('member.expiresAt'), dataIndex: 'expiresAt', render: (v: string) => v.slice(0, 10) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, i) => (
        <Popconfirm
          title={t('member.revokeConfirm', { name: i.username })}
          okText={t('member.revoke')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            void revoke.mutateAsync(i.id).then(
              () => void message.success(t('member.revoked')),
              (error: unknown) => handleError(error),
            )
          }
        >
          <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('member.revoke')} />
        </Popconfirm>
      ),
    },
  ];

  return (
    <>
      <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)} style={{ marginBottom: 12 }} data-testid="add-member">
        {t('member.add')}
      </Button>
      <Table<MemberView> rowKey="userId" size="small" columns={columns} dataSource={members.data?.items} loading={members.isPending} pagination={false} data-testid="members-table" />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('member.invitations')}
      </Typography.Title>
      <Table<InvitationView>
        rowKey="id"
        size="small"
        columns={invitationColumns}
        dataSource={invitations.data?.items}
        loading={invitations.isPending}
        pagination={false}
        locale={{ emptyText: t('member.noInvitations') }}
        data-testid="invitations-table"
      />
      <MemberFormModal
        form={form}
        open={adding}
        onCancel={() => setAdding(false)}
        onSubmit={async (values) => {
          const invited = await add.mutateAsync(toBody(values));
          setAdding(false);
          void message.success(t('member.invited', { name: invited.username }));
        }}
      />
    </>
  );
}
