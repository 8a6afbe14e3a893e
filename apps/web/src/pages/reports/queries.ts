// Queries and links of the report screens (dashboard, overdue board, weekly report, reports).
// No chart code here: the overdue board and the weekly report import this without echarts.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { keys } from '../../lib/queries';
import { OPEN_STATUSES, type Light, type Page, TASK_STATUSES, type TaskStatus } from '../../lib/types';
import { readLedgerParams, writeLedgerParams } from '../tasks/ledgerParams';
import type {
  AgencyRollup,
  DocumentRollup,
  DocumentTree,
  LeagueRow,
  OverdueItem,
  TaskCounts,
  TrendPoint,
} from './types';

export const reportKeys = {
  all: ['reports'] as const,
  summary: ['reports', 'summary'] as const,
  /** The same key as the ledger's document filter: one request serves both. */
  documents: keys.documents,
  document: (id: string) => ['reports', 'document', id] as const,
  agencies: ['reports', 'agencies'] as const,
  league: ['reports', 'league'] as const,
  overdue: (page: number, pageSize: number) => ['reports', 'overdue', page, pageSize] as const,
  overdueAll: ['reports', 'overdue'] as const,
  trend: (weeks: number) => ['reports', 'weekly', 'trend', weeks] as const,
  week: (period: string) => ['reports', 'weekly', 'week', period] as const,
};

export function useSummary() {
  return useQuery({
    queryKey: reportKeys.summary,
    queryFn: ({ signal }) => api<TaskCounts>('/api/reports/summary', { signal }),
  });
}

export function useDocumentRollups() {
  return useQuery({
    queryKey: reportKeys.documents,
    queryFn: ({ signal }) => api<DocumentRollup[]>('/api/reports/documents', { signal }),
  });
}

export function useDocumentTree(documentId: string) {
  return useQuery({
    queryKey: reportKeys.document(documentId),
    queryFn: ({ signal }) => api<DocumentTree>(`/api/reports/documents/${documentId}`, { signal }),
  });
}

export function useAgencyRollups() {
  return useQuery({
    queryKey: reportKeys.agencies,
    queryFn: ({ signal }) => api<AgencyRollup[]>('/api/reports/agencies', { signal }),
  });
}

export function useLeague() {
  return useQuery({
    queryKey: reportKeys.league,
    queryFn: ({ signal }) => api<LeagueRow[]>('/api/reports/league', { signal }),
  });
}

export function useOverdueBoard(page: number, pageSize: number) {
  return useQuery({
    queryKey: reportKeys.overdue(page, pageSize),
    queryFn: ({ signal }) => api<Page<OverdueItem>>('/api/reports/overdue', { query: { page, pageSize }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** Stored weekly snapshots, newest first (as the API answers). */
export function useTrend(weeks = 12) {
  return useQuery({
    queryKey: reportKeys.trend(weeks),
    queryFn: ({ signal }) => api<TrendPoint[]>('/api/reports/weekly', { query: { weeks }, signal }),
  });
}

/** The ledger's filters a report figure stands for. */
export interface LedgerDrill {
  documentId?: string;
  agencyId?: string;
  status?: TaskStatus[];
  light?: Light[];
  overdue?: boolean;
}

/** `/tasks?…`: the ledger showing the tasks behind a figure (the ledger reads its filters from the address). */
export function ledgerHref(drill: LedgerDrill = {}): string {
  const search = writeLedgerParams({
    ...readLedgerParams(new URLSearchParams()),
    documentId: drill.documentId,
    agencyId: drill.agencyId,
    status: drill.status ?? [],
    light: drill.light ?? [],
    overdue: drill.overdue,
  }).toString();
  return search ? `/tasks?${search}` : '/tasks';
}

/** The roll-ups' status groups (COUNTS_SQL), each with the statuses the ledger filters on. */
export const STATUS_GROUPS = ['registered', 'inProgress', 'completed', 'suspended'] as const;
export type StatusGroup = (typeof STATUS_GROUPS)[number];
export const GROUP_STATUSES: Record<StatusGroup, TaskStatus[]> = {
  registered: ['registered'],
  inProgress: OPEN_STATUSES.filter((status) => status !== 'registered'),
  completed: ['completed', 'closed'],
  suspended: ['suspended'],
};

/** Open and not yet past the deadline in force. */
export const OPEN_DRILL: LedgerDrill = { status: [...OPEN_STATUSES], overdue: false };

/** Every status but cancelled: the roll-ups never count cancelled tasks. */
export const COUNTED_STATUSES: TaskStatus[] = TASK_STATUSES.filter((status) => status !== 'cancelled');

/** A light as the roll-ups count it: `none` without the cancelled tasks the ledger would add. */
export function lightDrill(light: Light): LedgerDrill {
  return light === 'none' ? { light: [light], status: COUNTED_STATUSES } : { light: [light] };
}

/** The lights worst first, as a report reads them. */
export const LIGHTS_WORST_FIRST: readonly Light[] = ['red', 'yellow', 'blue', 'green', 'none'];

export const LIGHT_COLORS: Record<Light, string> = {
  red: '#f5222d',
  yellow: '#fadb14',
  blue: '#1677ff',
  green: '#52c41a',
  none: '#d9d9d9',
};

export const GROUP_COLORS: Record<StatusGroup, string> = {
  registered: '#bfbfbf',
  inProgress: '#1677ff',
  completed: '#52c41a',
  suspended: '#faad14',
};

/** 0.4567 → "45.7%". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}
