import { Tag, Tooltip } from 'antd';
import { isMessageKey, useI18n } from '../i18n';
import type { Light, LightReason } from '../lib/types';

const COLORS: Record<Light, string> = {
  red: 'red',
  yellow: 'gold',
  blue: 'blue',
  green: 'green',
  none: 'default',
};

/** The warning light (预警灯) as a coloured tag; the rules that fired are in the tooltip. */
export function LightTag({ light, reasons }: { light: Light; reasons: readonly LightReason[] }) {
  const { t } = useI18n();
  const lines = reasons.map((reason) => {
    const key = `lightReason.${reason}`;
    return isMessageKey(key) ? t(key) : reason;
  });
  return (
    <Tooltip title={lines.length > 0 ? lines.join('；') : t('light.notEvaluated')}>
      <Tag color={COLORS[light]} style={{ marginInlineEnd: 0, cursor: 'default' }}>
        {t(`light.${light}`)}
      </Tag>
    </Tooltip>
  );
}
