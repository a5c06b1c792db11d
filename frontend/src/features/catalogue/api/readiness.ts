import { keepPreviousData, queryOptions } from '@tanstack/react-query';

import { bulkAcceptSuggestions, bulkLinkColumn, catalogueReadiness } from '@/api/generated';
import type {
  BulkAcceptResult,
  BulkLinkResult,
  BulkOutcome,
  PositionRule,
  ReadinessPage,
} from '@/api/generated';
import { unwrap } from '@/lib/api-client';

export const READINESS_PAGE_SIZE = 25;
/** SOPs per bulk request: the server accepts ~115 ms of suggestions per SOP, so a large
 * selection goes in batches and the page can say how far it got. */
export const BULK_BATCH = 10;

export type ReadinessStatus = '' | 'runnable' | 'needs_review' | 'incomplete' | 'published';

export interface ReadinessQuery {
  status: ReadinessStatus;
  unit: string;
  q: string;
  page: number;
}

export const readinessQueryOptions = (query: ReadinessQuery) =>
  queryOptions({
    queryKey: ['catalogue', 'readiness', query] as const,
    queryFn: async ({ signal }): Promise<ReadinessPage> =>
      unwrap(
        await catalogueReadiness({
          signal,
          query: {
            status: query.status,
            unit: query.unit,
            q: query.q,
            limit: READINESS_PAGE_SIZE,
            offset: query.page * READINESS_PAGE_SIZE,
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

/** Accept the suggestions of every chosen SOP, `BULK_BATCH` at a time; `onProgress` hears
 * how many were handled so far. */
export async function acceptInBatches(
  sopIds: readonly string[],
  onProgress: (handled: number) => void,
): Promise<BulkAcceptResult> {
  const results: BulkOutcome[] = [];
  for (let at = 0; at < sopIds.length; at += BULK_BATCH) {
    const batch = sopIds.slice(at, at + BULK_BATCH);
    const answer = unwrap(await bulkAcceptSuggestions({ body: { sop_ids: batch } }));
    results.push(...answer.results);
    onProgress(Math.min(at + batch.length, sopIds.length));
  }
  const count = (outcome: BulkOutcome['outcome']) =>
    results.filter((r) => r.outcome === outcome).length;
  return {
    results,
    done: count('done'),
    skipped: count('skipped'),
    not_found: count('not_found'),
  };
}

export async function linkColumn(header: string, rule: PositionRule): Promise<BulkLinkResult> {
  return unwrap(await bulkLinkColumn({ body: { header, rule } }));
}
