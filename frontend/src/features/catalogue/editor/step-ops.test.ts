import { describe, expect, it } from 'vitest';

import type { EditableStep } from './document';
import {
  addStep,
  changeKind,
  moveStep,
  nextPosition,
  referrersOf,
  removeStep,
  repointAndRemove,
  targetOptions,
} from './step-ops';
import { validateFlow, validateSteps } from './validate';
import { parseWaktu } from './waktu';

function step(position: number, change: Partial<EditableStep> = {}): EditableStep {
  return {
    position,
    number: String(position),
    kind: 'process',
    activity: `Kegiatan ${String(position)}`,
    performer: 'staf',
    kelengkapan: '',
    waktu: '10 menit',
    originalWaktu: parseWaktu('10 menit'),
    output: '',
    yesTarget: null,
    noTarget: null,
    ...change,
  };
}

const positions = (steps: EditableStep[]) => steps.map((s) => s.position);
const numbers = (steps: EditableStep[]) => steps.map((s) => s.number);
const unique = (steps: EditableStep[]) => new Set(positions(steps)).size === steps.length;

describe('step operations', () => {
  const flow = () => [
    step(1, { kind: 'start' }),
    step(2, { kind: 'decision', yesTarget: 3, noTarget: 5 }),
    step(3),
    step(5, { number: '4', kind: 'end' }),
  ];

  it('adds a step after a given step, or at the end, with a new unique position', () => {
    expect(nextPosition(flow())).toBe(6);
    expect(nextPosition([])).toBe(1);
    const after = addStep(flow(), 2);
    expect(after.position).toBe(6);
    expect(positions(after.steps)).toEqual([1, 2, 6, 3, 5]);
    expect(numbers(after.steps)).toEqual(['1', '2', '3', '4', '5']);
    expect(after.steps[2]).toMatchObject({ activity: '', performer: null, kind: 'process' });
    const end = addStep(after.steps, null);
    expect(end.position).toBe(7);
    expect(positions(end.steps)).toEqual([1, 2, 6, 3, 5, 7]);
    expect(unique(end.steps)).toBe(true);
    // A removed position may be given again: no decision can still lead to it.
    const removed = removeStep(end.steps, 7);
    expect(removed.ok && nextPosition(removed.steps)).toBe(7);
    expect(positions(addStep([], null).steps)).toEqual([1]);
  });

  it('moves a step up and down, keeping positions and decision targets, renumbering', () => {
    const down = moveStep(flow(), 3, -1);
    expect(positions(down)).toEqual([1, 3, 2, 5]);
    expect(numbers(down)).toEqual(['1', '2', '3', '4']);
    expect(down.find((s) => s.position === 2)).toMatchObject({ yesTarget: 3, noTarget: 5 });
    expect(positions(moveStep(flow(), 1, -1))).toEqual([1, 2, 3, 5]);
    expect(positions(moveStep(flow(), 5, 1))).toEqual([1, 2, 3, 5]);
    expect(unique(moveStep(down, 5, -1))).toBe(true);
  });

  it('refuses to remove a step a decision leads to, and can re-point the decision first', () => {
    const refused = removeStep(flow(), 5);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.referrers.map((s) => s.position)).toEqual([2]);
    expect(referrersOf(flow(), 3).map((s) => s.position)).toEqual([2]);

    const repointed = repointAndRemove(flow(), 3);
    expect(positions(repointed)).toEqual([1, 2, 5]);
    expect(repointed[1]).toMatchObject({ yesTarget: 5, noTarget: 5 });
    expect(validateSteps(repointed, ['staf'])).toEqual([]);

    // The last step has no successor: the branch then ends the SOP.
    const ended = repointAndRemove(flow(), 5);
    expect(ended[1]).toMatchObject({ yesTarget: 3, noTarget: null });

    const free = removeStep(flow(), 1);
    expect(free.ok && numbers(free.steps)).toEqual(['1', '2', '3']);
  });

  it('ignores targets left on a step that is no longer a decision', () => {
    const steps = changeKind(flow(), 2, 'process');
    expect(referrersOf(steps, 3)).toEqual([]);
    expect(removeStep(steps, 3).ok).toBe(true);
  });

  it('makes a new decision lead on to the next step', () => {
    const steps = changeKind(flow(), 3, 'decision');
    expect(steps[2]).toMatchObject({ kind: 'decision', yesTarget: 5, noTarget: null });
    // A decision that already had targets keeps them.
    expect(changeKind(flow(), 2, 'decision')[1]).toMatchObject({ yesTarget: 3, noTarget: 5 });
  });

  it('offers every other step, then the end, as decision targets', () => {
    const long = step(3, { activity: 'x'.repeat(80) });
    const options = targetOptions(
      [step(1), step(2), long],
      2,
      (n, text) => `Langkah ${n} – ${text}`,
      'Selesai',
    );
    expect(options.map((o) => o.position)).toEqual([1, 3, null]);
    expect(options[0]?.label).toBe('Langkah 1 – Kegiatan 1');
    expect(options[1]?.label).toBe(`Langkah 3 – ${'x'.repeat(50)}…`);
    expect(options[2]?.label).toBe('Selesai');
  });
});

describe('validateFlow', () => {
  it('accepts a flow where every step is reached and every path ends', () => {
    expect(
      validateFlow([
        step(1, { kind: 'start' }),
        step(2, { kind: 'decision', yesTarget: 3, noTarget: null }),
        step(3, { kind: 'end' }),
      ]),
    ).toEqual([]);
  });

  it('names steps never reached, loops that never end, duplicates, and an empty SOP', () => {
    expect(validateFlow([])).toEqual([{ kind: 'no-steps', step: '', blocking: true }]);
    expect(
      validateFlow([step(1), step(2, { kind: 'end' }), step(3, { kind: 'end' })]),
    ).toEqual([{ kind: 'unreachable', step: '3', blocking: true }]);
    expect(
      validateFlow([step(1), step(2, { kind: 'decision', yesTarget: 1, noTarget: 1 }), step(3)]),
    ).toEqual([
      { kind: 'no-end', step: '1', blocking: true },
      { kind: 'no-end', step: '2', blocking: true },
      { kind: 'unreachable', step: '3', blocking: true },
    ]);
    expect(validateFlow([step(1), step(1, { number: '2' })])).toContainEqual({
      kind: 'duplicate-position',
      step: '2',
      blocking: true,
    });
  });
});
