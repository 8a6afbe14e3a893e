import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Empty, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../../api';
import { ErrorState } from '../../components/ErrorState';

interface Props<T> {
  query: UseQueryResult<T>;
  /** Skeleton rows while loading. */
  rows?: number;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** One block of a report screen: skeleton while loading, the error with a retry, an empty note, or the data. */
export function QueryBlock<T>({ query, rows = 4, isEmpty, empty, children }: Props<T>) {
  if (query.isPending) return <Skeleton active paragraph={{ rows }} />;
  if (query.isError && query.data === undefined) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  const data = query.data as T;
  return (
    <>
      {query.isError && <Alert type="error" showIcon title={errorMessage(query.error)} style={{ marginBottom: 12 }} />}
      {isEmpty?.(data) ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> : children(data)}
    </>
  );
}
