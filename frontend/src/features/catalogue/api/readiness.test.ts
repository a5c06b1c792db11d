import { describe, expect, it } from 'vitest';

import { jsonResponse, mockFetch, requestsOf } from '@/testing/fetch-mock';

import { acceptInBatches } from './readiness';

describe('acceptInBatches', () => {
  it('sends a large selection in batches of ten and adds up the outcomes', async () => {
    const fetchMock = mockFetch(async (request) => {
      const { sop_ids: ids } = (await request.json()) as { sop_ids: string[] };
      return jsonResponse({
        results: ids.map((id) => ({
          sop_id: id,
          key: id,
          outcome: id === 'x' ? 'not_found' : 'done',
          reason: '',
        })),
        done: 0,
        skipped: 0,
        not_found: 0,
      });
    });
    const ids = [...Array.from({ length: 22 }, (_, i) => `s${String(i)}`), 'x'];
    const progress: number[] = [];
    const result = await acceptInBatches(ids, (n) => progress.push(n));
    expect(requestsOf(fetchMock)).toHaveLength(3);
    expect(progress).toEqual([10, 20, 23]);
    expect([result.done, result.skipped, result.not_found]).toEqual([22, 0, 1]);
  });
});
