import type { CaseDetail, DocumentOut, PlanStep, TaskOut } from '@/api/generated';
import { Badge } from '@/components/ui/badge';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { formatMinutes, formatMoment } from '../components/format';
import { SlaBadge } from '../components/sla-badge';
import { stepLabel } from './plan';
import { movedWords, vacancyWords } from './routing-words';

const OUTCOMES: Readonly<Record<string, MessageKey>> = {
  ya: 'case.outcome.ya',
  tidak: 'case.outcome.tidak',
  returned: 'case.outcome.returned',
  cancelled: 'case.outcome.cancelled',
};

/** The case as the SOP's checklist: every step of the pinned version in order, with what
 * happened at it (each visit: who, when, time against the standard, outcome, note,
 * documents), who holds the current one and until when, and what is still to come. */
export function CaseChecklist({ detail, timeZone }: { detail: CaseDetail; timeZone: string }) {
  const { t, lang } = useI18n();
  const { tasks, documents } = detail;
  const steps = detail.steps ?? [];
  const open = detail.case.status === 'open';
  const when = (iso: string) => formatMoment(iso, timeZone, lang);
  return (
    <ol className="checklist" aria-label={t('case.steps')}>
      {steps.map((step) => {
        const visits = tasks.filter((task) => task.step_position === step.position);
        const current = visits.find((task) => task.status === 'active');
        const state = current ? 'current' : visits.length ? 'done' : open ? 'next' : 'skipped';
        return (
          <li key={step.position} className={`check-step check-${state}`} data-step={step.position}>
            <div className="check-head">
              <strong>{step.number ?? step.position}.</strong> <span>{step.activity}</span>
            </div>
            <p className="muted check-meta">
              {step.performer ?? t('case.plan.noPerformer')}
              {' · '}
              {t('case.plan.standard', { waktu: step.waktu_raw || '–' })}
              {step.output ? ` · ${t('case.plan.output', { output: step.output })}` : null}
            </p>
            {step.kind === 'decision' ? <Targets step={step} steps={steps} /> : null}
            {visits.map((task) => (
              <Visit
                key={task.id}
                task={task}
                documents={documents.filter((d) => d.task_id === task.id)}
                when={when}
                lang={lang}
                remaining={task.status === 'active' ? detail.current_remaining_minutes ?? null : null}
              />
            ))}
            {state === 'next' ? <p className="muted">{t('case.plan.upcoming')}</p> : null}
            {state === 'skipped' ? <p className="muted">{t('case.plan.skipped')}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}

function Targets({ step, steps }: { step: PlanStep; steps: readonly PlanStep[] }) {
  const { t } = useI18n();
  const end = t('case.plan.end');
  return (
    <p className="check-meta">
      {t('case.plan.yes', { to: stepLabel(steps, step.yes_target ?? null) ?? end })}
      <br />
      {t('case.plan.no', { to: stepLabel(steps, step.no_target ?? null) ?? end })}
    </p>
  );
}

function Visit({
  task,
  documents,
  when,
  lang,
  remaining,
}: {
  task: TaskOut;
  documents: DocumentOut[];
  when: (iso: string) => string;
  lang: string;
  remaining: number | null;
}) {
  const { t } = useI18n();
  const outcome = task.outcome ? OUTCOMES[task.outcome] : undefined;
  const holder = task.external_party
    ? t('case.step.external', { party: task.external_party })
    : task.position_title ?? '–';
  const vacant = vacancyWords(t, task.routing);
  const moved = movedWords(t, task.routing);
  if (task.status === 'active') {
    return (
      <div className="visit visit-active">
        <p>
          <SlaBadge sla={task.sla} /> {holder}
          {task.claimed_by_name
            ? ` · ${t('case.step.claimedBy', { who: task.claimed_by_name })}`
            : task.holders?.length
              ? ` · ${t('case.step.waiting', { who: task.holders.join(', ') })}`
              : ` · ${t('case.plan.nobody')}`}
        </p>
        {vacant ? (
          <p className="notice" role="note">
            {vacant}
          </p>
        ) : null}
        {moved ? <p className="muted">{moved}</p> : null}
        <p className="muted">
          {t('case.plan.since', { when: when(task.activated_at) })}
          {task.due_at ? ` · ${t('case.plan.due', { when: when(task.due_at) })}` : ` · ${t('work.noDue')}`}
          {remaining !== null
            ? ` · ${
                remaining >= 0
                  ? t('case.plan.left', { time: formatMinutes(remaining, lang) })
                  : t('case.plan.late', { time: formatMinutes(-remaining, lang) })
              }`
            : null}
        </p>
      </div>
    );
  }
  return (
    <div className="visit">
      <p>
        <Badge tone={task.outcome === 'done' || task.outcome === 'ya' ? 'ok' : 'neutral'}>
          {outcome ? t(outcome) : t('case.plan.done')}
        </Badge>{' '}
        {task.completed_by_name ?? holder}
        {task.completed_at ? ` · ${when(task.completed_at)}` : null}
      </p>
      {task.worked_minutes !== null && task.standard_minutes !== null ? (
        <p className="muted">
          {t('case.step.worked', {
            worked: formatMinutes(task.worked_minutes, lang),
            standard: formatMinutes(task.standard_minutes, lang),
          })}
        </p>
      ) : null}
      {task.note ? (
        <blockquote className="visit-note">
          {t(task.outcome === 'returned' ? 'case.plan.reason' : 'case.plan.note', { note: task.note })}
        </blockquote>
      ) : null}
      {documents.length ? (
        <p className="muted">
          {t('case.plan.documents', { names: documents.map((d) => d.name).join(', ') })}
        </p>
      ) : null}
    </div>
  );
}
