import { Tag } from 'antd';
import { useI18n } from '../../i18n';
import type { ImportStatus } from './types';

const COLORS: Record<ImportStatus, string> = {
  queued: 'default',
  extracting: 'processing',
  review: 'gold',
  committed: 'success',
  rejected: 'default',
  failed: 'error',
  duplicate: 'default',
};

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`imports.status.${status}`)}
    </Tag>
  );
}
