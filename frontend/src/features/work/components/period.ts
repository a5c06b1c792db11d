/** Reporting periods the head of office can pick, as local dates in the office's zone. */

import { officeToday } from '@/lib/office-date';

export type PeriodChoice = 'month' | 'quarter' | 'year';

export const PERIOD_CHOICES: readonly PeriodChoice[] = ['month', 'quarter', 'year'];


/** The first day of the period ending today: this month, the last 13 weeks, or this year. */
export function periodStart(choice: PeriodChoice, now: Date, timeZone: string): string {
  const today = officeToday(now, timeZone);
  if (choice === 'month') return `${today.slice(0, 8)}01`;
  if (choice === 'year') return `${today.slice(0, 5)}01-01`;
  const day = new Date(`${today}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 7 * 13 + 1);
  return day.toISOString().slice(0, 10);
}
