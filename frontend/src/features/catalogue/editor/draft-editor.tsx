import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { createDraft, publishVersion, replaceDocument } from '@/api/generated';
import type { SopDetail, VersionOut } from '@/api/generated';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

import { validateSteps } from './validate';
import type { EditableStep } from './validate';


interface DraftDocument {
  performers: { key: string; header: string }[];
  steps: (EditableStep & Record<string, unknown>)[];
}

/** The tenant admin's step table: assign each step's performer (the books lost many), fix
 * the activity text, save, and publish once the table is complete. */
function StepTable({ sopId, draft }: { sopId: string; draft: VersionOut }) {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const doc = draft.document as unknown as DraftDocument;
  const [steps, setSteps] = useState<EditableStep[]>(() =>
    doc.steps.map((s) => ({
      position: s.position,
      number: s.number,
      activity: s.activity,
      performer: s.performer,
    })),
  );
  const [shown, setShown] = useState<string | null>(null);
  const problems = validateSteps(
    steps,
    doc.performers.map((p) => p.key),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['catalogue', 'sop', sopId] });
  const body = () => ({
    ...(draft.document as Record<string, unknown>),
    steps: doc.steps.map((s, i) => ({
      ...s,
      performer: steps[i]?.performer ?? null,
      activity: steps[i]?.activity ?? s.activity,
    })),
  });
  const save = useMutation({
    mutationFn: async () =>
      unwrap(await replaceDocument({ path: { version_id: draft.id }, body: body() })),
    onSuccess: () => {
      setShown(t('editor.saved'));
    },
  });
  const publish = useMutation({
    mutationFn: async () => {
      unwrap(await replaceDocument({ path: { version_id: draft.id }, body: body() }));
      return unwrap(await publishVersion({ path: { version_id: draft.id } }));
    },
    onSuccess: async () => {
      setShown(t('editor.published'));
      await refresh();
    },
  });
  const update = (index: number, change: Partial<EditableStep>) => {
    setSteps((current) => current.map((s, i) => (i === index ? { ...s, ...change } : s)));
  };
  return (
    <section className="card wide no-print" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('editor.title', { n: draft.number })}</h2>
      <div className="table-wrap">
        <table className="table">
          <tbody>
            {steps.map((step, index) => {
              const n = step.number ?? String(step.position);
              return (
                <tr key={step.position}>
                  <td>{n}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${ids}-a-${String(index)}`}>
                      {t('editor.activity', { n })}
                    </label>
                    <textarea
                      id={`${ids}-a-${String(index)}`}
                      value={step.activity}
                      onChange={(e) => {
                        update(index, { activity: e.target.value });
                      }}
                    />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${ids}-p-${String(index)}`}>
                      {t('editor.performer', { n })}
                    </label>
                    <select
                      id={`${ids}-p-${String(index)}`}
                      value={step.performer ?? ''}
                      onChange={(e) => {
                        update(index, { performer: e.target.value || null });
                      }}
                    >
                      <option value="">{t('editor.none')}</option>
                      {doc.performers.map((p) => (
                        <option key={p.key} value={p.key}>
                          {p.header}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {problems.length > 0 ? (
        <div role="status">
          <p>{t('editor.problems')}</p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.kind}-${p.step}`}>
                {t(p.kind === 'performer' ? 'editor.problem.performer' : 'editor.problem.activity', {
                  n: p.step,
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={save.isPending}
          onClick={() => {
            save.mutate();
          }}
        >
          {t('editor.save')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={problems.length > 0 || publish.isPending}
          onClick={() => {
            publish.mutate();
          }}
        >
          {t('editor.publish')}
        </button>
      </div>
      {shown ? <p role="status">{shown}</p> : null}
      {save.isError || publish.isError ? (
        <p role="alert" className="error-text">
          {t('editor.failed', { reason: errorDetail(save.error ?? publish.error) })}
        </p>
      ) : null}
    </section>
  );
}

export function DraftEditor({ sop }: { sop: SopDetail }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const draft = sop.versions.find((v) => v.status === 'draft');
  const create = useMutation({
    mutationFn: async () => unwrap(await createDraft({ path: { sop_id: sop.id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['catalogue', 'sop', sop.id] }),
  });
  if (draft) return <StepTable key={draft.id} sopId={sop.id} draft={draft} />;
  return (
    <div className="no-print">
      <button
        type="button"
        className="button"
        disabled={create.isPending}
        onClick={() => {
          create.mutate();
        }}
      >
        {t('editor.create')}
      </button>
    </div>
  );
}
