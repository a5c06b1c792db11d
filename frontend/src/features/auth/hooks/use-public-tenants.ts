import { useQuery } from '@tanstack/react-query';

import { publicTenantsQueryOptions } from '../api/public-tenants';

export function usePublicTenants() {
  return useQuery(publicTenantsQueryOptions());
}
