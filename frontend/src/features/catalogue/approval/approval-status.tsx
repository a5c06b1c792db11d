import { useQuery } from '@tanstack/react-query';

import type { SopDetail } from '@/api/generated';
import { useI18n } from '@/lib/i18n';

import { approvalsQueryOptions } from './api';

/** On the SOP page, for the tenant admin: that the office requires pengesahan, the version
 * waiting for it (locked), or why the head of office sent the draft back. */
export function ApprovalStatus({ sop }: { sop: SopDetail }) {
  const { t, lang } = useI18n();
  const queue = useQuery(approvalsQueryOptions());
  const waiting = sop.versions.find((v) => v.status === 'submitted');
  const draft = sop.versions.find((v) => v.status === 'draft');
  const note = draft?.return_note;
  if (!waiting && !note && !queue.data?.required) return null;
  const when = (iso: string | null | undefined) =>
    iso ? new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'id-ID') : '–';
  return (
    <section className="card wide no-print approval-status" aria-label={t('approval.title')}>
      {waiting ? (
        <p role="status">
          <strong>{t('catalogue.status.submitted')}</strong>{' '}
          {t('approval.waiting', { n: waiting.number, date: when(waiting.submitted_at) })}
        </p>
      ) : null}
      {!waiting && note ? (
        <div role="status" className="approval-returned">
          <p>
            <strong>{t('approval.returnedTitle', { n: draft.number })}</strong>
          </p>
          <blockquote>{note}</blockquote>
        </div>
      ) : null}
      {!waiting && queue.data?.required ? <p className="muted">{t('approval.required')}</p> : null}
    </section>
  );
}

/** Whether the office requires pengesahan (then the draft editor submits, never publishes);
 * undefined until known. */
export function usePengesahanRequired(): boolean | undefined {
  return useQuery(approvalsQueryOptions()).data?.required;
}
