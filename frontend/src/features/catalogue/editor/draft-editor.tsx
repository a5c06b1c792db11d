import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useLocation } from 'react-router';

import {
  acceptSuggestions,
  createDraft,
  publishVersion,
  replaceDocument,
  validateVersion,
} from '@/api/generated';
import type { SopDetail, ValidationReport, VersionOut } from '@/api/generated';
import { errorDetail, unwrap } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import { formatPath } from '../diff/diff-path';
import { statusLabel } from '../status';
import { usePengesahanRequired } from '../approval/approval-status';

import { ApprovalSlot } from './approval-slot';
import { buildDocument, editorState, isDirty } from './build-document';
import type { EditorState } from './build-document';
import { ColumnPicker } from './column-picker';
import { ConfirmDialog } from './confirm-dialog';
import type { EditableSop, EditableStep, PerformerColumn, SopDocument } from './document';
import { usePositions } from './org-options';
import { findingOf, placeOf } from './server-errors';
import type { Finding } from './server-errors';
import { SopFields } from './sop-fields';
import { StepsEditor } from './steps-editor';
import { AcceptAllSuggestions, suggestionsKey, useSuggestions } from './suggestions';
import { UnitSelect } from './unit-select';
import { validateColumns, validateFlow, validateSop, validateSteps } from './validate';
import type { Problem, ProblemKind } from './validate';
import { placeWarnings } from './warnings';

import './editor.css';

/** Where the import review sends the tenant admin to assign performers. */
export const EDITOR_ANCHOR = 'penyunting-langkah';

const PROBLEM_TEXT: Record<ProblemKind, MessageKey> = {
  performer: 'editor.problem.performer',
  activity: 'editor.problem.activity',
  waktu: 'editor.problem.waktu',
  'waktu-book': 'editor.problem.waktuBook',
  'decision-missing': 'editor.problem.decisionMissing',
  'decision-target': 'editor.problem.decisionTarget',
  'decision-self': 'editor.problem.decisionSelf',
  title: 'editor.problem.title',
  'no-steps': 'editor.problem.noSteps',
  'duplicate-position': 'editor.problem.duplicatePosition',
  unreachable: 'editor.problem.unreachable',
  'no-end': 'editor.problem.noEnd',
  'column-unlinked': 'editor.problem.columnUnlinked',
  'column-position': 'editor.problem.columnPosition',
  'column-kind': 'editor.problem.columnKind',
  unit: 'editor.problem.unit',
};

type Translate = ReturnType<typeof useI18n>['t'];

function ProblemList({ problems, t }: { problems: Problem[]; t: Translate }) {
  return (
    <ul>
      {problems.map((p) => (
        <li key={`${p.kind}-${p.step}`}>{t(PROBLEM_TEXT[p.kind], { n: p.step })}</li>
      ))}
    </ul>
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

function Notes({ id, items, t }: { id?: string; items: string[]; t: Translate }) {
  if (items.length === 0) return null;
  return (
    <div id={id} className="editor-warnings">
      <p>{t('editor.warnings.here')}</p>
      <ul>
        {items.map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

function FindingText({ id, findings, t }: { id?: string; findings: Finding[]; t: Translate }) {
  if (findings.length === 0) return null;
  return (
    <p id={id} className="error-text editor-finding">
      {findings.map((f) => t('editor.server.here', { reason: f.reason })).join(' ')}
    </p>
  );
}

/** The tenant admin's draft editor: the SOP's identity and sections, its owning unit and
 * performer columns (linked to the org), and its steps (added, removed, reordered, each with
 * activity, performer, kind, waktu, kelengkapan, output and decision targets), every field
 * with its provenance and the import's warnings beside it; save, check with the server,
 * accept suggested performers, and publish after confirming. */
function DraftForm({
  sopId,
  draft,
  onPublished,
}: {
  sopId: string;
  draft: VersionOut;
  onPublished: (message: string) => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  const publishButton = useRef<HTMLButtonElement>(null);
  const pengesahanRequired = usePengesahanRequired();
  const queryClient = useQueryClient();
  // The document the edits apply to: the draft as loaded, then as last saved.
  const [base, setBase] = useState(() => draft.document);
  const [state, setState] = useState<EditorState>(() => editorState(base));
  const [shown, setShown] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [confirming, setConfirming] = useState(false);
  const edits = JSON.stringify(state);
  // The server's findings hold for the edits they were made for; any later edit hides them.
  const [report, setReport] = useState<{ result: ValidationReport; of: string } | null>(null);
  const [refusal, setRefusal] = useState<{ finding: Finding; of: string } | null>(null);
  const positions = usePositions();
  const suggestions = useSuggestions(draft.id);

  const built = buildDocument(base, state);
  const dirty = isDirty(base, state);
  const { sop, steps, columns } = state;
  const positionCodes = positions.data
    ? new Set(positions.data.filter((p) => p.active).map((p) => p.code))
    : null;
  const problems = [
    ...validateSop(sop),
    ...validateSteps(
      steps,
      columns.map((c) => c.key),
    ),
    ...validateFlow(steps),
    ...validateColumns(columns, sop.unitCode, positionCodes),
  ];
  const blocking = problems.filter((p) => p.blocking);
  const notes = problems.filter((p) => !p.blocking);
  const warnings = placeWarnings(base);
  const findings: Finding[] = [
    ...(report && report.of === edits ? report.result.problems : []),
    ...(refusal && refusal.of === edits ? [refusal.finding] : []),
  ];
  const findingsWhere = (match: (p: ReturnType<typeof placeOf>) => boolean) =>
    findings.filter((f) => match(placeOf(f.field)));

  useEffect(() => {
    if (location.hash === `#${EDITOR_ANCHOR}` && heading.current) {
      // Focusing the heading scrolls the editor into view.
      heading.current.focus();
    }
  }, [location.hash]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['catalogue', 'sop', sopId] });
  const setSop = (next: EditableSop) => {
    setState((s) => ({ ...s, sop: next }));
  };
  const setSteps = (next: EditableStep[]) => {
    setState((s) => ({ ...s, steps: next }));
  };
  const setColumn = (next: PerformerColumn) => {
    setState((s) => ({ ...s, columns: s.columns.map((c) => (c.key === next.key ? next : c)) }));
  };
  const removeColumn = (key: string) => {
    setState((s) => ({ ...s, columns: s.columns.filter((c) => c.key !== key) }));
  };
  // The state as last rendered, for what async work does after its request returns.
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);
  /** Save what the editor holds; the saved draft becomes the base of further edits. Edits
   * made while the request ran are kept; otherwise the editor shows the saved draft. */
  const save = async () => {
    const sent = state;
    const saved = unwrap(
      await replaceDocument({ path: { version_id: draft.id }, body: buildDocument(base, sent) }),
    );
    const doc = saved.document;
    const next = latest.current === sent ? editorState(doc) : latest.current;
    setBase(doc);
    setState(next);
    latest.current = next;
    return { saved, of: JSON.stringify(next) };
  };
  const fail = (error: unknown) => {
    setRefusal({ finding: findingOf(error), of: JSON.stringify(latest.current) });
  };
  const saving = useMutation({
    mutationFn: save,
    onSuccess: async () => {
      setShown(t('editor.saved'));
      await refresh(); // the SOP view and the version comparison show the saved draft
      await queryClient.invalidateQueries({ queryKey: suggestionsKey(draft.id) });
    },
    onError: fail,
  });
  const checking = useMutation({
    mutationFn: async () => {
      const { of } = await save();
      return { of, result: unwrap(await validateVersion({ path: { version_id: draft.id } })) };
    },
    onSuccess: async ({ result, of }) => {
      setShown(null);
      setReport({ result, of });
      await refresh();
    },
    onError: fail,
  });
  const publishing = useMutation({
    mutationFn: async () => {
      if (dirty) await save();
      return unwrap(await publishVersion({ path: { version_id: draft.id } }));
    },
    onSuccess: async () => {
      onPublished(t('editor.publishedVersion', { n: draft.number }));
      await refresh();
    },
    onError: fail,
  });
  const acceptingAll = useMutation({
    mutationFn: async () => {
      if (dirty) await save();
      return unwrap(await acceptSuggestions({ path: { version_id: draft.id }, body: {} }));
    },
    onSuccess: async (version) => {
      const doc = version.document;
      const before = base.steps.filter((s) => s.performer === null).length;
      const after = doc.steps.filter((s) => s.performer === null).length;
      setBase(doc);
      setState(editorState(doc));
      setShown(t('editor.suggest.accepted', { n: before - after }));
      await refresh();
      await queryClient.invalidateQueries({ queryKey: suggestionsKey(draft.id) });
    },
    onError: fail,
  });
  const busy =
    saving.isPending || checking.isPending || publishing.isPending || acceptingAll.isPending;
  const failed = saving.error ?? checking.error ?? publishing.error ?? acceptingAll.error;
  const failedFinding = failed ? findingOf(failed) : null;
  const start = (action: { mutate: () => void }) => {
    saving.reset();
    checking.reset();
    publishing.reset();
    acceptingAll.reset();
    setShown(null);
    action.mutate();
  };
  const acceptOne = (position: number, column: string) => {
    setState((s) => ({
      ...s,
      steps: s.steps.map((p) => (p.position === position ? { ...p, performer: column } : p)),
      accepted: { ...s.accepted, [position]: column },
    }));
    const step = steps.find((s) => s.position === position);
    setAnnouncement(
      t('editor.suggest.acceptedOne', { n: step?.number ?? String(position) }),
    );
  };
  const used = new Set(steps.map((s) => s.performer));
  const originalColumns = new Map(base.performers.map((c) => [c.key, c]));
  const builtSteps = new Map(built.steps.map((s) => [s.position, s]));
  const suggestionCount = suggestions.count;
  const unitFindings = findingsWhere((p) => p.kind === 'unit');
  const sopFindings = findingsWhere((p) => p.kind === 'sop');
  const otherFindings = findingsWhere((p) => p.kind === 'other');
  const approvalSlot = (
    <ApprovalSlot
      sopId={sopId}
      version={draft}
      disabled={blocking.length > 0 || busy}
      saveFirst={async () => {
        if (dirty) await save();
      }}
      onDone={(message) => {
        setShown(message);
        void refresh();
      }}
      onError={fail}
    />
  );
  return (
    <section
      id={EDITOR_ANCHOR}
      className="card wide no-print editor"
      aria-labelledby={`${ids}-title`}
    >
      <h2 id={`${ids}-title`} ref={heading} tabIndex={-1}>
        {t('editor.title', { n: draft.number })}
      </h2>
      <p className="editor-status">
        {t('editor.status', { status: t(statusLabel(draft.status)) })}
        {dirty ? <span> · {t('editor.unsaved')}</span> : null}
      </p>
      <div role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
      {warnings.general.length > 0 ? (
        <details className="editor-warnings editor-general" open>
          <summary>{t('editor.warnings.general', { n: warnings.general.length })}</summary>
          <ul>
            {warnings.general.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <FindingText findings={otherFindings} t={t} />
      <SopFields
        value={sop}
        onChange={setSop}
        built={built}
        warnings={{ identity: warnings.identity, sections: warnings.sections }}
        findings={sopFindings}
      />
      <section className="editor-part" aria-labelledby={`${ids}-who`}>
        <h3 id={`${ids}-who`}>{t('editor.who')}</h3>
        <UnitSelect
          id={`${ids}-unit`}
          value={sop.unitCode}
          raw={base.unit.raw}
          provenance={built.unit.unit_code_provenance}
          describedBy={unitFindings.length > 0 ? `${ids}-unit-err` : undefined}
          invalid={unitFindings.length > 0}
          onChange={(code) => {
            setSop({ ...sop, unitCode: code });
          }}
        />
        <FindingText id={`${ids}-unit-err`} findings={unitFindings} t={t} />
        <Notes items={warnings.unit} t={t} />
        <p className="muted editor-hint">{t('editor.columns.hint')}</p>
        {columns.length === 0 ? <p>{t('import.noColumns')}</p> : null}
        <div className="editor-columns">
          {columns.map((column) => {
            const columnFindings = findingsWhere(
              (p) => p.kind === 'column' && p.key === column.key,
            );
            return (
              <ColumnPicker
                key={column.key}
                column={column}
                original={originalColumns.get(column.key)}
                onChange={setColumn}
                invalid={columnFindings.length > 0}
                onRemove={
                  used.has(column.key)
                    ? undefined
                    : () => {
                        removeColumn(column.key);
                      }
                }
                notes={
                  <>
                    <FindingText findings={columnFindings} t={t} />
                    <Notes items={warnings.columns.get(column.key) ?? []} t={t} />
                  </>
                }
              />
            );
          })}
        </div>
      </section>
      <section className="editor-part" aria-labelledby={`${ids}-steps`}>
        <h3 id={`${ids}-steps`}>{t('editor.steps')}</h3>
        <AcceptAllSuggestions
          count={suggestionCount}
          dirty={dirty}
          busy={busy}
          onAcceptAll={() => {
            start(acceptingAll);
          }}
        />
        <StepsEditor
          steps={steps}
          setSteps={setSteps}
          columns={columns}
          announce={setAnnouncement}
          onAcceptSuggestion={acceptOne}
          contextOf={(step, index) => ({
            built: builtSteps.get(step.position),
            warnings: warnings.steps.get(step.position) ?? [],
            findings: findingsWhere((p) => p.kind === 'step' && p.index === index),
            suggestion: suggestions.byPosition.get(step.position),
          })}
        />
      </section>
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
      <div className="button-row editor-actions">
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
        {/* An office that requires pengesahan publishes through the head's approval only. */}
        {pengesahanRequired === false ? (
          <button
            ref={publishButton}
            type="button"
            className="button button-primary"
            disabled={blocking.length > 0 || busy}
            aria-haspopup="dialog"
            onClick={() => {
              setConfirming(true);
            }}
          >
            {t('editor.publish')}
          </button>
        ) : null}
        {/* Pengesahan: "Ajukan pengesahan" is rendered by ApprovalSlot (approval-slot.tsx). */}
        {approvalSlot}
      </div>
      {confirming ? (
        <ConfirmDialog
          title={t('editor.publish.title', { n: draft.number })}
          confirmLabel={t('editor.publish.confirm')}
          cancelLabel={t('editor.cancel')}
          returnFocus={publishButton}
          onCancel={() => {
            setConfirming(false);
          }}
          onConfirm={() => {
            setConfirming(false);
            start(publishing);
          }}
        >
          <p>{t('editor.publish.body')}</p>
          {dirty ? <p>{t('editor.publish.saveFirst')}</p> : null}
        </ConfirmDialog>
      ) : null}
      {checking.isPending ? <p role="status">{t('editor.checking')}</p> : null}
      {publishing.isPending ? <p role="status">{t('editor.publishing')}</p> : null}
      {report && report.of === edits ? <ServerReport report={report.result} doc={built} /> : null}
      {shown ? <p role="status">{shown}</p> : null}
      {failed && failedFinding ? (
        <p role="alert" className="error-text">
          {t('editor.failed', { reason: errorDetail(failed) })}
          {failedFinding.field ? ` (${formatPath(failedFinding.field, t, built)})` : ''}
        </p>
      ) : null}
    </section>
  );
}

export function DraftEditor({ sop }: { sop: SopDetail }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [published, setPublished] = useState<string | null>(null);
  const draft = sop.versions.find((v) => v.status === 'draft');
  const submitted = sop.versions.find((v) => v.status === 'submitted');
  const create = useMutation({
    mutationFn: async () => unwrap(await createDraft({ path: { sop_id: sop.id } })),
    onSuccess: () => {
      setPublished(null);
      return queryClient.invalidateQueries({ queryKey: ['catalogue', 'sop', sop.id] });
    },
  });
  const message = published ? <p role="status">{published}</p> : null;
  if (draft) {
    return (
      <>
        {message}
        <DraftForm key={draft.id} sopId={sop.id} draft={draft} onPublished={setPublished} />
      </>
    );
  }
  return (
    <div className="no-print">
      {message}
      {submitted ? (
        <p>
          {t('editor.pending', {
            n: submitted.number,
            status: t(statusLabel(submitted.status)),
          })}
        </p>
      ) : (
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
      )}
      {create.isError ? (
        <p role="alert" className="error-text">
          {t('editor.failed', { reason: errorDetail(create.error) })}
        </p>
      ) : null}
    </div>
  );
}
