import { BellOutlined, LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Drawer,
  Grid,
  Layout,
  Menu,
  type MenuProps,
  Result,
  Segmented,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useMatches, useNavigate } from 'react-router';
import { ApiError } from '../api';
import { type Language, useI18n } from '../i18n';
import { homeFor, NAVIGATION, type RouteHandle } from '../lib/navigation';
import { useAgencyNames, useMe, useUnreadCount } from '../lib/queries';
import { session, useSession } from '../lib/session';
import { ErrorState } from './ErrorState';
import { UserMenu } from './UserMenu';

const { Header, Sider, Content } = Layout;

function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('lang.label')}
      value={language}
      onChange={setLanguage}
      options={[
        { value: 'zh-CN', label: t('lang.zh') },
        { value: 'en', label: t('lang.en') },
      ]}
    />
  );
}

/** The signed-in shell: side menu for the role, header with the user, language and sign-out. */
export function AppLayout() {
  const { t } = useI18n();
  const { token } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const matches = useMatches();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const me = useMe();
  const user = me.data;
  const agencyNames = useAgencyNames();
  const unread = useUnreadCount(Boolean(user));

  const entries = user ? NAVIGATION[user.role] : [];
  const section = `/${location.pathname.split('/')[1] ?? ''}`;
  const unreadCount = unread.data?.unread ?? 0;

  const items = useMemo<MenuProps['items']>(
    () =>
      entries.map((entry) => ({
        key: entry.path,
        icon: entry.icon,
        label:
          entry.unreadBadge && unreadCount > 0 ? (
            <Space size={8}>
              {t(entry.label)}
              <Badge count={unreadCount} size="small" title={t('nav.unread', { n: unreadCount })} />
            </Space>
          ) : (
            t(entry.label)
          ),
      })),
    [entries, t, unreadCount],
  );

  if (!token) {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (me.isPending) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (me.isError || !user) {
    // A 401 has already signed the user out (and the redirect above follows).
    if (me.error instanceof ApiError && me.error.status === 401) return null;
    return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  }

  const allowed = matches.every((match) => {
    const roles = (match.handle as RouteHandle | undefined)?.roles;
    return !roles || roles.includes(user.role);
  });

  const signOut = () => {
    session.signOut();
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[section]}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(key);
      }}
      style={{ borderInlineEnd: 'none' }}
      inlineCollapsed={!phone && collapsed}
    />
  );
  const brand = (
    <Link to={homeFor(user.role)} style={{ color: 'inherit' }}>
      <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap' }}>
        {t('app.title')}
      </Typography.Text>
    </Link>
  );
  const agencyName = user.agencyId ? agencyNames.get(user.agencyId) : undefined;

  return (
    <Layout style={{ minHeight: '100%' }}>
      {!phone && (
        <Sider
          theme="light"
          width={200}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          style={{ borderInlineEnd: '1px solid #f0f0f0' }}
        >
          <div style={{ height: 56, display: 'flex', alignItems: 'center', paddingInline: 20, overflow: 'hidden' }}>
            {collapsed ? <Typography.Text strong>督</Typography.Text> : brand}
          </div>
          {menu}
        </Sider>
      )}
      {phone && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          title={t('app.title')}
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      )}
      <Layout>
        <Header
          style={{
            background: '#fff',
            paddingInline: phone ? 12 : 24,
            height: 56,
            lineHeight: '56px',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {phone && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.menu')}
              onClick={() => setDrawerOpen(true)}
            />
          )}
          {phone && brand}
          <div style={{ flex: 1 }} />
          <Space size={phone ? 8 : 16} align="center">
            <Link to="/inbox" aria-label={t('nav.inbox')} title={t('nav.unread', { n: unreadCount })}>
              <Badge count={unreadCount} size="small" offset={[2, 0]}>
                <BellOutlined style={{ fontSize: 18, color: 'rgba(0,0,0,0.65)' }} />
              </Badge>
            </Link>
            <UserMenu user={user} agencyName={agencyName} phone={phone} />
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} onClick={signOut} title={t('auth.signOut')}>
              {phone ? null : t('auth.signOut')}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
          {allowed ? <Outlet /> : <Result status="403" title={t('common.forbidden')} />}
        </Content>
      </Layout>
    </Layout>
  );
}

export { AppLayout as Component };
