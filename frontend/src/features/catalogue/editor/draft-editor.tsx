import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useLocation } from 'react-router';

import { createDraft, publishVersion, replaceDocument, validateVersion } from '@/api/generated';
import type { SopDetail, ValidationReport, VersionOut } from '@/api/generated';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { formatPath } from '../diff/diff-path';
import {
  DATE_FIELDS,
  SECTION_NAMES,
  applyEdits,
  editableSop,
  editableSteps,
  stepLabel,
  waktuOf,
} from './document';
import type { EditableSop, EditableStep, SopDocument, StepKind } from './document';
import { validateSop, validateSteps } from './validate';
import type { Problem, ProblemKind } from './validate';
import type { Waktu } from './waktu';

/** Where the import review sends the tenant admin to assign performers. */
export const EDITOR_ANCHOR = 'penyunting-langkah';

const KINDS: StepKind[] = ['start', 'process', 'decision', 'end'];

const PROBLEM_TEXT: Record<ProblemKind, MessageKey> = {
  performer: 'editor.problem.performer',
  activity: 'editor.problem.activity',
  waktu: 'editor.problem.waktu',
  'waktu-book': 'editor.problem.waktuBook',
  'decision-missing': 'editor.problem.decisionMissing',
  'decision-target': 'editor.problem.decisionTarget',
  'decision-self': 'editor.problem.decisionSelf',
  title: 'editor.problem.title',
};

type Translate = ReturnType<typeof useI18n>['t'];

function describeWaktu(w: Waktu, t: Translate): string {
  switch (w.category) {
    case 'numeric': {
      const amount = w.min === w.max ? String(w.min) : `${String(w.min)}–${String(w.max)}`;
      const unit = t(`editor.unit.${w.unit ?? 'minute'}` as MessageKey);
      const per = w.per_item ? ` / ${w.per_item}` : '';
      const text = `${w.approximate ? '± ' : ''}${amount} ${unit}${per}`;
      return t('editor.waktu.read', { text });
    }
    case 'blank':
      return t('editor.waktu.blank');
    case 'conditional':
    case 'scheduled':
      return t('editor.waktu.noDue');
    case 'budget_year':
      return t('editor.waktu.budgetYear');
    default:
      return t('editor.waktu.unparsed');
  }
}

function ProblemList({ problems, t }: { problems: Problem[]; t: Translate }) {
  return (
    <ul>
      {problems.map((p) => (
        <li key={`${p.kind}-${p.step}`}>{t(PROBLEM_TEXT[p.kind], { n: p.step })}</li>
      ))}
    </ul>
  );
}

function SopFields({
  value,
  onChange,
}: {
  value: EditableSop;
  onChange: (next: EditableSop) => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const text = (
    id: string,
    label: string,
    current: string,
    set: (v: string) => EditableSop,
    required = false,
  ) => (
    <div className="editor-field" key={id}>
      <label htmlFor={`${ids}-${id}`}>{label}</label>
      <input
        id={`${ids}-${id}`}
        value={current}
        required={required}
        onChange={(e) => {
          onChange(set(e.target.value));
        }}
      />
    </div>
  );
  return (
    <details className="editor-sop">
      <summary>{t('editor.sopFields')}</summary>
      <fieldset className="editor-grid">
        <legend className="visually-hidden">{t('editor.identity')}</legend>
        {text('title', t('sop.id.name'), value.title, (v) => ({ ...value, title: v }), true)}
        {text('nomor', t('sop.id.number'), value.nomor, (v) => ({ ...value, nomor: v }))}
        {text('unit', t('editor.unitCode'), value.unitCode, (v) => ({ ...value, unitCode: v }))}
        {DATE_FIELDS.map((field) =>
          text(
            field,
            t(
              field === 'tanggal_pembuatan'
                ? 'sop.id.made'
                : field === 'tanggal_revisi'
                  ? 'sop.id.revised'
                  : 'sop.id.effective',
            ),
            value.dates[field],
            (v) => ({ ...value, dates: { ...value.dates, [field]: v } }),
          ),
        )}
        {text('sp', t('editor.signer.position'), value.signer.position, (v) => ({
          ...value,
          signer: { ...value.signer, position: v },
        }))}
        {text('sn', t('editor.signer.name'), value.signer.name, (v) => ({
          ...value,
          signer: { ...value.signer, name: v },
        }))}
        {text('nip', t('editor.signer.nip'), value.signer.nip, (v) => ({
          ...value,
          signer: { ...value.signer, nip: v },
        }))}
      </fieldset>
      <fieldset className="editor-grid">
        <legend>{t('editor.sections')}</legend>
        {SECTION_NAMES.map((name) => (
          <div className="editor-field" key={name}>
            <label htmlFor={`${ids}-s-${name}`}>{t(`sop.sec.${name}` as MessageKey)}</label>
            <textarea
              id={`${ids}-s-${name}`}
              rows={4}
              aria-describedby={`${ids}-lines`}
              value={value.sections[name]}
              onChange={(e) => {
                onChange({ ...value, sections: { ...value.sections, [name]: e.target.value } });
              }}
            />
          </div>
        ))}
        <p id={`${ids}-lines`} className="muted editor-hint">
          {t('editor.oneLine')}
        </p>
      </fieldset>
    </details>
  );
}

function StepFields({
  step,
  index,
  steps,
  performers,
  update,
}: {
  step: EditableStep;
  index: number;
  steps: EditableStep[];
  performers: { key: string; header: string }[];
  update: (index: number, change: Partial<EditableStep>) => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const n = stepLabel(step);
  const id = (field: string) => `${ids}-${field}`;
  const parsed = waktuOf(step);
  const targets = steps.filter((s) => s.position !== step.position);
  const target = (value: number | null, field: 'yesTarget' | 'noTarget', label: MessageKey) => (
    <div className="editor-field">
      <label htmlFor={id(field)}>{t(label, { n })}</label>
      <select
        id={id(field)}
        value={value === null ? '' : String(value)}
        onChange={(e) => {
          update(index, { [field]: e.target.value === '' ? null : Number(e.target.value) });
        }}
      >
        <option value="">{t('editor.target.end')}</option>
        {targets.map((s) => (
          <option key={s.position} value={String(s.position)}>
            {t('editor.target.step', {
              n: stepLabel(s),
              text: s.activity.length > 50 ? `${s.activity.slice(0, 50)}…` : s.activity,
            })}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <fieldset className="editor-step">
      <legend>{t('diff.step', { n })}</legend>
      <div className="editor-field editor-wide">
        <label htmlFor={id('a')}>{t('editor.activity', { n })}</label>
        <textarea
          id={id('a')}
          rows={2}
          value={step.activity}
          onChange={(e) => {
            update(index, { activity: e.target.value });
          }}
        />
      </div>
      <div className="editor-field">
        <label htmlFor={id('p')}>{t('editor.performer', { n })}</label>
        <select
          id={id('p')}
          value={step.performer ?? ''}
          onChange={(e) => {
            update(index, { performer: e.target.value || null });
          }}
        >
          <option value="">{t('editor.none')}</option>
          {performers.map((p) => (
            <option key={p.key} value={p.key}>
              {p.header}
            </option>
          ))}
        </select>
      </div>
      <div className="editor-field">
        <label htmlFor={id('k')}>{t('editor.kind', { n })}</label>
        <select
          id={id('k')}
          value={step.kind}
          onChange={(e) => {
            const kind = e.target.value as StepKind;
            const change: Partial<EditableStep> = { kind };
            if (kind === 'decision' && step.yesTarget === null && step.noTarget === null) {
              change.yesTarget = steps[index + 1]?.position ?? null;
            }
            update(index, change);
          }}
        >
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`editor.kind.${kind}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div className="editor-field">
        <label htmlFor={id('w')}>{t('editor.waktu', { n })}</label>
        <input
          id={id('w')}
          value={step.waktu}
          aria-describedby={id('wh')}
          aria-invalid={parsed.category === 'unparsed' && step.waktu !== step.originalWaktu.raw}
          onChange={(e) => {
            update(index, { waktu: e.target.value });
          }}
        />
        <span id={id('wh')} className="muted editor-hint">
          {describeWaktu(parsed, t)}
        </span>
      </div>
      <div className="editor-field">
        <label htmlFor={id('kl')}>{t('editor.kelengkapan', { n })}</label>
        <textarea
          id={id('kl')}
          rows={2}
          value={step.kelengkapan}
          onChange={(e) => {
            update(index, { kelengkapan: e.target.value });
          }}
        />
      </div>
      <div className="editor-field">
        <label htmlFor={id('o')}>{t('editor.output', { n })}</label>
        <textarea
          id={id('o')}
          rows={2}
          value={step.output}
          onChange={(e) => {
            update(index, { output: e.target.value });
          }}
        />
      </div>
      {step.kind === 'decision' ? (
        <>
          {target(step.yesTarget, 'yesTarget', 'editor.yesTarget')}
          {target(step.noTarget, 'noTarget', 'editor.noTarget')}
        </>
      ) : null}
    </fieldset>
  );
}

function ServerReport({ report, doc }: { report: ValidationReport; doc: SopDocument }) {
  const { t } = useI18n();
  return (
    <div role="status" className="editor-report">
      {report.valid ? (
        <p>{t('editor.server.valid')}</p>
      ) : (
        <>
          <p>{t('editor.server.problems', { n: report.problems.length })}</p>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i}>
                <strong>{formatPath(p.field, t, doc)}</strong>: {p.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The tenant admin's draft editor: per step the activity, performer, kind, waktu,
 * kelengkapan, output and decision targets; the SOP's identity and sections; save, check
 * with the server, and publish once nothing blocks. */
function DraftForm({ sopId, draft }: { sopId: string; draft: VersionOut }) {
  const { t } = useI18n();
  const ids = useId();
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  const queryClient = useQueryClient();
  const doc = draft.document as unknown as SopDocument;
  const [steps, setSteps] = useState<EditableStep[]>(() => editableSteps(doc));
  const [sop, setSop] = useState<EditableSop>(() => editableSop(doc));
  const [shown, setShown] = useState<string | null>(null);
  // The server's findings hold for the edits they were made for; any later edit hides them.
  const [report, setReport] = useState<{ result: ValidationReport; of: string } | null>(null);
  const edits = JSON.stringify([sop, steps]);
  const problems = [
    ...validateSop(sop),
    ...validateSteps(
      steps,
      doc.performers.map((p) => p.key),
    ),
  ];
  const blocking = problems.filter((p) => p.blocking);
  const notes = problems.filter((p) => !p.blocking);

  useEffect(() => {
    if (location.hash === `#${EDITOR_ANCHOR}` && heading.current) {
      // Focusing the heading scrolls the editor into view.
      heading.current.focus();
    }
  }, [location.hash]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['catalogue', 'sop', sopId] });
  const save = async () =>
    unwrap(
      await replaceDocument({
        path: { version_id: draft.id },
        body: applyEdits(doc, sop, steps),
      }),
    );
  const saving = useMutation({
    mutationFn: save,
    onSuccess: async () => {
      setShown(t('editor.saved'));
      await refresh(); // the SOP view and the version comparison show the saved draft
    },
  });
  const checking = useMutation({
    mutationFn: async () => {
      await save();
      return unwrap(await validateVersion({ path: { version_id: draft.id } }));
    },
    onSuccess: async (result) => {
      setShown(null);
      setReport({ result, of: edits });
      await refresh();
    },
  });
  const publishing = useMutation({
    mutationFn: async () => {
      await save();
      return unwrap(await publishVersion({ path: { version_id: draft.id } }));
    },
    onSuccess: async () => {
      setShown(t('editor.published'));
      await refresh();
    },
  });
  const busy = saving.isPending || checking.isPending || publishing.isPending;
  const failed = saving.error ?? checking.error ?? publishing.error;
  const start = (action: { mutate: () => void }) => {
    saving.reset();
    checking.reset();
    publishing.reset();
    setShown(null);
    action.mutate();
  };
  const update = (index: number, change: Partial<EditableStep>) => {
    setSteps((current) => current.map((s, i) => (i === index ? { ...s, ...change } : s)));
  };
  return (
    <section
      id={EDITOR_ANCHOR}
      className="card wide no-print editor"
      aria-labelledby={`${ids}-title`}
    >
      <h2 id={`${ids}-title`} ref={heading} tabIndex={-1}>
        {t('editor.title', { n: draft.number })}
      </h2>
      <SopFields value={sop} onChange={setSop} />
      <ol className="editor-steps">
        {steps.map((step, index) => (
          <li key={step.position}>
            <StepFields
              step={step}
              index={index}
              steps={steps}
              performers={doc.performers}
              update={update}
            />
          </li>
        ))}
      </ol>
      {blocking.length > 0 ? (
        <div role="status">
          <p>{t('editor.problems')}</p>
          <ProblemList problems={blocking} t={t} />
        </div>
      ) : null}
      {notes.length > 0 ? (
        <div role="status" className="muted">
          <p>{t('editor.notes')}</p>
          <ProblemList problems={notes} t={t} />
        </div>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            start(saving);
          }}
        >
          {t('editor.save')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => {
            start(checking);
          }}
        >
          {t('editor.validate')}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={blocking.length > 0 || busy}
          onClick={() => {
            start(publishing);
          }}
        >
          {t('editor.publish')}
        </button>
      </div>
      {checking.isPending ? <p role="status">{t('editor.checking')}</p> : null}
      {report && report.of === edits ? <ServerReport report={report.result} doc={doc} /> : null}
      {shown ? <p role="status">{shown}</p> : null}
      {failed ? (
        <p role="alert" className="error-text">
          {t('editor.failed', { reason: errorDetail(failed) })}
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
  if (draft) return <DraftForm key={draft.id} sopId={sop.id} draft={draft} />;
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
      {create.isError ? (
        <p role="alert" className="error-text">
          {t('editor.failed', { reason: errorDetail(create.error) })}
        </p>
      ) : null}
    </div>
  );
}
