import { useQuery } from '@tanstack/react-query';

import { readinessQueryOptions } from '../api/readiness';

export function useReadiness() {
  return useQuery(readinessQueryOptions());
}
