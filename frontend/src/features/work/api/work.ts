import { keepPreviousData, queryOptions } from '@tanstack/react-query';

import {
  getCase,
  getMyScope,
  listSops,
  listTenantAdmins,
  myDashboard,
  performanceFigures,
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

/** Which pages and filters the dashboard's panels show. */
export type DashboardView = {
  /** My tasks (other than decisions): page, and only those that arrived today. */
  page: number;
  today: boolean;
  /** My units' tasks (Kasi/Kasubbag and above): page, and only the overdue ones. */
  teamPage: number;
  teamOverdue: boolean;
};

export const FIRST_DASHBOARD_VIEW: DashboardView = {
  page: 0,
  today: false,
  teamPage: 0,
  teamOverdue: false,
};

export const DASHBOARD_POLL_MS = 30_000;

/** GET /api/dashboard: everything the dashboard polls (decisions, my tasks, my units' tasks,
 * the bell's notifications) in one request, every 30 s while it is open. */
export const dashboardQueryOptions = (view: DashboardView = FIRST_DASHBOARD_VIEW) =>
  queryOptions({
    queryKey: ['work', 'dashboard', view.page, view.today, view.teamPage, view.teamOverdue] as const,
    queryFn: async ({ signal }) =>
      unwrap(
        await myDashboard({
          signal,
          query: {
            limit: TASK_PAGE,
            offset: view.page * TASK_PAGE,
            today: view.today,
            team_offset: view.teamPage * TASK_PAGE,
            team_overdue: view.teamOverdue,
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: DASHBOARD_POLL_MS,
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
    // A month's (or a year's) figures move slowly: read again after five minutes when the
    // page is used, not on a timer (the dashboard's poll is one request: /api/dashboard).
    staleTime: 5 * 60_000,
  });
