import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  Pagination,
  Segmented,
  Skeleton,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { PlainList } from '../../components/PlainList';
import { isMessageKey, useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isOffice } from '../../lib/navigation';
import { keys, useMe, useUnreadCount } from '../../lib/queries';
import type { Page } from '../../lib/types';
import { inboxKeys, type Notification, NOTIFICATION_LEVELS, type NotificationItem } from './types';

const PAGE_SIZES = [10, 20, 50, 100];
const LEVEL_COLORS: Record<string, string> = { remind: 'blue', chase: 'orange', supervise: 'red', bulletin: 'magenta' };

function positive(value: string | null, fallback: number): number {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
}

/** A digest can name one task several times (one per reminder due): each task and kind once, the highest level kept. */
function distinctItems(items: NotificationItem[]): NotificationItem[] {
  const rank = (level: string) => NOTIFICATION_LEVELS.indexOf(level as (typeof NOTIFICATION_LEVELS)[number]);
  const byKey = new Map<string, NotificationItem>();
  for (const item of items) {
    const key = `${item.taskId}\u0000${item.kind}`;
    const seen = byKey.get(key);
    if (!seen || rank(item.level) > rank(seen.level)) byKey.set(key, item);
  }
  return [...byKey.values()];
}

/** Reminder digests list their tasks; notices, red lights and weekly reports carry words of their own. */
function showsBody(notification: Notification): boolean {
  return (
    notification.items.length === 0 ||
    notification.items.some((item) => item.kind.startsWith('notice_') || item.kind === 'light_red')
  );
}

function ItemLine({ item, onOpen }: { item: NotificationItem; onOpen: () => void }) {
  const { t } = useI18n();
  const kind = `inbox.kind.${item.kind}`;
  const level = `inbox.level.${item.level}`;
  return (
    <Flex gap={6} wrap align="center" style={{ marginTop: 4 }}>
      {isMessageKey(level) && (
        <Tag color={LEVEL_COLORS[item.level]} style={{ marginInlineEnd: 0 }}>
          {t(level)}
        </Tag>
      )}
      <Link to={`/tasks/${item.taskId}`} onClick={onOpen}>
        {item.title}
      </Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {isMessageKey(kind) ? t(kind) : item.kind}
        {item.deadline ? ` · ${t('inbox.deadline', { date: item.deadline })}` : ''}
      </Typography.Text>
    </Flex>
  );
}

/** 收件箱: reminder digests, notices and alerts, newest first, unread ones marked; reading them clears the badge. */
export function InboxPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const phone = Grid.useBreakpoint().md === false;
  const [search, setSearch] = useSearchParams();
  const page = positive(search.get('page'), 1);
  const pageSize = PAGE_SIZES.includes(positive(search.get('pageSize'), 20))
    ? positive(search.get('pageSize'), 20)
    : 20;
  const unreadOnly = search.get('unread') === 'true';
  const params = useMemo(() => ({ page, pageSize, unreadOnly }), [page, pageSize, unreadOnly]);

  const list = useQuery({
    queryKey: inboxKeys.list(params),
    queryFn: ({ signal }) =>
      api<Page<Notification>>('/api/inbox', {
        query: { page, pageSize, unreadOnly: unreadOnly || undefined },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
  const unread = useUnreadCount(true);
  const unreadCount = unread.data?.unread ?? 0;

  const update = (next: { page?: number; pageSize?: number; unreadOnly?: boolean }) => {
    const merged = { ...params, ...next };
    const query = new URLSearchParams();
    if (merged.page > 1) query.set('page', String(merged.page));
    if (merged.pageSize !== 20) query.set('pageSize', String(merged.pageSize));
    if (merged.unreadOnly) query.set('unread', 'true');
    setSearch(query);
  };

  // The inbox list and the header's unread count (both under ['inbox']) are read again.
  const refreshInbox = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
      queryClient.invalidateQueries({ queryKey: keys.unread }),
    ]);

  const markRead = useMutation({
    mutationFn: (id: string) => api<void>(`/api/inbox/${id}/read`, { method: 'POST' }),
    onSuccess: refreshInbox,
    onError: (error) => void message.error(errorMessage(error)),
  });
  const markAll = useMutation({
    mutationFn: () => api<{ marked: number }>('/api/inbox/read-all', { method: 'POST' }),
    onSuccess: async (result) => {
      void message.success(t('inbox.markedAll', { n: result.marked }));
      await refreshInbox();
    },
    onError: (error) => void message.error(errorMessage(error)),
  });

  const weeklyLink = (notification: Notification) => {
    const period = notification.runKey.startsWith('weekly-report-') ? notification.runKey.slice(14) : null;
    if (!period || !me || (me.role !== 'supervisor' && !isOffice(me.role))) return null;
    return <Link to={`/weekly/${period}`}>{t('inbox.openWeekly', { period })}</Link>;
  };

  const tools = (
    <Space wrap>
      <Segmented
        value={unreadOnly ? 'unread' : 'all'}
        onChange={(value) => update({ unreadOnly: value === 'unread', page: 1 })}
        options={[
          { value: 'all', label: t('inbox.all') },
          { value: 'unread', label: t('inbox.unreadOnly', { n: unreadCount }) },
        ]}
      />
      <Button
        icon={<CheckOutlined />}
        disabled={unreadCount === 0}
        loading={markAll.isPending}
        onClick={() => markAll.mutate()}
      >
        {t('inbox.markAll')}
      </Button>
      <Tooltip title={t('common.refresh')}>
        <Button
          icon={<ReloadOutlined />}
          aria-label={t('common.refresh')}
          loading={list.isFetching && !list.isPending}
          onClick={() => void refreshInbox()}
        />
      </Tooltip>
    </Space>
  );

  return (
    <Card title={t('inbox.title')} extra={phone ? undefined : tools}>
      {phone && <div style={{ marginBottom: 12 }}>{tools}</div>}
      {list.isError && list.data && (
        <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />
      )}
      {list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <Spin spinning={list.isFetching && list.isPlaceholderData}>
            <PlainList<Notification>
              items={list.data?.items ?? []}
              rowKey={(notification) => notification.id}
              empty={
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={unreadOnly ? t('inbox.emptyUnread') : t('inbox.empty')}
                />
              }
              rowStyle={(notification) => ({
                paddingInline: 12,
                paddingBlock: 12,
                background: notification.readAt ? undefined : '#f0f7ff',
                borderInlineStart: `3px solid ${notification.readAt ? 'transparent' : '#1677ff'}`,
              })}
              render={(notification) => {
                const isUnread = !notification.readAt;
                const items = distinctItems(notification.items);
                const open = () => {
                  if (isUnread) markRead.mutate(notification.id);
                };
                return (
                  <>
                    <Flex justify="space-between" align="flex-start" gap={8} wrap>
                      <Space size={8} align="start" style={{ minWidth: 0, flex: '1 1 280px' }}>
                        <Badge status={isUnread ? 'processing' : 'default'} />
                        <div style={{ minWidth: 0 }}>
                          <Typography.Text strong={isUnread}>{notification.title}</Typography.Text>
                          <div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {formatDateTime(notification.createdAt)}
                              {isUnread ? ` · ${t('inbox.unread')}` : ''}
                            </Typography.Text>
                          </div>
                        </div>
                      </Space>
                      {isUnread && (
                        <Button
                          size="small"
                          type="link"
                          loading={markRead.isPending && markRead.variables === notification.id}
                          onClick={() => markRead.mutate(notification.id)}
                        >
                          {t('inbox.markRead')}
                        </Button>
                      )}
                    </Flex>
                    <div style={{ paddingInlineStart: 22, marginTop: 4 }}>
                      {showsBody(notification) && (
                        <Typography.Paragraph
                          style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}
                          ellipsis={{ rows: 4, expandable: 'collapsible' }}
                        >
                          {notification.body}
                        </Typography.Paragraph>
                      )}
                      {weeklyLink(notification)}
                      {items.map((item) => (
                        <ItemLine key={`${item.taskId}-${item.kind}`} item={item} onOpen={open} />
                      ))}
                    </div>
                  </>
                );
              }}
            />
          </Spin>
          <Flex justify="end" style={{ marginTop: 16 }}>
            <Pagination
              current={list.data?.page ?? page}
              pageSize={list.data?.pageSize ?? pageSize}
              total={list.data?.total ?? 0}
              showSizeChanger
              pageSizeOptions={PAGE_SIZES}
              size={phone ? 'small' : undefined}
              showTotal={phone ? undefined : (total) => t('common.total', { n: total })}
              hideOnSinglePage={false}
              onChange={(nextPage, nextSize) =>
                update({ page: nextSize !== pageSize ? 1 : nextPage, pageSize: nextSize })
              }
            />
          </Flex>
        </>
      )}
    </Card>
  );
}

export { InboxPage as Component };
