import { queryOptions } from '@tanstack/react-query';

import { listApprovals } from '@/api/generated';
import { unwrap } from '@/lib/api-client';

/** GET /api/catalogue/approvals: whether the office requires pengesahan, whether the
 * signed-in person may approve, and the versions waiting. */
export const approvalsQueryOptions = () =>
  queryOptions({
    queryKey: ['catalogue', 'approvals'] as const,
    queryFn: async ({ signal }) => unwrap(await listApprovals({ signal })),
  });
