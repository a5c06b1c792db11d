import { keepPreviousData, queryOptions } from '@tanstack/react-query';

import {
  getCase,
  getMyScope,
  listSops,
  listTenantAdmins,
  myTasks,
  performanceFigures,
  unitTasks,
} from '@/api/generated';
import { unwrap } from '@/lib/api-client';

export const workKeys = {
  all: ['work'] as const,
  case: (id: string) => ['work', 'case', id] as const,
};

export const scopeQueryOptions = () =>
  queryOptions({
    queryKey: ['work', 'scope'] as const,
    queryFn: async ({ signal }) => unwrap(await getMyScope({ signal })),
  });

export const TASK_PAGE = 25;

export const myTasksQueryOptions = (
  filter: { today?: boolean; decisions?: boolean; noDecisions?: boolean } = {},
  page = 0,
) =>
  queryOptions({
    queryKey: [
      'work',
      'mine',
      filter.today ?? false,
      filter.decisions ?? false,
      filter.noDecisions ?? false,
      page,
    ] as const,
    queryFn: async ({ signal }) =>
      unwrap(
        await myTasks({
          signal,
          query: {
            sort: 'due',
            today: filter.today ?? false,
            decisions: filter.decisions ?? false,
            no_decisions: filter.noDecisions ?? false,
            limit: TASK_PAGE,
            offset: page * TASK_PAGE,
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

export const unitTasksQueryOptions = (overdue: boolean, page = 0) =>
  queryOptions({
    queryKey: ['work', 'unit', overdue, page] as const,
    queryFn: async ({ signal }) =>
      unwrap(
        await unitTasks({
          signal,
          query: { sort: 'due', overdue, others: true, limit: TASK_PAGE, offset: page * TASK_PAGE },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

export const publishedSopsQueryOptions = () =>
  queryOptions({
    queryKey: ['work', 'published-sops'] as const,
    queryFn: async ({ signal }) =>
      unwrap(await listSops({ signal, query: { status: 'published', limit: 200 } })),
  });

/** Whom to ask for an SOP: the office's tenant admins (names and position titles only). */
export const tenantAdminsQueryOptions = () =>
  queryOptions({
    queryKey: ['work', 'tenant-admins'] as const,
    queryFn: async ({ signal }) => unwrap(await listTenantAdmins({ signal })),
    staleTime: 5 * 60_000,
  });

export const caseQueryOptions = (id: string) =>
  queryOptions({
    queryKey: workKeys.case(id),
    queryFn: async ({ signal }) => unwrap(await getCase({ signal, path: { case_id: id } })),
    refetchInterval: (query) =>
      query.state.data?.documents.some((d) => d.status === 'quarantine') ? 1_000 : false,
  });

export const performanceQueryOptions = (start?: string) =>
  queryOptions({
    queryKey: ['work', 'performance', start ?? ''] as const,
    queryFn: async ({ signal }) =>
      unwrap(await performanceFigures({ signal, query: start ? { start } : undefined })),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
