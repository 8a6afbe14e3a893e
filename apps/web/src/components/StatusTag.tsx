import { Tag } from 'antd';
import { useI18n } from '../i18n';
import type { TaskStatus } from '../lib/types';

const COLORS: Record<TaskStatus, string> = {
  registered: 'default',
  assigned: 'processing',
  acknowledged: 'cyan',
  in_progress: 'blue',
  completion_requested: 'purple',
  completed: 'success',
  closed: 'default',
  suspended: 'warning',
  cancelled: 'default',
};

export function StatusTag({ status }: { status: TaskStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`status.${status}`)}
    </Tag>
  );
}
