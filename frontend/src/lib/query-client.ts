import { QueryClient } from '@tanstack/react-query';

import { ApiError } from './api-client';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Client errors (4xx) will not fix themselves; retry others once.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status !== undefined && error.status < 500) &&
          failureCount < 1,
      },
    },
  });
}
