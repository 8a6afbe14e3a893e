import {
  AlertOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  FileTextOutlined,
  InboxOutlined,
  SettingOutlined,
  TableOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n';
import type { Role } from './types';

export interface NavEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shows the inbox's unread count. */
  unreadBadge?: boolean;
}

const ledger: NavEntry = { path: '/tasks', label: 'nav.ledger', icon: <TableOutlined /> };
const office: NavEntry[] = [
  ledger,
  { path: '/imports', label: 'nav.imports', icon: <CloudUploadOutlined /> },
  { path: '/reports', label: 'nav.reports', icon: <BarChartOutlined /> },
  { path: '/agencies', label: 'nav.agencies', icon: <ApartmentOutlined /> },
];

/** The side menu: only what the role may do. */
export const NAVIGATION: Record<Role, NavEntry[]> = {
  admin: [
    ...office,
    { path: '/users', label: 'nav.users', icon: <TeamOutlined /> },
    { path: '/settings', label: 'nav.settings', icon: <SettingOutlined /> },
  ],
  coordinator: office,
  agency: [
    { path: '/tasks', label: 'nav.myTasks', icon: <UnorderedListOutlined /> },
    { path: '/inbox', label: 'nav.inbox', icon: <InboxOutlined />, unreadBadge: true },
  ],
  supervisor: [
    { path: '/dashboard', label: 'nav.dashboard', icon: <DashboardOutlined /> },
    { path: '/overdue', label: 'nav.overdue', icon: <AlertOutlined /> },
    { path: '/weekly', label: 'nav.weekly', icon: <FileTextOutlined /> },
    { ...ledger, icon: <FieldTimeOutlined /> },
  ],
};

/** Where a role lands after signing in. */
export function homeFor(role: Role): string {
  return role === 'supervisor' ? '/dashboard' : '/tasks';
}

/** The roles a route is for (its `handle.roles`); every signed-in role when absent. */
export interface RouteHandle {
  roles?: readonly Role[];
}

export const OFFICE: readonly Role[] = ['coordinator', 'admin'];
export const ADMIN: readonly Role[] = ['admin'];
export const OVERSIGHT: readonly Role[] = ['supervisor', 'coordinator', 'admin'];

export function isOffice(role: Role | undefined): boolean {
  return role === 'coordinator' || role === 'admin';
}
