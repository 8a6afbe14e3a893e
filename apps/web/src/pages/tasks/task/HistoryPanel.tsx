import { useQuery } from '@tanstack/react-query';
import { Empty, Skeleton, Timeline, Typography } from 'antd';
import { api } from '../../../api';
import { ErrorState } from '../../../components/ErrorState';
import { isMessageKey, useI18n } from '../../../i18n';
import { formatDateTime } from '../../../lib/format';
import { keys } from '../../../lib/queries';
import { type AuditEvent, TASK_STATUSES, type TaskStatus } from '../../../lib/types';
import { usePersonLabel } from './shared';

const isStatus = (value: unknown): value is TaskStatus =>
  typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);

/** The task's audit trail (GET /api/tasks/:id/history), oldest first, in words. */
export function HistoryPanel({ taskId }: { taskId: string }) {
  const { t } = useI18n();
  const person = usePersonLabel();
  const history = useQuery({
    queryKey: keys.history(taskId),
    queryFn: ({ signal }) => api<AuditEvent[]>(`/api/tasks/${taskId}/history`, { signal }),
  });

  if (history.isPending) return <Skeleton active />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.none')} />;

  const details = (event: AuditEvent): string[] => {
    const lines: string[] = [];
    const before = event.before ?? {};
    const after = event.after ?? {};
    if (isStatus(before.status) && isStatus(after.status) && before.status !== after.status) {
      lines.push(t('history.statusChange', { from: t(`status.${before.status}`), to: t(`status.${after.status}`) }));
    }
    if (Array.isArray(after.assignments)) {
      const names = (role: string) =>
        (after.assignments as Array<{ agency?: string; role?: string }>)
          .filter((a) => a.role === role)
          .map((a) => a.agency)
          .join('、');
      const lead = names('lead');
      const co = names('co');
      const colon = t('common.colon');
      lines.push(
        `${t('task.relation.lead')}${colon}${lead || '—'}${co ? `; ${t('task.relation.co')}${colon}${co}` : ''}`,
      );
    }
    if (typeof after.period === 'string' && typeof after.percent === 'number') {
      lines.push(`${after.period} · ${after.percent}%`);
    }
    if (typeof after.to === 'string') lines.push(t('ext.fromTo', { from: String(after.from ?? '—'), to: after.to }));
    if (typeof after.extendedDeadline === 'string' && after.extendedDeadline !== before.extendedDeadline) {
      lines.push(`${t('task.extendedTo')} ${after.extendedDeadline}`);
    }
    if (typeof after.fileName === 'string') lines.push(after.fileName);
    if (typeof after.comment === 'string' && after.comment)
      lines.push(t('history.comment', { comment: after.comment }));
    return lines;
  };

  return (
    <Timeline
      items={history.data.map((event) => {
        const key = `history.${event.action}`;
        return {
          key: event.id,
          content: (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {formatDateTime(event.occurredAt)}
              </Typography.Text>
              <Typography.Text strong>{isMessageKey(key) ? t(key) : event.action}</Typography.Text>
              <Typography.Text type="secondary"> · {person(event.actorId)}</Typography.Text>
              {details(event).map((line, index) => (
                <div key={index}>
                  <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                    {line}
                  </Typography.Text>
                </div>
              ))}
            </div>
          ),
        };
      })}
    />
  );
}
