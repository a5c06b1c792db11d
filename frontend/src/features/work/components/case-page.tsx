import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';

import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState, LoadingState } from '@/components/ui/states';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { ApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { caseQueryOptions } from '../api/work';
import { ActionPanel } from './action-panel';
import { CaseDocuments } from './case-documents';
import { formatMinutes, formatMoment } from './format';
import { SlaBadge } from './sla-badge';

/** One case: its steps as a timeline against their standards, my action, documents,
 * comments and the audit trail. */
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
  const { case: info, tasks, current, comments, timeline, documents } = detail.data;
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
          <ol className="timeline">
            {tasks.map((task) => (
              <li key={task.id} data-step={task.step_position} className={`timeline-${task.status}`}>
                <strong>{task.step_number ?? task.step_position}</strong> {task.activity}
                <br />
                <span className="muted">
                  {task.external_party
                    ? t('case.step.external', { party: task.external_party })
                    : task.position_title}
                  {' · '}
                  {when(task.activated_at)} → {when(task.completed_at)}
                </span>{' '}
                <SlaBadge sla={task.sla} /> <Outcome outcome={task.outcome ?? null} />
                {task.worked_minutes !== null && task.standard_minutes !== null ? (
                  <div className="muted">
                    {t('case.step.worked', {
                      worked: formatMinutes(task.worked_minutes, lang),
                      standard: formatMinutes(task.standard_minutes, lang),
                    })}
                  </div>
                ) : null}
                {task.status === 'active' && task.claimed_by_name ? (
                  <div className="muted">
                    {t('case.step.claimedBy', { who: task.claimed_by_name })}
                  </div>
                ) : null}
                {task.status === 'active' && !task.claimed_by_name && task.holders?.length ? (
                  <div className="muted">
                    {t('case.step.waiting', { who: task.holders.join(', ') })}
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
        <ActionPanel detail={detail.data} timeZone={timeZone} />
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
                <span className="muted">{when(event.at)}</span> <code>{event.action}</code>{' '}
                {event.actor_name ?? event.actor_label}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </section>
  );
}

const OUTCOMES: Readonly<Record<string, MessageKey>> = {
  ya: 'case.outcome.ya',
  tidak: 'case.outcome.tidak',
  returned: 'case.outcome.returned',
  cancelled: 'case.outcome.cancelled',
};

/** A decision's answer or why a step ended early; a plain "done" says nothing the badge
 * does not. */
function Outcome({ outcome }: { outcome: string | null }) {
  const { t } = useI18n();
  const key = outcome ? OUTCOMES[outcome] : undefined;
  return key ? <em>{t(key)}</em> : null;
}
