import { queryOptions } from '@tanstack/react-query';

import { listUnits } from '@/api/generated';
import { unwrap } from '@/lib/api-client';

/** The API's largest page. */
const PAGE = 200;

/** The office's unit names by code, so the catalogue shows "Sub Bagian Umum", not a code. */
export const unitNamesQueryOptions = () =>
  queryOptions({
    queryKey: ['catalogue', 'unit-names'] as const,
    queryFn: async ({ signal }): Promise<Record<string, string>> => {
      const names: Record<string, string> = {};
      for (let offset = 0; ; offset += PAGE) {
        const page = unwrap(await listUnits({ signal, query: { limit: PAGE, offset } }));
        for (const unit of page.items) names[unit.code] = unit.name;
        if (page.items.length === 0 || offset + page.items.length >= page.total) return names;
      }
    },
    staleTime: 5 * 60_000,
  });
