import { Result } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { type MessageKey, useI18n } from '../i18n';

/** The page for an area that is not built yet (即将推出). */
export function ComingSoon({ name }: { name: MessageKey }) {
  const { t } = useI18n();
  return (
    <Result
      icon={<ToolOutlined />}
      title={`${t(name)} · ${t('common.comingSoon')}`}
      subTitle={t('common.comingSoonHint', { name: t(name) })}
    />
  );
}
