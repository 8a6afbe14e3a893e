import { Typography } from 'antd';
import { useI18n } from '../i18n';
import type { TaskSummary } from '../lib/types';

/** A task's deadline: the date in force, the original one struck through when extended, or 持续推进. */
export function DeadlineText({ task, showOriginal = true }: { task: TaskSummary; showOriginal?: boolean }) {
  const { t } = useI18n();
  if (!task.effectiveDeadline) {
    return (
      <Typography.Text type="secondary">{task.ongoing ? t('ledger.ongoing') : t('ledger.noDeadline')}</Typography.Text>
    );
  }
  return (
    <div>
      <Typography.Text type={task.overdue ? 'danger' : undefined}>{task.effectiveDeadline}</Typography.Text>
      {showOriginal && task.extendedDeadline && task.deadlineDate && task.extendedDeadline !== task.deadlineDate && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ledger.extendedFrom', { date: task.deadlineDate })}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
