/** The step list's structural edits, without React: add, remove, move, and the decision
 * targets a step may choose. Every operation returns a new list; `position` (the step's
 * identity, which decision targets name) never changes and stays unique, and `number` is
 * rewritten to the step's order after any structural change, as the book would print it. */

import { stepLabel } from './document';
import type { EditableStep, StepKind } from './document';
import { parseWaktu } from './waktu';

/** The position a new step gets: one more than any step has (positions are never reused
 * while the editor is open, so a decision cannot silently start pointing at a new step). */
export function nextPosition(steps: readonly EditableStep[]): number {
  return steps.reduce((max, s) => Math.max(max, s.position), 0) + 1;
}

export function blankStep(position: number): EditableStep {
  return {
    position,
    number: null,
    kind: 'process',
    activity: '',
    performer: null,
    kelengkapan: '',
    waktu: '',
    originalWaktu: parseWaktu(''),
    output: '',
    yesTarget: null,
    noTarget: null,
  };
}

/** Numbers as the steps' order: "1", "2", … */
export function renumber(steps: readonly EditableStep[]): EditableStep[] {
  return steps.map((s, i) => (s.number === String(i + 1) ? s : { ...s, number: String(i + 1) }));
}

/** A new step after the step at `after` (a position), or at the end when `after` is null. */
export function addStep(
  steps: readonly EditableStep[],
  after: number | null,
): { steps: EditableStep[]; position: number } {
  const position = nextPosition(steps);
  const at = after === null ? -1 : steps.findIndex((s) => s.position === after);
  const index = at === -1 ? steps.length : at + 1;
  const next = [...steps.slice(0, index), blankStep(position), ...steps.slice(index)];
  return { steps: renumber(next), position };
}

/** The decision steps whose yes or no branch leads to `position`. */
export function referrersOf(steps: readonly EditableStep[], position: number): EditableStep[] {
  return steps.filter(
    (s) =>
      s.kind === 'decision' &&
      s.position !== position &&
      (s.yesTarget === position || s.noTarget === position),
  );
}

export type RemoveResult =
  | { ok: true; steps: EditableStep[] }
  | { ok: false; referrers: EditableStep[] };

/** Remove a step, refused while a decision still leads to it (the API refuses the same:
 * "tujuan keputusan N tidak ada"). */
export function removeStep(steps: readonly EditableStep[], position: number): RemoveResult {
  const referrers = referrersOf(steps, position);
  if (referrers.length > 0) return { ok: false, referrers };
  return { ok: true, steps: renumber(steps.filter((s) => s.position !== position)) };
}

/** Where the flow goes after `position` when it is removed: the step after it, else the end. */
export function successorOf(steps: readonly EditableStep[], position: number): number | null {
  const at = steps.findIndex((s) => s.position === position);
  return at === -1 ? null : (steps[at + 1]?.position ?? null);
}

/** Decisions leading to `position` lead to the step after it instead (or end the SOP), then
 * the step is removed. A branch that would lead back to its own decision ends instead. */
export function repointAndRemove(steps: readonly EditableStep[], position: number): EditableStep[] {
  const to = successorOf(steps, position);
  const moved = steps.map((s) => {
    if (s.kind !== 'decision') return s;
    const repoint = (target: number | null) =>
      target === position ? (to === s.position ? null : to) : target;
    const yesTarget = repoint(s.yesTarget);
    const noTarget = repoint(s.noTarget);
    return yesTarget === s.yesTarget && noTarget === s.noTarget
      ? s
      : { ...s, yesTarget, noTarget };
  });
  const result = removeStep(moved, position);
  return result.ok ? result.steps : [...steps];
}

/** Move a step one place up (-1) or down (+1); at either end nothing changes. */
export function moveStep(
  steps: readonly EditableStep[],
  position: number,
  delta: -1 | 1,
): EditableStep[] {
  const at = steps.findIndex((s) => s.position === position);
  const to = at + delta;
  if (at === -1 || to < 0 || to >= steps.length) return [...steps];
  const next = [...steps];
  const [step] = next.splice(at, 1);
  if (step) next.splice(to, 0, step);
  return renumber(next);
}

/** A step's kind; a step that becomes a decision with no targets leads on "ya" to the step
 * after it, so the flow it had is kept. */
export function changeKind(
  steps: readonly EditableStep[],
  position: number,
  kind: StepKind,
): EditableStep[] {
  const at = steps.findIndex((s) => s.position === position);
  return steps.map((s, i) => {
    if (i !== at) return s;
    const next = { ...s, kind };
    if (kind === 'decision' && s.yesTarget === null && s.noTarget === null) {
      next.yesTarget = steps[at + 1]?.position ?? null;
    }
    return next;
  });
}

export interface TargetOption {
  /** A step's position, or null for "the SOP ends". */
  position: number | null;
  label: string;
}

/** What a decision at `self` may lead to: every other step, in order, then the end. */
export function targetOptions(
  steps: readonly EditableStep[],
  self: number,
  describe: (n: string, activity: string) => string,
  endLabel: string,
): TargetOption[] {
  const short = (text: string) => {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > 50 ? `${flat.slice(0, 50)}…` : flat;
  };
  return [
    ...steps
      .filter((s) => s.position !== self)
      .map((s) => ({ position: s.position, label: describe(stepLabel(s), short(s.activity)) })),
    { position: null, label: endLabel },
  ];
}

/** Whether the list differs from the one the draft had in which steps it has or their order. */
export function structureChanged(
  before: readonly { position: number }[],
  after: readonly { position: number }[],
): boolean {
  return (
    before.length !== after.length || before.some((s, i) => s.position !== after[i]?.position)
  );
}
