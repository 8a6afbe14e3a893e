import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from '../../api';
import { type ImportJob, importKeys, WAITING_STATUSES } from './types';

const POLL_MS = 1500;

/**
 * One import (GET /api/imports/:id), polled while the worker still has it (queued or
 * extracting); when it leaves that state the list and the review are read again.
 */
export function useImportJob(id: string, initial?: ImportJob) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: importKeys.one(id),
    queryFn: ({ signal }) => api<ImportJob>(`/api/imports/${id}`, { signal }),
    initialData: initial,
    // The list's row is a snapshot: ask at once when it shows the job still waiting.
    initialDataUpdatedAt: 0,
    refetchInterval: (q) => (q.state.data && !WAITING_STATUSES.includes(q.state.data.status) ? false : POLL_MS),
    refetchIntervalInBackground: true,
  });
  const status = query.data?.status;
  const was = useRef(status);
  useEffect(() => {
    const before = was.current;
    was.current = status;
    if (before && status && WAITING_STATUSES.includes(before) && !WAITING_STATUSES.includes(status)) {
      void queryClient.invalidateQueries({ queryKey: importKeys.list });
      void queryClient.invalidateQueries({ queryKey: importKeys.review(id) });
    }
  }, [id, queryClient, status]);
  return query;
}
