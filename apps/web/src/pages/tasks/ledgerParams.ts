import type { QueryParams } from '../../api';
import { LIGHTS, type LedgerSort, type Light, TASK_STATUSES, type TaskStatus } from '../../lib/types';

/** The ledger's filters, sort and page, kept in the address bar so links and Back work. */
export interface LedgerParams {
  page: number;
  pageSize: number;
  sort: LedgerSort;
  documentId?: string;
  agencyId?: string;
  status: TaskStatus[];
  light: Light[];
  overdue?: boolean;
  unassigned: boolean;
  q?: string;
}

export const PAGE_SIZES = [20, 50, 100, 200];
const SORTS: readonly LedgerSort[] = ['deadline', 'number', 'updated'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function list<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  return (value ?? '').split(',').filter((item): item is T => (allowed as readonly string[]).includes(item));
}

function positive(value: string | null, fallback: number): number {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
}

export function readLedgerParams(search: URLSearchParams): LedgerParams {
  const sort = search.get('sort') as LedgerSort | null;
  const overdue = search.get('overdue');
  const documentId = search.get('documentId');
  const agencyId = search.get('agencyId');
  const q = search.get('q')?.trim().slice(0, 100);
  const pageSize = positive(search.get('pageSize'), 20);
  return {
    page: positive(search.get('page'), 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    sort: sort && SORTS.includes(sort) ? sort : 'deadline',
    documentId: documentId && UUID.test(documentId) ? documentId : undefined,
    agencyId: agencyId && UUID.test(agencyId) ? agencyId : undefined,
    status: list(search.get('status'), TASK_STATUSES),
    light: list(search.get('light'), LIGHTS),
    overdue: overdue === 'true' ? true : overdue === 'false' ? false : undefined,
    unassigned: search.get('unassigned') === 'true',
    q: q || undefined,
  };
}

/** The address-bar form: defaults left out. */
export function writeLedgerParams(params: LedgerParams): URLSearchParams {
  const search = new URLSearchParams();
  if (params.page > 1) search.set('page', String(params.page));
  if (params.pageSize !== 20) search.set('pageSize', String(params.pageSize));
  if (params.sort !== 'deadline') search.set('sort', params.sort);
  if (params.documentId) search.set('documentId', params.documentId);
  if (params.agencyId) search.set('agencyId', params.agencyId);
  if (params.status.length) search.set('status', params.status.join(','));
  if (params.light.length) search.set('light', params.light.join(','));
  if (params.overdue !== undefined) search.set('overdue', String(params.overdue));
  if (params.unassigned) search.set('unassigned', 'true');
  if (params.q) search.set('q', params.q);
  return search;
}

/** GET /api/tasks's query. */
export function listQuery(params: LedgerParams): QueryParams {
  return {
    page: params.page,
    pageSize: params.pageSize,
    sort: params.sort,
    documentId: params.documentId,
    agencyId: params.agencyId,
    status: params.status,
    light: params.light,
    overdue: params.overdue,
    unassigned: params.unassigned || undefined,
    q: params.q,
  };
}

/** The exports take the document, agency, status, light and overdue filters (the API refuses others). */
export function exportQuery(params: LedgerParams): QueryParams {
  return {
    documentId: params.documentId,
    agencyId: params.agencyId,
    status: params.status,
    light: params.light,
    overdue: params.overdue,
  };
}

export function hasFilters(params: LedgerParams): boolean {
  return Boolean(
    params.documentId ||
    params.agencyId ||
    params.status.length ||
    params.light.length ||
    params.overdue !== undefined ||
    params.unassigned ||
    params.q,
  );
}
