import { useQuery } from '@tanstack/react-query';

import { sessionQueryOptions } from '../api/me';

/** `data` is the session, `null` when signed out, `undefined` while loading. */
export function useSession() {
  return useQuery(sessionQueryOptions());
}
