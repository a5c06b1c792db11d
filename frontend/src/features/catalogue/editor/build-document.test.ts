import { describe, expect, it } from 'vitest';

import { buildDocument, editorState, isDirty } from './build-document';
import { sampleDocument } from './sample-document';
import { addStep, moveStep, repointAndRemove } from './step-ops';

describe('buildDocument', () => {
  it('gives back the same document when nothing was edited', () => {
    const doc = sampleDocument();
    const state = editorState(doc);
    expect(buildDocument(doc, state)).toEqual(doc);
    expect(isDirty(doc, state)).toBe(false);
  });

  it('marks each value the admin changed as edited, and a taken suggestion as suggested', () => {
    const doc = sampleDocument();
    const state = editorState(doc);
    state.sop = { ...state.sop, unitCode: 'bidang-a', nomor: '068' };
    state.steps = state.steps.map((s) =>
      s.position === 3 ? { ...s, activity: 'Memeriksa', waktu: '2 jam' } : s,
    );
    state.steps = state.steps.map((s) => (s.position === 2 ? { ...s, performer: 'staf' } : s));
    state.accepted = { 2: 'staf' };
    state.columns = state.columns.map((c) =>
      c.key === 'kasubag'
        ? { ...c, rule: { kind: 'position_of_unit', position_kind: 'kasubbag', unit: 'owning' }, provenance: 'edited' }
        : c,
    );
    const out = buildDocument(doc, state);
    expect(isDirty(doc, state)).toBe(true);
    expect(out.unit).toMatchObject({ unit_code: 'bidang-a', unit_code_provenance: 'edited' });
    expect(out.identity.provenance.nomor_sop).toBe('edited');
    expect(out.steps[2]?.provenance).toMatchObject({ activity: 'edited', waktu: 'edited' });
    expect(out.steps[2]?.waktu).toMatchObject({ min: 2, unit: 'hour' });
    expect(out.steps[1]?.provenance.performer).toBe('suggested');
    expect(out.performers[1]).toMatchObject({ provenance: 'edited', rule: { kind: 'position_of_unit' } });
    expect(out.steps[0]).toBe(doc.steps[0]);
  });

  it('keeps steps apart by position when they are added, moved and removed', () => {
    const doc = sampleDocument();
    const state = editorState(doc);
    const added = addStep(state.steps, 1);
    state.steps = added.steps.map((s) =>
      s.position === added.position ? { ...s, activity: 'Mencatat', performer: 'staf' } : s,
    );
    state.steps = moveStep(state.steps, 4, -1);
    state.steps = repointAndRemove(state.steps, 3);
    const out = buildDocument(doc, state);
    expect(out.steps.map((s) => [s.position, s.number])).toEqual([
      [1, '1'],
      [5, '2'],
      [2, '3'],
      [4, '4'],
    ]);
    expect(out.steps[1]).toMatchObject({
      activity: 'Mencatat',
      kind: 'process',
      decision: null,
      source_line: 0,
      provenance: { activity: 'edited', performer: 'edited', waktu: 'missing' },
    });
    expect(out.steps[2]?.provenance.number).toBe('edited');
    expect(out.steps[3]?.provenance.number).toBeUndefined();
    expect(out.steps[0]).toBe(doc.steps[0]);
  });

  it('writes a decision as edited, and drops it when the step stops being one', () => {
    const doc = sampleDocument();
    const state = editorState(doc);
    state.steps = state.steps.map((s) =>
      s.position === 3 ? { ...s, kind: 'decision', yesTarget: 4, noTarget: 2 } : s,
    );
    const out = buildDocument(doc, state);
    expect(out.steps[2]).toMatchObject({
      kind: 'decision',
      decision: { yes_target: 4, no_target: 2, yes_label: 'Ya', provenance: 'edited' },
      provenance: { kind: 'edited', decision: 'edited' },
    });
    const back = editorState(out);
    back.steps = back.steps.map((s) => (s.position === 3 ? { ...s, kind: 'process' } : s));
    expect(buildDocument(out, back).steps[2]?.decision).toBeNull();
  });
});
