import { CheckOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, List, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useApiErrorHandler } from '../../api/errors';
import { languageOf } from '../../components/UserText';
import { displayParams, inboxKeys, type Notification, notificationsApi } from './api';

const PAGE = 30;

/**
 * A notification's text from its event and params. A quoted value the text wraps in a tag of its
 * name (`<number>{{number}}</number>`: a contract number, a listing code) is data and marked with
 * its own language; an auction's outcome (or an outbid leader) picks the text's variant
 * (`closed_won`, `placed_outbid`), falling back to the event's plain text.
 */
function NotificationText({ n }: { n: Notification }) {
  const { i18n } = useTranslation();
  const values = displayParams(n.params, i18n.language);
  const components = Object.fromEntries(Object.entries(values).map(([name, text]) => [name, <span lang={languageOf(text)} />]));
  const context = typeof n.params.outcome === 'string' ? n.params.outcome : n.params.outbid ? 'outbid' : undefined;
  return <Trans i18nKey={`notifications.event.${n.event}`} values={values} components={components} context={context} />;
}

/** The signed-in user's notifications: newest first, unread marked, each opening what it is about. */
export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const handleError = useApiErrorHandler();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const pages = useInfiniteQuery({
    queryKey: inboxKeys.list(unreadOnly),
    queryFn: ({ pageParam }) => notificationsApi.list({ unread: unreadOnly ? 'true' : 'false', limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: inboxKeys.all });
  const markRead = useMutation({ mutationFn: notificationsApi.markRead, onSuccess: refresh });
  const markAll = useMutation({ mutationFn: notificationsApi.markAllRead, onSuccess: refresh });

  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = pages.data?.pages[0]?.unread ?? 0;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  const open = async (n: Notification) => {
    try {
      if (!n.readAt) await markRead.mutateAsync([n.id]);
      if (n.link) await navigate(n.link);
    } catch (error) {
      handleError(error);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('notifications.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => setUnreadOnly(v === 'unread')}
            options={[
              { value: 'all', label: t('notifications.filter.all') },
              { value: 'unread', label: t('notifications.filter.unread', { count: unread }) },
            ]}
            data-testid="inbox-filter"
          />
          <Button icon={<CheckOutlined />} disabled={unread === 0} loading={markAll.isPending} onClick={() => void markAll.mutateAsync().catch(handleError)} data-testid="mark-all-read">
            {t('notifications.markAllRead')}
          </Button>
        </Space>
      </Space>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <List<Notification>
          data-testid="inbox"
          loading={pages.isPending}
          dataSource={items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(unreadOnly ? 'notifications.emptyUnread' : 'notifications.empty')} /> }}
          renderItem={(n) => (
            <List.Item
              data-testid="inbox-item"
              data-unread={n.readAt ? 'false' : 'true'}
              style={{ padding: '12px 16px', cursor: n.link ? 'pointer' : 'default', background: n.readAt ? undefined : '#f6ffed' }}
              onClick={() => void open(n)}
              actions={
                n.readAt
                  ? []
                  : [
                      <Button
                        key="read"
                        size="small"
                        type="link"
                        onClick={(e) => {
                          e.stopPropagation();
                          void markRead.mutateAsync([n.id]).catch(handleError);
                        }}
                      >
                        {t('notifications.markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                avatar={<Badge status={n.readAt ? 'default' : 'success'} />}
                title={
                  <span style={{ fontWeight: n.readAt ? 400 : 600, whiteSpace: 'normal' }}>
                    <NotificationText n={n} />
                  </span>
                }
                description={when.format(new Date(n.createdAt))}
              />
            </List.Item>
          )}
        />
      </Card>
      {pages.hasNextPage && (
        <Button block onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage} data-testid="inbox-more">
          {t('notifications.more')}
        </Button>
      )}
    </Space>
  );
}
