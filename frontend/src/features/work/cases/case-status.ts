import type { BadgeTone } from '@/components/ui/badge';

/** A running case is neutral (late: red); finished green; cancelled grey-red. */
export function caseStatusTone(status: 'open' | 'closed' | 'cancelled', overdue = false): BadgeTone {
  if (status === 'open') return overdue ? 'fail' : 'info';
  return status === 'closed' ? 'ok' : 'neutral';
}
