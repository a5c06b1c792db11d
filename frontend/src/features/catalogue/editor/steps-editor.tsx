import { useEffect, useId, useRef, useState } from 'react';

import type { PerformerSuggestion } from '@/api/generated';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { DecisionSelect } from './decision-select';
import { stepLabel, waktuOf } from './document';
import type { EditableStep, PerformerColumn, Step, StepKind } from './document';
import { LabelRow } from './provenance-badge';
import type { Finding } from './server-errors';
import {
  addStep,
  changeKind,
  moveStep,
  referrersOf,
  removeStep,
  repointAndRemove,
  successorOf,
} from './step-ops';
import { StepSuggestion } from './suggestions';
import type { Waktu } from './waktu';

const KINDS: StepKind[] = ['start', 'process', 'decision', 'end'];

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

/** Server findings for one field of a step, shown under it. */
function FieldFindings({ id, findings }: { id: string; findings: Finding[] }) {
  const { t } = useI18n();
  if (findings.length === 0) return null;
  return (
    <span id={id} className="error-text editor-finding">
      {findings.map((f) => t('editor.server.here', { reason: f.reason })).join(' ')}
    </span>
  );
}

export interface StepContext {
  /** The step as it will be saved (its provenance shows per field). */
  built: Step | undefined;
  warnings: string[];
  findings: Finding[];
  suggestion: PerformerSuggestion | undefined;
}

type Control = 'activity' | 'up' | 'down' | 'remove' | 'add';

function StepFields({
  step,
  index,
  steps,
  columns,
  context,
  update,
  onKind,
  onAcceptSuggestion,
  controlId,
  onMove,
  onAdd,
  onRemove,
}: {
  step: EditableStep;
  index: number;
  steps: EditableStep[];
  columns: readonly PerformerColumn[];
  context: StepContext;
  update: (position: number, change: Partial<EditableStep>) => void;
  onKind: (position: number, kind: StepKind) => void;
  onAcceptSuggestion: (position: number, column: string) => void;
  controlId: (position: number, control: Control) => string;
  onMove: (position: number, delta: -1 | 1) => void;
  onAdd: (after: number) => void;
  onRemove: (position: number) => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const n = stepLabel(step);
  const id = (field: string) => `${ids}-${field}`;
  const parsed = waktuOf(step);
  const prov = (field: string) => context.built?.provenance[field] ?? null;
  const at = (field: string | null) => context.findings.filter((f) => fieldOf(f) === field);
  const describe = (field: string, ...more: (string | null)[]) => {
    const list = [...more, at(field).length > 0 ? id(`${field}-err`) : null].filter(Boolean);
    return list.length > 0 ? list.join(' ') : undefined;
  };
  const general = context.findings.filter((f) => {
    const field = fieldOf(f);
    return field === null || !FIELDS_SHOWN.has(field);
  });
  const [stepRemoval, setStepRemoval] = useState(false);
  const referrers = referrersOf(steps, step.position);
  const next = successorOf(steps, step.position);
  const nextStep = steps.find((s) => s.position === next);
  return (
    <fieldset
      className="editor-step"
      aria-invalid={context.findings.length > 0 || undefined}
      data-position={step.position}
    >
      <legend>{t('diff.step', { n })}</legend>
      <div className="editor-step-tools editor-wide" role="group" aria-label={t('editor.step.tools', { n })}>
        <button
          id={controlId(step.position, 'up')}
          type="button"
          className="button button-small"
          disabled={index === 0}
          onClick={() => {
            onMove(step.position, -1);
          }}
        >
          <span aria-hidden="true">↑ </span>
          {t('editor.step.up')}
          {' '}
          <span className="visually-hidden">{t('editor.step.of', { n })}</span>
        </button>
        <button
          id={controlId(step.position, 'down')}
          type="button"
          className="button button-small"
          disabled={index === steps.length - 1}
          onClick={() => {
            onMove(step.position, 1);
          }}
        >
          <span aria-hidden="true">↓ </span>
          {t('editor.step.down')}
          {' '}
          <span className="visually-hidden">{t('editor.step.of', { n })}</span>
        </button>
        <button
          id={controlId(step.position, 'add')}
          type="button"
          className="button button-small"
          onClick={() => {
            onAdd(step.position);
          }}
        >
          <span aria-hidden="true">+ </span>
          {t('editor.step.addAfter', { n })}
        </button>
        <button
          id={controlId(step.position, 'remove')}
          type="button"
          className="button button-small"
          aria-expanded={referrers.length > 0 ? stepRemoval : undefined}
          onClick={() => {
            if (referrers.length > 0) setStepRemoval(true);
            else onRemove(step.position);
          }}
        >
          {t('editor.step.remove')}
          {' '}
          <span className="visually-hidden">{t('editor.step.of', { n })}</span>
        </button>
      </div>
      {stepRemoval && referrers.length > 0 ? (
        <div role="alert" className="editor-confirm editor-wide">
          <p>
            {t('editor.step.blocked', { n, from: referrers.map((r) => stepLabel(r)).join(', ') })}
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button"
              onClick={() => {
                setStepRemoval(false);
                onRemove(step.position);
              }}
            >
              {t('editor.step.repoint', {
                // A branch that would lead back to its own decision ends instead.
                target:
                  nextStep && referrers.some((r) => r.position !== nextStep.position)
                    ? t('editor.step.of', { n: stepLabel(nextStep) })
                    : t('editor.step.repointEnd'),
              })}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setStepRemoval(false);
                document.getElementById(controlId(step.position, 'remove'))?.focus();
              }}
            >
              {t('editor.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {context.warnings.length > 0 ? (
        <div className="editor-warnings editor-wide">
          <p>{t('editor.warnings.here')}</p>
          <ul>
            {context.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {general.length > 0 ? (
        <p className="error-text editor-wide">
          {general.map((f) => t('editor.server.here', { reason: f.reason })).join(' ')}
        </p>
      ) : null}
      <div className="editor-field editor-wide">
        <LabelRow htmlFor={controlId(step.position, 'activity')} label={t('editor.activity', { n })} provenance={prov('activity')} />
        <textarea
          id={controlId(step.position, 'activity')}
          rows={2}
          value={step.activity}
          aria-describedby={describe('activity')}
          aria-invalid={!step.activity.trim() || at('activity').length > 0}
          onChange={(e) => {
            update(step.position, { activity: e.target.value });
          }}
        />
        <FieldFindings id={id('activity-err')} findings={at('activity')} />
      </div>
      <div className="editor-field">
        <LabelRow htmlFor={id('p')} label={t('editor.performer', { n })} provenance={prov('performer')} />
        <select
          id={id('p')}
          value={step.performer ?? ''}
          aria-describedby={describe('performer')}
          aria-invalid={step.performer === null || at('performer').length > 0}
          onChange={(e) => {
            update(step.position, { performer: e.target.value || null });
          }}
        >
          <option value="">{t('editor.none')}</option>
          {columns.map((p) => (
            <option key={p.key} value={p.key}>
              {p.header}
            </option>
          ))}
          {step.performer !== null && !columns.some((c) => c.key === step.performer) ? (
            <option value={step.performer}>{step.performer}</option>
          ) : null}
        </select>
        <FieldFindings id={id('performer-err')} findings={at('performer')} />
        {context.suggestion && step.performer === null ? (
          <StepSuggestion
            suggestion={context.suggestion}
            n={n}
            onAccept={() => {
              if (context.suggestion) onAcceptSuggestion(step.position, context.suggestion.column);
            }}
          />
        ) : null}
      </div>
      <div className="editor-field">
        <LabelRow htmlFor={id('k')} label={t('editor.kind', { n })} provenance={prov('kind')} />
        <select
          id={id('k')}
          value={step.kind}
          aria-describedby={describe('kind')}
          onChange={(e) => {
            onKind(step.position, e.target.value as StepKind);
          }}
        >
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`editor.kind.${kind}` as MessageKey)}
            </option>
          ))}
        </select>
        <FieldFindings id={id('kind-err')} findings={at('kind')} />
      </div>
      <div className="editor-field">
        <LabelRow htmlFor={id('w')} label={t('editor.waktu', { n })} provenance={prov('waktu')} />
        <input
          id={id('w')}
          value={step.waktu}
          aria-describedby={describe('waktu', id('wh'))}
          aria-invalid={
            (parsed.category === 'unparsed' && step.waktu !== step.originalWaktu.raw) ||
            at('waktu').length > 0
          }
          onChange={(e) => {
            update(step.position, { waktu: e.target.value });
          }}
        />
        <span id={id('wh')} className="muted editor-hint">
          {describeWaktu(parsed, t)}
        </span>
        <FieldFindings id={id('waktu-err')} findings={at('waktu')} />
      </div>
      <div className="editor-field">
        <LabelRow htmlFor={id('kl')} label={t('editor.kelengkapan', { n })} provenance={prov('kelengkapan')} />
        <textarea
          id={id('kl')}
          rows={2}
          value={step.kelengkapan}
          onChange={(e) => {
            update(step.position, { kelengkapan: e.target.value });
          }}
        />
      </div>
      <div className="editor-field">
        <LabelRow htmlFor={id('o')} label={t('editor.output', { n })} provenance={prov('output')} />
        <textarea
          id={id('o')}
          rows={2}
          value={step.output}
          onChange={(e) => {
            update(step.position, { output: e.target.value });
          }}
        />
      </div>
      {step.kind === 'decision' ? (
        <>
          <DecisionSelect
            id={id('yes')}
            label={t('editor.yesTarget', { n })}
            steps={steps}
            self={step.position}
            value={step.yesTarget}
            describedBy={describe('decision')}
            onChange={(target) => {
              update(step.position, { yesTarget: target });
            }}
          />
          <DecisionSelect
            id={id('no')}
            label={t('editor.noTarget', { n })}
            steps={steps}
            self={step.position}
            value={step.noTarget}
            describedBy={describe('decision')}
            onChange={(target) => {
              update(step.position, { noTarget: target });
            }}
          />
          <FieldFindings id={id('decision-err')} findings={at('decision')} />
        </>
      ) : null}
    </fieldset>
  );
}

const FIELDS_SHOWN = new Set(['activity', 'performer', 'kind', 'waktu', 'decision']);

/** The finding's field inside its step ("steps[2].waktu.raw" → "waktu"). */
function fieldOf(finding: Finding): string | null {
  return /^steps\[\d+\]\.(\w+)/.exec(finding.field ?? '')?.[1] ?? null;
}

/** The step table: each step's fields, and adding, removing and reordering steps with
 * buttons (focus follows the step moved, added or removed; each change is announced). */
export function StepsEditor({
  steps,
  setSteps,
  columns,
  contextOf,
  onAcceptSuggestion,
  announce,
}: {
  steps: EditableStep[];
  setSteps: (next: EditableStep[]) => void;
  columns: readonly PerformerColumn[];
  contextOf: (step: EditableStep, index: number) => StepContext;
  onAcceptSuggestion: (position: number, column: string) => void;
  announce: (message: string) => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  // The control to focus once the list has re-rendered after a structural change.
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    if (pendingFocus.current === null) return;
    document.getElementById(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });
  const setFocus = (id: string) => {
    pendingFocus.current = id;
  };
  const controlId = (position: number, control: Control) => `${ids}-s${String(position)}-${control}`;
  const addEnd = `${ids}-add-end`;
  const update = (position: number, change: Partial<EditableStep>) => {
    setSteps(steps.map((s) => (s.position === position ? { ...s, ...change } : s)));
  };
  const add = (after: number | null) => {
    const result = addStep(steps, after);
    setSteps(result.steps);
    const index = result.steps.findIndex((s) => s.position === result.position);
    announce(t('editor.step.added', { n: index + 1 }));
    setFocus(controlId(result.position, 'activity'));
  };
  const remove = (position: number) => {
    const at = steps.findIndex((s) => s.position === position);
    const label = stepLabel(steps[at] ?? { number: null, position });
    const result = removeStep(steps, position);
    const next = result.ok ? result.steps : repointAndRemove(steps, position);
    setSteps(next);
    announce(t('editor.step.removed', { n: label }));
    const neighbour = next[at] ?? next[at - 1];
    setFocus(neighbour ? controlId(neighbour.position, 'remove') : addEnd);
  };
  const move = (position: number, delta: -1 | 1) => {
    const next = moveStep(steps, position, delta);
    setSteps(next);
    const index = next.findIndex((s) => s.position === position);
    announce(t('editor.step.moved', { n: index + 1 }));
    const stuck = (delta === -1 && index === 0) || (delta === 1 && index === next.length - 1);
    setFocus(controlId(position, stuck ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down'));
  };
  return (
    <>
      {steps.length === 0 ? <p>{t('editor.step.none')}</p> : null}
      <ol className="editor-steps">
        {steps.map((step, index) => (
          <li key={step.position}>
            <StepFields
              step={step}
              index={index}
              steps={steps}
              columns={columns}
              context={contextOf(step, index)}
              update={update}
              onKind={(position, kind) => {
                setSteps(changeKind(steps, position, kind));
              }}
              onAcceptSuggestion={onAcceptSuggestion}
              controlId={controlId}
              onMove={move}
              onAdd={add}
              onRemove={remove}
            />
          </li>
        ))}
      </ol>
      <button
        id={addEnd}
        type="button"
        className="button"
        onClick={() => {
          add(null);
        }}
      >
        <span aria-hidden="true">+ </span>
        {t('editor.step.addEnd')}
      </button>
    </>
  );
}
