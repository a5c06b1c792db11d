import type { AuditEventOut } from '@/api/generated';
import type { MessageKey } from '@/lib/i18n';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const WORDS: Readonly<Record<string, MessageKey>> = {
  'case.started': 'audit.case.started',
  'case.closed': 'audit.case.closed',
  'case.cancelled': 'audit.case.cancelled',
  'case.commented': 'audit.case.commented',
  'document.uploaded': 'audit.document.uploaded',
  'task.activated': 'audit.task.activated',
  'task.claimed': 'audit.task.claimed',
  'task.released': 'audit.task.released',
  'task.completed': 'audit.task.completed',
  'task.decided': 'audit.task.decided',
  'task.returned': 'audit.task.returned',
  'task.reassigned': 'audit.task.reassigned',
  'task.escalated': 'audit.task.escalated',
};

function field(value: unknown, name: string): string {
  if (value && typeof value === 'object' && name in value) {
    const found = (value as Record<string, unknown>)[name];
    if (typeof found === 'string' || typeof found === 'number') return String(found);
  }
  return '';
}

/** An audit event as a sentence in the reader's language ("menyelesaikan langkah 3");
 * an action this list does not know yet shows its code rather than nothing. */
export function auditWords(t: Translate, event: AuditEventOut): string {
  const key = WORDS[event.action];
  if (!key) return event.action;
  const step =
    field(event.after, 'number') || field(event.after, 'step') || field(event.before, 'step');
  const outcome = field(event.after, 'outcome');
  const choice =
    outcome === 'ya' ? t('case.action.yes') : outcome === 'tidak' ? t('case.action.no') : outcome;
  return t(key, { step: step || '–', choice });
}
