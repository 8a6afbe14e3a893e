import { Tooltip } from 'antd';
import { useI18n } from '../../i18n';
import type { Light } from '../../lib/types';
import { LIGHT_COLORS, LIGHTS_WORST_FIRST } from './queries';

/** A group's lights as one thin bar (worst first), the counts in the tooltip. */
export function LightsBar({ lights }: { lights: Record<Light, number> }) {
  const { t } = useI18n();
  const total = LIGHTS_WORST_FIRST.reduce((sum, light) => sum + lights[light], 0);
  const text = LIGHTS_WORST_FIRST.filter((light) => lights[light] > 0)
    .map((light) => `${t(`light.${light}`)} ${lights[light]}`)
    .join(' · ');
  if (total === 0) return <span aria-hidden>—</span>;
  return (
    <Tooltip title={text}>
      <div
        role="img"
        aria-label={text}
        style={{
          display: 'flex',
          height: 10,
          borderRadius: 5,
          overflow: 'hidden',
          minWidth: 60,
          background: '#f0f0f0',
        }}
      >
        {LIGHTS_WORST_FIRST.filter((light) => lights[light] > 0).map((light) => (
          <div key={light} style={{ width: `${(lights[light] / total) * 100}%`, background: LIGHT_COLORS[light] }} />
        ))}
      </div>
    </Tooltip>
  );
}
