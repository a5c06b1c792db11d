import { queryOptions } from '@tanstack/react-query';

import { getMe } from '@/api/generated';
import type { MeResponse } from '@/api/generated';
import { ApiError, statusOf } from '@/lib/api-client';
import { SESSION_QUERY_KEY } from '@/lib/session-expiry';

export type Session = MeResponse;
export type SessionUser = MeResponse['user'];
export type SessionTenant = MeResponse['tenant'];

/** The signed-in user, or null when the API answers 401 (not signed in). */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  const result = await getMe({ signal });
  if (result.data !== undefined) return result.data;
  const status = statusOf(result);
  if (status === 401) return null;
  throw new ApiError(status, result.error);
}

export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: SESSION_QUERY_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
  });
