import { queryOptions } from '@tanstack/react-query';

import { getReadiness } from '@/api/generated';
import type { ReadyReport } from '@/api/generated';
import { ApiError, statusOf } from '@/lib/api-client';

function isReadyReport(value: unknown): value is ReadyReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Partial<Record<keyof ReadyReport, unknown>>;
  return (report.status === 'ok' || report.status === 'fail') && Array.isArray(report.checks);
}

/**
 * GET /health/ready. A 503 carries the same report (some check failed), so it is
 * data, not an error; anything else that is not a report is an ApiError.
 */
export async function fetchReadiness(signal?: AbortSignal): Promise<ReadyReport> {
  const result = await getReadiness({ signal });
  if (result.data !== undefined) return result.data;
  const status = statusOf(result);
  if (status === 503 && isReadyReport(result.error)) return result.error;
  throw new ApiError(status, result.error);
}

export const readinessQueryOptions = () =>
  queryOptions({
    queryKey: ['health', 'ready'] as const,
    queryFn: ({ signal }) => fetchReadiness(signal),
    staleTime: 0,
  });
