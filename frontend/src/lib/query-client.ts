import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { ApiError } from './api-client';
import { SESSION_QUERY_KEY, rememberExpiry, sessionOwner } from './session-expiry';

/** A 401 from any call means the server-side session ended (expired or signed out
 * elsewhere): drop the session so the route guard sends the person to the login page. */
function onError(client: () => QueryClient) {
  return (error: unknown) => {
    if (!(error instanceof ApiError) || error.status !== 401) return;
    const queries = client();
    const session: unknown = queries.getQueryData(SESSION_QUERY_KEY);
    if (session === null) return;
    rememberExpiry(window.location.pathname + window.location.search, sessionOwner(session));
    queries.setQueryData(SESSION_QUERY_KEY, null);
    queries.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_QUERY_KEY[0] });
  };
}

export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: onError(() => queryClient) }),
    mutationCache: new MutationCache({ onError: onError(() => queryClient) }),
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
  return queryClient;
}
