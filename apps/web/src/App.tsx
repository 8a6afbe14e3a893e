import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { NotFound, RouteError } from './components/RouteError';
import { useI18n } from './i18n';
import { ADMIN, homeFor, OFFICE, OVERSIGHT, type RouteHandle } from './lib/navigation';
import { useMe } from './lib/queries';
import { useSession } from './lib/session';

function Loading() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', height: '100%', minHeight: 240 }}>
      <Spin size="large" />
    </div>
  );
}

/** `/`: each role's start page. */
function Home() {
  const { token } = useSession();
  const me = useMe();
  if (!token) return <Navigate to="/login" replace />;
  if (!me.data) return <Loading />;
  return <Navigate to={homeFor(me.data.role)} replace />;
}

const handle = (roles: RouteHandle['roles']): RouteHandle => ({ roles });

// Every screen is its own chunk (`lazy`), so the first load carries only what it shows.
const router = createBrowserRouter([
  {
    HydrateFallback: Loading,
    ErrorBoundary: RouteError,
    children: [
      { path: '/login', lazy: () => import('./pages/login/LoginPage') },
      {
        lazy: () => import('./components/AppLayout'),
        children: [
          {
            // A screen that fails shows its error inside the layout, menu still there.
            ErrorBoundary: RouteError,
            children: [
              { index: true, Component: Home },
              { path: 'tasks', lazy: () => import('./pages/tasks/LedgerPage') },
              { path: 'tasks/:id', lazy: () => import('./pages/tasks/TaskPage') },
              { path: 'imports', handle: handle(OFFICE), lazy: () => import('./pages/imports/ImportsPage') },
              { path: 'imports/:id', handle: handle(OFFICE), lazy: () => import('./pages/imports/ImportReviewPage') },
              { path: 'reports', handle: handle(OFFICE), lazy: () => import('./pages/reports/ReportsPage') },
              { path: 'agencies', handle: handle(OFFICE), lazy: () => import('./pages/agencies/AgenciesPage') },
              { path: 'users', handle: handle(ADMIN), lazy: () => import('./pages/users/UsersPage') },
              { path: 'settings', handle: handle(ADMIN), lazy: () => import('./pages/settings/SettingsPage') },
              { path: 'inbox', lazy: () => import('./pages/inbox/InboxPage') },
              { path: 'dashboard', handle: handle(OVERSIGHT), lazy: () => import('./pages/dashboard/DashboardPage') },
              { path: 'overdue', handle: handle(OVERSIGHT), lazy: () => import('./pages/overdue/OverduePage') },
              { path: 'weekly', handle: handle(OVERSIGHT), lazy: () => import('./pages/weekly/WeeklyPage') },
              { path: 'weekly/:period', handle: handle(OVERSIGHT), lazy: () => import('./pages/weekly/WeekPage') },
              { path: '*', Component: NotFound },
            ],
          },
        ],
      },
    ],
  },
]);

export function App() {
  const { language, t } = useI18n();
  useEffect(() => {
    dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = language;
    document.title = t('app.title');
  }, [language, t]);
  return (
    <ConfigProvider locale={language === 'zh-CN' ? zhCN : enUS}>
      <AntApp style={{ height: '100%' }}>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}
