import { useQuery } from '@tanstack/react-query';

import { readinessQueryOptions } from '../api/readiness';

export function useReadiness(enabled = true) {
  return useQuery({ ...readinessQueryOptions(), enabled });
}
