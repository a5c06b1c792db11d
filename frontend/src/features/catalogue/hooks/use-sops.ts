import { useQuery } from '@tanstack/react-query';

import { sopsQueryOptions } from '../api/sops';
import type { SopQuery } from '../api/sops';

export function useSops(query: SopQuery) {
  return useQuery(sopsQueryOptions(query));
}
