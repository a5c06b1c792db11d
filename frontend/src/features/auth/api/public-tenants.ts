import { queryOptions } from '@tanstack/react-query';

import { listPublicTenants } from '@/api/generated';
import type { TenantPublic } from '@/api/generated';
import { env } from '@/config/env';
import { unwrap } from '@/lib/api-client';

export async function fetchPublicTenants(signal?: AbortSignal): Promise<TenantPublic[]> {
  return unwrap(await listPublicTenants({ signal }));
}

export const publicTenantsQueryOptions = () =>
  queryOptions({
    queryKey: ['public', 'tenants'] as const,
    queryFn: ({ signal }) => fetchPublicTenants(signal),
  });

/** Where the browser goes (full page load) to start the office's OIDC sign-in. */
export function ssoLoginUrl(slug: string): string {
  return `${env.apiBaseUrl}/auth/${encodeURIComponent(slug)}/login`;
}
