import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { invitationsApi } from '../../api/endpoints';
import { useApiErrorHandler } from '../../api/errors';
import { meKey, useSession } from '../../session/session';

/** The logged-in person's pending invitations, to accept or decline (API tokens have none). */
export function InvitationsNotice() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const handleError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const key = ['invitations', 'mine'];
  const mine = useQuery({ queryKey: key, queryFn: invitationsApi.mine, enabled: me?.via !== 'token' });
  const done = () => Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: meKey })]);
  const accept = useMutation({ mutationFn: invitationsApi.accept, onSuccess: done });
  const decline = useMutation({ mutationFn: invitationsApi.decline, onSuccess: done });
  const items = mine.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }} data-testid="invitations">
      {items.map((i) => (
        <Alert
          key={i.id}
          type="info"
          showIcon
          title={t('invitation.title')}
          description={
            <Space orientation="vertical" size={8}>
              {t('invitation.body', { organisation: i.organisationName, role: t(`role.${i.role}`) })}
              <Space wrap>
                <Button
                  size="small"
                  type="primary"
                  data-testid="accept-invitation"
                  onClick={() =>
                    void accept.mutateAsync(i.id).then(
                      () => void message.success(t('invitation.accepted', { organisation: i.organisationName })),
                      (error: unknown) => handleError(error),
                    )
                  }
                >
                  {t('invitation.accept')}
                </Button>
                <Button
                  size="small"
                  data-testid="decline-invitation"
                  onClick={() =>
                    void decline.mutateAsync(i.id).then(
                      () => void message.success(t('invitation.declined')),
                      (error: unknown) => handleError(error),
                    )
                  }
                >
                  {t('invitation.decline')}
                </Button>
              </Space>
            </Space>
          }
        />
      ))}
    </Space>
  );
}
