import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api';
import { useSession } from './session';
import type { Agency, DocumentCounts, User } from './types';

/** Query keys shared between screens, so a change in one refreshes the others. */
export const keys = {
  me: ['me'] as const,
  agencies: ['agencies'] as const,
  documents: ['reports', 'documents'] as const,
  unread: ['inbox', 'unread-count'] as const,
  tasks: ['tasks'] as const,
  task: (id: string) => ['tasks', 'detail', id] as const,
  history: (id: string) => ['tasks', 'history', id] as const,
  users: ['users'] as const,
};

/** The signed-in user (GET /api/auth/me); only asked while there is a token. */
export function useMe() {
  const { token } = useSession();
  return useQuery({
    queryKey: keys.me,
    queryFn: ({ signal }) => api<User>('/api/auth/me', { signal }),
    enabled: Boolean(token),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** The agency registry, for pickers and names. */
export function useAgencies() {
  const { token } = useSession();
  return useQuery({
    queryKey: keys.agencies,
    queryFn: ({ signal }) => api<Agency[]>('/api/agencies', { signal }),
    enabled: Boolean(token),
    staleTime: 10 * 60_000,
  });
}

/** id → agency name. */
export function useAgencyNames(): Map<string, string> {
  const { data } = useAgencies();
  return useMemo(() => new Map((data ?? []).map((agency) => [agency.id, agency.name])), [data]);
}

/** The documents in the ledger, with their task counts (for the document filter). */
export function useDocuments() {
  const { token } = useSession();
  return useQuery({
    queryKey: keys.documents,
    queryFn: ({ signal }) => api<DocumentCounts[]>('/api/reports/documents', { signal }),
    enabled: Boolean(token),
    staleTime: 5 * 60_000,
  });
}

export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: keys.unread,
    queryFn: ({ signal }) => api<{ unread: number }>('/api/inbox/unread-count', { signal }),
    enabled,
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  });
}

/**
 * Names of people, where the API lets the user read them: administrators may list the
 * users; for everyone else only "me" is known (the task detail carries user ids only).
 */
export function usePeople(me: User | undefined): (id: string | null) => string | null {
  const { data } = useQuery({
    queryKey: keys.users,
    queryFn: ({ signal }) => api<User[]>('/api/users', { signal }),
    enabled: me?.role === 'admin',
    staleTime: 10 * 60_000,
  });
  return useMemo(() => {
    const names = new Map((data ?? []).map((user) => [user.id, user.displayName]));
    return (id) => (id ? (names.get(id) ?? null) : null);
  }, [data]);
}
