import { ClockCircleOutlined, ExclamationCircleOutlined, FileExclamationOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, Grid, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api';
import { type MessageKey, useI18n } from '../../i18n';
import { keys } from '../../lib/queries';
import type { LightReason, Page, TaskSummary } from '../../lib/types';

const SHOWN = 3;

interface Bucket {
  key: string;
  reason: LightReason;
  label: MessageKey;
  hint: MessageKey;
  icon: ReactNode;
  color: string;
  /** The ledger filtered as closely as its filters allow. */
  more: string;
}

const BUCKETS: Bucket[] = [
  {
    key: 'overdue',
    reason: 'overdue',
    label: 'attention.overdue',
    hint: 'attention.overdueHint',
    icon: <ExclamationCircleOutlined />,
    color: '#ff4d4f',
    more: '/tasks?overdue=true',
  },
  {
    key: 'soon',
    reason: 'deadline_near',
    label: 'attention.dueSoon',
    hint: 'attention.dueSoonHint',
    icon: <ClockCircleOutlined />,
    color: '#1677ff',
    more: '/tasks?light=blue',
  },
  {
    key: 'report',
    reason: 'report_missing',
    label: 'attention.reportMissing',
    hint: 'attention.reportMissingHint',
    icon: <FileExclamationOutlined />,
    color: '#faad14',
    more: '/tasks?light=yellow,red',
  },
];

/**
 * "Needs attention first" for an agency officer, above the ledger: overdue tasks, deadlines
 * within the light rules' working days, last week's report not in. Two list queries: the
 * tasks with a red, yellow or blue light (their reasons say which), and the overdue count.
 */
export function AttentionStrip() {
  const { t } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  const lit = useQuery({
    queryKey: [...keys.tasks, 'attention', 'lit'],
    queryFn: ({ signal }) =>
      api<Page<TaskSummary>>('/api/tasks', {
        query: { light: ['red', 'yellow', 'blue'], sort: 'deadline', pageSize: 200 },
        signal,
      }),
  });
  const overdue = useQuery({
    queryKey: [...keys.tasks, 'attention', 'overdue'],
    queryFn: ({ signal }) => api<Page<TaskSummary>>('/api/tasks', { query: { overdue: true, pageSize: 1 }, signal }),
  });

  if (lit.isPending) return <Skeleton active title={false} paragraph={{ rows: 2 }} style={{ marginBottom: 16 }} />;
  if (lit.isError) {
    return <Alert type="warning" showIcon title={errorMessage(lit.error)} style={{ marginBottom: 16 }} />;
  }

  const items = lit.data.items;
  const groups = BUCKETS.map((bucket) => {
    const tasks = items.filter((task) => task.lightReasons.includes(bucket.reason));
    const total = bucket.key === 'overdue' && overdue.data ? Math.max(overdue.data.total, tasks.length) : tasks.length;
    return { bucket, tasks, total };
  });
  if (groups.every((group) => group.total === 0)) {
    return <Alert type="success" showIcon title={t('attention.none')} style={{ marginBottom: 16 }} />;
  }

  return (
    <section aria-label={t('attention.title')} style={{ marginBottom: 16 }}>
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        {t('attention.title')}
      </Typography.Text>
      <Flex gap={8}>
        {groups.map(({ bucket, tasks, total }) =>
          phone ? (
            // On a phone each tile is only its count, linking to the ledger filtered.
            <Link
              key={bucket.key}
              to={bucket.more}
              style={{
                flex: '1 1 0',
                minWidth: 0,
                border: '1px solid #f0f0f0',
                borderTop: `3px solid ${bucket.color}`,
                borderRadius: 6,
                padding: '6px 8px',
                color: 'inherit',
              }}
            >
              <Typography.Text strong style={{ fontSize: 18, color: total > 0 ? bucket.color : undefined }}>
                {total}
              </Typography.Text>
              <div style={{ fontSize: 12, lineHeight: '16px' }}>{t(bucket.label)}</div>
            </Link>
          ) : (
            <div
              key={bucket.key}
              style={{
                flex: '1 1 0',
                minWidth: 0,
                border: '1px solid #f0f0f0',
                borderInlineStart: `3px solid ${bucket.color}`,
                borderRadius: 6,
                padding: '8px 12px',
                background: total > 0 ? '#fff' : '#fafafa',
              }}
            >
              <Flex justify="space-between" align="baseline" gap={8}>
                <Typography.Text title={t(bucket.hint)}>
                  <span style={{ color: bucket.color, marginInlineEnd: 6 }}>{bucket.icon}</span>
                  {t(bucket.label)}
                </Typography.Text>
                <Typography.Text strong style={{ fontSize: 18, color: total > 0 ? bucket.color : undefined }}>
                  {total}
                </Typography.Text>
              </Flex>
              {tasks.slice(0, SHOWN).map((task) => (
                <div key={task.id} style={{ fontSize: 12, lineHeight: '20px' }}>
                  <Link
                    to={`/tasks/${task.id}`}
                    title={task.title}
                    style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                  >
                    {task.effectiveDeadline ? `${task.effectiveDeadline} · ` : ''}
                    {task.title}
                  </Link>
                </div>
              ))}
              {total > SHOWN && (
                <Link to={bucket.more} style={{ fontSize: 12 }}>
                  {t('attention.more', { n: total - Math.min(SHOWN, tasks.length) })}
                </Link>
              )}
              {total === 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('attention.clear')}
                </Typography.Text>
              )}
            </div>
          ),
        )}
      </Flex>
    </section>
  );
}
