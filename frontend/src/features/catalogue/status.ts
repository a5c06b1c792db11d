import type { MessageKey } from '@/lib/i18n';

/** Indonesian labels for a version's status; the API's English words are never shown. */
export const STATUS_LABEL: Record<string, MessageKey> = {
  '': 'catalogue.status.all',
  draft: 'catalogue.status.draft',
  submitted: 'catalogue.status.submitted',
  published: 'catalogue.status.published',
  retired: 'catalogue.status.retired',
};

/** The label of `status`; an unknown one reads as a draft (not in force). */
export function statusLabel(status: string): MessageKey {
  return STATUS_LABEL[status] ?? 'catalogue.status.draft';
}
