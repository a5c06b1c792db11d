import { keepPreviousData, queryOptions } from '@tanstack/react-query';

import { searchCases } from '@/api/generated';
import type { SearchCasesData } from '@/api/generated';
import { unwrap } from '@/lib/api-client';

export const CASE_PAGE = 20;

/** The case search's filters as the URL holds them (so a link can open a search). */
export interface CaseFilters {
  scope: 'mine' | 'all';
  q: string;
  status: '' | 'open' | 'closed' | 'cancelled';
  overdue: boolean;
  start: string;
  end: string;
  /** The period holds cases open at any time in it (a chart's), not only those started. */
  during: boolean;
  sort: string;
  page: number;
  /** A drill-down from a chart: one SOP or unit, and the words naming it. */
  sop: string;
  unit: string;
  label: string;
}

export const CASE_SORTS = ['-started', 'started', 'due', '-number'] as const;

export function filtersFrom(params: URLSearchParams): CaseFilters {
  const status = params.get('status') ?? '';
  const sort = params.get('sort') ?? '-started';
  return {
    scope: params.get('scope') === 'all' ? 'all' : 'mine',
    q: params.get('q') ?? '',
    status: status === 'open' || status === 'closed' || status === 'cancelled' ? status : '',
    overdue: params.get('overdue') === 'true',
    start: params.get('start') ?? '',
    end: params.get('end') ?? '',
    during: params.get('during') === 'true',
    sort: (CASE_SORTS as readonly string[]).includes(sort) ? sort : '-started',
    page: Math.max(0, Number(params.get('page') ?? '0') || 0),
    sop: params.get('sop_id') ?? '',
    unit: params.get('unit_id') ?? '',
    label: params.get('label') ?? '',
  };
}

export function paramsFrom(filters: CaseFilters): URLSearchParams {
  const out = new URLSearchParams();
  if (filters.scope !== 'mine') out.set('scope', filters.scope);
  if (filters.q) out.set('q', filters.q);
  if (filters.status) out.set('status', filters.status);
  if (filters.overdue) out.set('overdue', 'true');
  if (filters.start) out.set('start', filters.start);
  if (filters.end) out.set('end', filters.end);
  if (filters.during) out.set('during', 'true');
  if (filters.sort !== '-started') out.set('sort', filters.sort);
  if (filters.page) out.set('page', String(filters.page));
  if (filters.sop) out.set('sop_id', filters.sop);
  if (filters.unit) out.set('unit_id', filters.unit);
  if (filters.label) out.set('label', filters.label);
  return out;
}

export function query(filters: CaseFilters): NonNullable<SearchCasesData['query']> {
  return {
    scope: filters.scope,
    q: filters.q,
    status: filters.status,
    overdue: filters.overdue,
    start: filters.start || null,
    end: filters.end || null,
    during: filters.during,
    sort: filters.sort,
    sop_id: filters.sop || null,
    unit_id: filters.unit || null,
  };
}

/** Where a chart's bar leads: the cases of that SOP or unit open in the figures' period
 * (the figures count the steps of the period, whenever their case started). */
export function drillHref(
  by: { sop?: string; unit?: string },
  label: string,
  period: { start: string; end: string },
): string {
  const params = new URLSearchParams({
    scope: 'all',
    start: period.start,
    end: period.end,
    during: 'true',
    label,
  });
  if (by.sop) params.set('sop_id', by.sop);
  if (by.unit) params.set('unit_id', by.unit);
  return `/kasus?${params.toString()}`;
}

export const casesQueryOptions = (filters: CaseFilters) =>
  queryOptions({
    queryKey: ['work', 'cases', filters] as const,
    queryFn: async ({ signal }) =>
      unwrap(
        await searchCases({
          signal,
          query: { ...query(filters), limit: CASE_PAGE, offset: filters.page * CASE_PAGE },
        }),
      ),
    placeholderData: keepPreviousData,
  });

/** The CSV of the same search, for leaders (a plain link: the browser downloads it). */
export function exportUrl(filters: CaseFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query(filters))) {
    if (value !== null && value !== '' && value !== false) params.set(key, String(value));
  }
  return `/api/cases/export.csv?${params.toString()}`;
}
