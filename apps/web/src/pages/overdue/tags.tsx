import { Tag, Typography } from 'antd';
import { useI18n } from '../../i18n';
import type { Light } from '../../lib/types';
import type { EscalationLevel } from '../reports/types';

const ESCALATION_COLORS: Record<EscalationLevel, string> = {
  remind: 'blue',
  chase: 'orange',
  supervise: 'red',
  bulletin: 'magenta',
};

/** The escalation an overdue task has reached (提醒 / 催办 / 督办 / 通报); — when none yet. */
export function EscalationTag({ level }: { level: EscalationLevel | null }) {
  const { t } = useI18n();
  if (!level) {
    return <Typography.Text type="secondary">{t('escalation.none')}</Typography.Text>;
  }
  return (
    <Tag color={ESCALATION_COLORS[level]} style={{ marginInlineEnd: 0 }}>
      {t(`escalation.${level}`)}
    </Tag>
  );
}

const LIGHT_TAG_COLORS: Record<Light, string> = {
  red: 'red',
  yellow: 'gold',
  blue: 'blue',
  green: 'green',
  none: 'default',
};

/** A light without its reasons (the report rows carry only the light). */
export function PlainLightTag({ light }: { light: Light | null }) {
  const { t } = useI18n();
  if (!light) return <Typography.Text type="secondary">{t('light.notEvaluated')}</Typography.Text>;
  return (
    <Tag color={LIGHT_TAG_COLORS[light]} style={{ marginInlineEnd: 0 }}>
      {t(`light.${light}`)}
    </Tag>
  );
}
