import { DownOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, type MenuProps, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';
import type { User } from '../lib/types';
import { PreferencesModal } from './Preferences';

/** The header's user: name and role, and a menu with the user's own notification preferences. */
export function UserMenu({ user, agencyName, phone }: { user: User; agencyName?: string; phone: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const role = `${t(`role.${user.role}`)}${agencyName ? ` · ${agencyName}` : ''}`;
  const items: MenuProps['items'] = [
    ...(phone
      ? [{ type: 'group' as const, key: 'who', label: `${user.displayName}（${role}）` }, { type: 'divider' as const }]
      : []),
    { key: 'preferences', icon: <SettingOutlined />, label: t('prefs.menuItem') },
  ];
  return (
    <>
      <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => key === 'preferences' && setOpen(true) }}>
        {phone ? (
          <Button type="text" icon={<UserOutlined />} aria-label={t('prefs.userMenu')} />
        ) : (
          <Button type="text" aria-label={t('prefs.userMenu')} style={{ paddingInline: 6 }}>
            <Space size={6}>
              <UserOutlined />
              <Typography.Text>{user.displayName}</Typography.Text>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                {role}
              </Tag>
              <DownOutlined style={{ fontSize: 10 }} />
            </Space>
          </Button>
        )}
      </Dropdown>
      <PreferencesModal open={open} onClose={() => setOpen(false)} />
    </>
  );
}
