/** Today's date (YYYY-MM-DD) in the office's time zone, not the browser's: an appointment,
 * a period or a deadline belongs to the office's calendar day. */
export function officeToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}
