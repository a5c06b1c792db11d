/** The whole document PUT /api/catalogue/versions/{id}/document takes, from the editor's
 * state: steps matched to the draft's by `position` (so added, removed and reordered steps
 * are kept apart), performer columns as linked, and every value the admin changed marked
 * provenance "edited" ("suggested" for a performer taken from a suggestion). Values left
 * alone stay exactly as they were, so the version comparison shows only real edits. */

import { DATE_FIELDS, SECTION_NAMES, applyEdits, editableSop, editableSteps } from './document';
import type {
  Decision,
  EditableSop,
  EditableStep,
  PerformerColumn,
  Provenance,
  SopDocument,
  Step,
} from './document';
import { parseWaktu } from './waktu';

export interface EditorState {
  sop: EditableSop;
  steps: EditableStep[];
  columns: PerformerColumn[];
  /** Steps whose performer was taken from a suggestion: position → column key. */
  accepted: Record<number, string>;
}

export function editorState(doc: SopDocument): EditorState {
  return {
    sop: editableSop(doc),
    steps: editableSteps(doc),
    columns: doc.performers.map((c) => ({ ...c, rule: { ...c.rule } })),
    accepted: {},
  };
}

/** Whether the state holds anything the draft does not. */
export function isDirty(doc: SopDocument, state: EditorState): boolean {
  const base = editorState(doc);
  const shape = (s: EditorState) => JSON.stringify([s.sop, s.steps, s.columns]);
  return shape(state) !== shape(base);
}

const orNull = (text: string) => (text.trim() ? text.trim() : null);

function decisionOf(e: EditableStep, old: Decision | null): Decision {
  return {
    yes_target: e.yesTarget,
    no_target: e.noTarget,
    yes_label: old?.yes_label ?? 'Ya',
    no_label: old?.no_label ?? 'Tidak',
    provenance: 'edited',
  };
}

function performerProvenance(e: EditableStep, accepted: Record<number, string>): Provenance {
  if (e.performer === null) return 'missing';
  return accepted[e.position] === e.performer ? 'suggested' : 'edited';
}

function newStep(e: EditableStep, accepted: Record<number, string>): Step {
  const waktu = parseWaktu(e.waktu);
  const kelengkapan = orNull(e.kelengkapan);
  const output = orNull(e.output);
  const provenance: Record<string, Provenance> = {
    activity: e.activity.trim() ? 'edited' : 'missing',
    kind: 'edited',
    performer: performerProvenance(e, accepted),
    kelengkapan: kelengkapan ? 'edited' : 'missing',
    waktu: waktu.category === 'blank' ? 'missing' : 'edited',
    output: output ? 'edited' : 'missing',
  };
  return {
    position: e.position,
    number: e.number,
    activity: e.activity,
    performer: e.performer,
    kelengkapan,
    waktu,
    output,
    keterangan: null,
    kind: e.kind,
    decision: e.kind === 'decision' ? decisionOf(e, null) : null,
    marks: {},
    source_line: 0,
    provenance,
  };
}

function editedStep(s: Step, e: EditableStep, accepted: Record<number, string>): Step {
  const step: Step = { ...s };
  const provenance = { ...s.provenance };
  const touched: string[] = [];
  const mark = (field: string, value: Provenance = 'edited') => {
    provenance[field] = value;
    touched.push(field);
  };
  if (e.number !== s.number) {
    step.number = e.number;
    mark('number');
  }
  if (e.activity !== s.activity) {
    step.activity = e.activity;
    mark('activity');
  }
  if (e.performer !== s.performer) {
    step.performer = e.performer;
    mark('performer', performerProvenance(e, accepted));
  }
  if (e.kelengkapan !== (s.kelengkapan ?? '')) {
    step.kelengkapan = orNull(e.kelengkapan);
    mark('kelengkapan');
  }
  if (e.output !== (s.output ?? '')) {
    step.output = orNull(e.output);
    mark('output');
  }
  if (e.waktu !== s.waktu.raw) {
    step.waktu = parseWaktu(e.waktu);
    mark('waktu');
  }
  if (e.kind !== s.kind) {
    step.kind = e.kind;
    mark('kind');
  }
  if (e.kind === 'decision') {
    const old = s.decision;
    if (s.kind !== 'decision' || old?.yes_target !== e.yesTarget || old.no_target !== e.noTarget) {
      step.decision = decisionOf(e, old);
      mark('decision');
    }
  } else if (s.decision !== null) {
    step.decision = null;
    mark('decision');
  }
  return touched.length > 0 ? { ...step, provenance } : s;
}

export function buildDocument(doc: SopDocument, state: EditorState): SopDocument {
  const before = editableSop(doc);
  const head = applyEdits(doc, state.sop, []);
  const identityProvenance = { ...doc.identity.provenance };
  if (state.sop.title !== before.title) identityProvenance.title = 'edited';
  if (state.sop.nomor !== before.nomor) identityProvenance.nomor_sop = 'edited';
  const identity = { ...head.identity, provenance: identityProvenance };
  for (const field of DATE_FIELDS) {
    if (state.sop.dates[field] !== before.dates[field]) {
      identityProvenance[field] = identity[field].raw ? 'edited' : 'missing';
      identity[field] = { ...identity[field], provenance: identityProvenance[field] };
    }
  }
  if (identity.disahkan_oleh !== doc.identity.disahkan_oleh) {
    const provenance: Provenance = identity.disahkan_oleh.raw ? 'edited' : 'missing';
    identityProvenance.disahkan_oleh = provenance;
    identity.disahkan_oleh = { ...identity.disahkan_oleh, provenance };
  }
  const sectionProvenance = { ...doc.sections.provenance };
  for (const name of SECTION_NAMES) {
    if (state.sop.sections[name] !== before.sections[name]) sectionProvenance[name] = 'edited';
  }
  const unit =
    state.sop.unitCode !== before.unitCode
      ? { ...head.unit, unit_code_provenance: 'edited' as const }
      : doc.unit;
  const original = new Map(doc.steps.map((s) => [s.position, s]));
  return {
    ...head,
    identity: JSON.stringify(identity) === JSON.stringify(doc.identity) ? doc.identity : identity,
    sections:
      JSON.stringify(sectionProvenance) === JSON.stringify(doc.sections.provenance)
        ? head.sections
        : { ...head.sections, provenance: sectionProvenance },
    unit,
    performers: state.columns.map((c) => {
      const old = doc.performers.find((o) => o.key === c.key);
      return old && JSON.stringify(old) === JSON.stringify(c) ? old : c;
    }),
    steps: state.steps.map((e) => {
      const s = original.get(e.position);
      return s ? editedStep(s, e, state.accepted) : newStep(e, state.accepted);
    }),
  };
}
