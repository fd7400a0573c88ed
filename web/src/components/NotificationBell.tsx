import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button } from 'antd';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { inboxKeys, notificationsApi } from '../pages/notifications/api';

/** How often the header asks for the unread count while the page is open (and on focus). */
const POLL_MS = 60_000;
const INBOX = '/notifications';

/** The unread count in the header; a link to the inbox (so it opens in a new tab too, as every entry of the menu does). */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // A plain click moves inside the app; with a modifier or the middle button the browser opens the link.
  const openInbox = (event: MouseEvent<HTMLElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void navigate(INBOX);
  };
  const unread = useQuery({ queryKey: inboxKeys.unread, queryFn: notificationsApi.unread, refetchInterval: POLL_MS, refetchOnWindowFocus: true });
  const count = unread.data?.unread ?? 0;
  return (
    <Badge count={count} overflowCount={99} size="small" offset={[-4, 4]} data-testid="unread-count" data-count={count}>
      <Button type="text" aria-label={t('notifications.bell', { count })} icon={<BellOutlined />} href={INBOX} onClick={openInbox} data-testid="notification-bell" />
    </Badge>
  );
}
