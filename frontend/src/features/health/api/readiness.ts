import { queryOptions } from '@tanstack/react-query';

import { getPlatformStatus } from '@/api/generated';
import { unwrap } from '@/lib/api-client';

/** GET /api/platform/status: every part with its detail and each office's IdP, for platform
 * admins. A part that is down is data (status "fail"), not an error. */
export const readinessQueryOptions = () =>
  queryOptions({
    queryKey: ['health', 'status'] as const,
    queryFn: async ({ signal }) => unwrap(await getPlatformStatus({ signal })),
    staleTime: 0,
  });
