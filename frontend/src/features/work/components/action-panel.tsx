import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import {
  claimTask,
  commentOnCase,
  completeTask,
  decideTask,
  returnTask,
} from '@/api/generated';
import type { CaseDetail } from '@/api/generated';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { workKeys } from '../api/work';
import { stepLabel } from '../cases/plan';
import { CancelForm } from './cancel-form';
import { ReassignForm } from './reassign-form';

type Act = 'claim' | 'complete' | 'ya' | 'tidak' | 'return' | 'comment';

/** The current step's actions this user may take (the API's `can` list decides). */
export function ActionPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [returnTo, setReturnTo] = useState('');
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const task = detail.current;
  const caseId = detail.case.id;
  const act = useMutation({
    mutationFn: async (what: Act) => {
      if (what === 'comment') {
        return unwrap(await commentOnCase({ path: { case_id: caseId }, body: { body: comment } }));
      }
      if (!task) throw new Error('no current task');
      const path = { task_id: task.id };
      if (what === 'claim') return unwrap(await claimTask({ path }));
      if (what === 'complete') return unwrap(await completeTask({ path, body: { note } }));
      if (what === 'return') {
        return unwrap(
          await returnTask({ path, body: { to_step: Number(returnTo), reason } }),
        );
      }
      return unwrap(await decideTask({ path, body: { choice: what, note } }));
    },
    onSuccess: async () => {
      setNote('');
      setComment('');
      setReason('');
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
    },
  });
  const can = new Set(detail.can);
  const steps = detail.steps ?? [];
  const plan = task ? steps.find((s) => s.position === task.step_position) : undefined;
  const end = t('case.plan.end');
  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('case.action.title')}</h2>
      {task && (can.has('complete') || can.has('decide') || can.has('claim')) ? (
        <div className="form">
          <p>
            <strong>{task.step_number ?? task.step_position}</strong> {task.activity}
          </p>
          {can.has('claim') ? (
            <button type="button" className="button" onClick={() => { act.mutate('claim'); }}>
              {t('case.action.claim')}
            </button>
          ) : null}
          <label htmlFor={`${ids}-note`}>{t('case.action.note')}</label>
          <textarea id={`${ids}-note`} value={note} onChange={(e) => { setNote(e.target.value); }} />
          {can.has('complete') ? (
            <button
              type="button"
              className="button button-primary"
              disabled={act.isPending}
              onClick={() => { act.mutate('complete'); }}
            >
              {t('case.action.complete')}
            </button>
          ) : null}
          {can.has('decide') ? (
            <div className="button-row">
              <button
                type="button"
                className="button button-primary"
                disabled={act.isPending}
                onClick={() => { act.mutate('ya'); }}
              >
                {plan
                  ? t('case.action.yesTo', { to: stepLabel(steps, plan.yes_target ?? null) ?? end })
                  : t('case.action.yes')}
              </button>
              <button
                type="button"
                className="button"
                disabled={act.isPending}
                onClick={() => { act.mutate('tidak'); }}
              >
                {plan
                  ? t('case.action.noTo', { to: stepLabel(steps, plan.no_target ?? null) ?? end })
                  : t('case.action.no')}
              </button>
            </div>
          ) : null}
          {can.has('return') && detail.return_targets.length > 0 ? (
            <fieldset>
              <legend>{t('case.action.return')}</legend>
              <label htmlFor={`${ids}-to`}>{t('work.col.step')}</label>
              <select id={`${ids}-to`} value={returnTo} onChange={(e) => { setReturnTo(e.target.value); }}>
                <option value="" />
                {detail.return_targets.map((step) => (
                  <option key={step} value={step}>
                    {stepLabel(steps, step)}
                  </option>
                ))}
              </select>
              <label htmlFor={`${ids}-reason`}>{t('case.action.returnReason')}</label>
              <input id={`${ids}-reason`} value={reason} onChange={(e) => { setReason(e.target.value); }} />
              <button
                type="button"
                className="button"
                disabled={!returnTo || reason.trim().length < 3 || act.isPending}
                onClick={() => { act.mutate('return'); }}
              >
                {t('case.action.returnSubmit')}
              </button>
            </fieldset>
          ) : null}
        </div>
      ) : (
        <p className="muted">{t('case.action.none')}</p>
      )}
      {task && can.has('reassign') ? (
        <div className="form">
          <ReassignForm taskId={task.id} />
        </div>
      ) : null}
      <div className="form">
        <label htmlFor={`${ids}-comment`}>{t('case.comment.add')}</label>
        <textarea
          id={`${ids}-comment`}
          value={comment}
          onChange={(e) => { setComment(e.target.value); }}
        />
        <button
          type="button"
          className="button"
          disabled={!comment.trim() || act.isPending}
          onClick={() => { act.mutate('comment'); }}
        >
          {t('case.comment.submit')}
        </button>
      </div>
      {act.isError ? (
        <p role="alert" className="error-text">
          {t('case.action.failed', { reason: errorDetail(act.error) })}
        </p>
      ) : null}
      {detail.can.includes('cancel') ? (
        <CancelForm caseId={caseId} number={detail.case.number} />
      ) : null}
    </section>
  );
}
