import { describe, expect, it } from 'vitest';

import { officeToday } from '@/lib/office-date';

import { periodStart } from './period';

// 23 Nov 2026 17:30 UTC is already 24 Nov in Makassar (WITA, UTC+8) but not in Jakarta.
const now = new Date('2026-11-23T17:30:00Z');

describe('reporting periods', () => {
  it('takes today from the office zone, not the browser', () => {
    expect(officeToday(now, 'Asia/Makassar')).toBe('2026-11-24');
    expect(officeToday(now, 'Asia/Jakarta')).toBe('2026-11-24');
    expect(officeToday(new Date('2026-11-23T16:30:00Z'), 'Asia/Jakarta')).toBe('2026-11-23');
  });

  it('starts the month, the quarter, the semester, the year, or thirteen weeks back', () => {
    expect(periodStart('month', now, 'Asia/Makassar')).toBe('2026-11-01');
    expect(periodStart('quarter', now, 'Asia/Makassar')).toBe('2026-10-01');
    expect(periodStart('semester', now, 'Asia/Makassar')).toBe('2026-07-01');
    expect(periodStart('year', now, 'Asia/Makassar')).toBe('2026-01-01');
    expect(periodStart('weeks', now, 'Asia/Makassar')).toBe('2026-08-26');
  });

  it('puts each month in its quarter and half-year', () => {
    const at = (day: string) => new Date(`${day}T03:00:00Z`);
    expect(periodStart('quarter', at('2026-03-31'), 'Asia/Jakarta')).toBe('2026-01-01');
    expect(periodStart('quarter', at('2026-04-01'), 'Asia/Jakarta')).toBe('2026-04-01');
    expect(periodStart('quarter', at('2026-09-15'), 'Asia/Jakarta')).toBe('2026-07-01');
    expect(periodStart('semester', at('2026-06-30'), 'Asia/Jakarta')).toBe('2026-01-01');
    expect(periodStart('semester', at('2026-07-01'), 'Asia/Jakarta')).toBe('2026-07-01');
  });

  it('crosses a year boundary', () => {
    const january = new Date('2027-01-05T02:00:00Z');
    expect(periodStart('month', january, 'Asia/Jakarta')).toBe('2027-01-01');
    expect(periodStart('quarter', january, 'Asia/Jakarta')).toBe('2027-01-01');
    expect(periodStart('weeks', january, 'Asia/Jakarta')).toBe('2026-10-07');
  });
});
