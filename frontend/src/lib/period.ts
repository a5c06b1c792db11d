/** Reporting periods the head of office can pick, as local dates in the office's zone. */

import { officeToday } from '@/lib/office-date';

export type PeriodChoice = 'month' | 'quarter' | 'semester' | 'year' | 'weeks';

export const PERIOD_CHOICES: readonly PeriodChoice[] = [
  'month',
  'quarter',
  'semester',
  'year',
  'weeks',
];

/** The first day of the period ending today: this month, calendar quarter, half-year or
 * year, or the last 13 weeks (the weekly trend's span). */
export function periodStart(choice: PeriodChoice, now: Date, timeZone: string): string {
  const today = officeToday(now, timeZone);
  const year = today.slice(0, 4);
  const month = Number(today.slice(5, 7));
  if (choice === 'month') return `${today.slice(0, 8)}01`;
  if (choice === 'year') return `${year}-01-01`;
  if (choice === 'quarter') {
    return `${year}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
  }
  if (choice === 'semester') return `${year}-${month <= 6 ? '01' : '07'}-01`;
  const day = new Date(`${today}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 7 * 13 + 1);
  return day.toISOString().slice(0, 10);
}
