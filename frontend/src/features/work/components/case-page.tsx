import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';

import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { ApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { caseQueryOptions } from '../api/work';
import { ActionPanel } from './action-panel';
import { auditWords } from '../cases/audit-words';
import { CaseChecklist } from '../cases/case-checklist';
import { CaseDocuments } from './case-documents';
import { formatMinutes, formatMoment } from './format';

/** One case: the SOP's steps as a checklist against their standards, my action,
 * documents, comments and the audit trail in words. */
export function CasePage({ timeZone }: { timeZone: string }) {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const detail = useQuery(caseQueryOptions(id));
  useDocumentTitle(detail.data ? t('case.title', { number: detail.data.case.number }) : t('work.nav.cases'));
  if (detail.isPending) return <LoadingState />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return <EmptyState title={t('case.notFound')} />;
    }
    return <ErrorState message={t('case.error')} error={detail.error} />;
  }
  const { case: info, current, comments, timeline, documents } = detail.data;
  const zone = timeZone;
  const when = (iso: string | null) => (iso ? formatMoment(iso, zone, lang) : '–');
  const status = info.status as 'open' | 'closed' | 'cancelled';
  const mine = detail.data.can.includes('complete') || detail.data.can.includes('decide');
  return (
    <section className="page" aria-labelledby="case-title">
      <h1 id="case-title">{t('case.title', { number: info.number })}</h1>
      <dl className="facts">
        <dt>{t('case.subject')}</dt>
        <dd>{info.subject}</dd>
        <dt>{t('case.reference')}</dt>
        <dd>{info.reference || '–'}</dd>
        <dt>{t('case.sop')}</dt>
        <dd>
          {info.sop_key} {info.sop_title} (v{info.version_number})
        </dd>
        <dt>{t('case.unit')}</dt>
        <dd>{info.unit_name}</dd>
        <dt>{t('case.status')}</dt>
        <dd>
          <Badge tone={status === 'open' ? 'neutral' : status === 'closed' ? 'ok' : 'fail'}>
            {t(`case.status.${status}`)}
          </Badge>
        </dd>
        <dt>{t('case.expected')}</dt>
        <dd>{info.expected_minutes ? formatMinutes(info.expected_minutes, lang) : '–'}</dd>
        <dt>{t('case.elapsed')}</dt>
        <dd>{formatMinutes(detail.data.elapsed_minutes, lang)}</dd>
      </dl>
      <div className="grid">
        <section className="card wide" aria-labelledby="steps-title">
          <h2 id="steps-title">{t('case.steps')}</h2>
          <CaseChecklist detail={detail.data} timeZone={timeZone} />
        </section>
        <ActionPanel detail={detail.data} />
        <CaseDocuments
          caseId={info.id}
          documents={documents}
          taskId={mine && current ? current.id : null}
          canUpload={info.status === 'open'}
        />
        <section className="card" aria-labelledby="comments-title">
          <h2 id="comments-title">{t('case.comments')}</h2>
          <ul className="plain-list">
            {comments.map((c) => (
              <li key={c.id}>
                <strong>{c.author_name}</strong> <span className="muted">{when(c.created_at)}</span>
                <br />
                {c.body}
              </li>
            ))}
          </ul>
        </section>
        <section className="card wide" aria-labelledby="audit-title">
          <h2 id="audit-title">{t('case.timeline')}</h2>
          <ol className="audit">
            {timeline.map((event) => (
              <li key={event.seq}>
                <span className="muted">{when(event.at)}</span>{' '}
                {event.actor_name ?? event.actor_label} — {auditWords(t, event)}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </section>
  );
}
