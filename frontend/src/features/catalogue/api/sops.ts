import { keepPreviousData, queryOptions } from '@tanstack/react-query';

import { listSops } from '@/api/generated';
import type { SopPage } from '@/api/generated';
import { ApiError, statusOf } from '@/lib/api-client';

export const PAGE_SIZE = 20;

export interface SopQuery {
  q: string;
  status: '' | 'draft' | 'submitted' | 'published' | 'retired';
  page: number;
}

export async function fetchSops(query: SopQuery, signal?: AbortSignal): Promise<SopPage> {
  const result = await listSops({
    signal,
    query: {
      q: query.q,
      status: query.status,
      limit: PAGE_SIZE,
      offset: query.page * PAGE_SIZE,
    },
  });
  if (result.data !== undefined) return result.data;
  throw new ApiError(statusOf(result), result.error);
}

export const sopsQueryOptions = (query: SopQuery) =>
  queryOptions({
    queryKey: ['catalogue', 'sops', query] as const,
    queryFn: ({ signal }) => fetchSops(query, signal),
    placeholderData: keepPreviousData,
  });
