import { describe, expect, it } from 'vitest';

import { trendColumns } from './trend-chart';

const week = (w: string, rate: number | null) => ({
  week: w,
  completed: rate === null ? 0 : 10,
  on_time_rate: rate,
  escalations: 0,
});

describe('trend columns', () => {
  it('scales the height by the on-time rate and marks the 80% judgement', () => {
    const [full, poor, none] = trendColumns([
      week('2026-11-02', 1),
      week('2026-11-09', 0.5),
      week('2026-11-16', null),
    ]);
    expect(full?.height).toBe(120);
    expect(poor?.height).toBe(60);
    expect(full?.tone).toBe('good');
    expect(poor?.tone).toBe('poor');
    expect(poor && full ? poor.y - full.y : 0).toBe(60);
    expect(none?.height).toBe(0);
    expect(none?.tone).toBe('none');
  });

  it('labels weeks day/month and keeps them in order left to right', () => {
    const cols = trendColumns([week('2026-11-02', 0.9), week('2026-11-09', 0.9)]);
    expect(cols.map((c) => c.label)).toEqual(['02/11', '09/11']);
    expect((cols[1]?.x ?? 0) > (cols[0]?.x ?? 0)).toBe(true);
  });

  it('draws something visible for a week that was 0% on time', () => {
    const [zero] = trendColumns([week('2026-11-02', 0)]);
    expect(zero?.height).toBe(1);
    expect(zero?.tone).toBe('poor');
  });
});
