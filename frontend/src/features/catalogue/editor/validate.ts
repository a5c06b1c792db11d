/** What the step-table editor checks before saving or publishing (the API checks again,
 * against the org structure, when validating and publishing: POST .../validate). */

import { stepLabel, waktuOf } from './document';
import type { EditableSop, EditableStep, PerformerColumn } from './document';

export type { EditableStep } from './document';

export type ProblemKind =
  | 'performer'
  | 'activity'
  | 'waktu'
  | 'waktu-book'
  | 'decision-missing'
  | 'decision-target'
  | 'decision-self'
  | 'title'
  | 'no-steps'
  | 'duplicate-position'
  | 'unreachable'
  | 'no-end'
  | 'column-unlinked'
  | 'column-position'
  | 'column-kind'
  | 'unit';

export interface Problem {
  kind: ProblemKind;
  /** The step's label (its number, else its position); a column's header for column
   * problems; '' for SOP-level problems. */
  step: string;
  /** Blocking problems stop publishing; the others are worth a look. */
  blocking: boolean;
}

function problem(kind: ProblemKind, step: string, blocking = true): Problem {
  return { kind, step, blocking };
}

export function validateSteps(steps: EditableStep[], columns: string[]): Problem[] {
  const known = new Set(columns);
  const positions = new Set(steps.map((s) => s.position));
  const problems: Problem[] = [];
  for (const step of steps) {
    const label = stepLabel(step);
    if (!step.activity.trim()) problems.push(problem('activity', label));
    if (step.performer === null || !known.has(step.performer)) {
      problems.push(problem('performer', label));
    }
    if (waktuOf(step).category === 'unparsed') {
      // A waktu the admin typed must be readable (it sets the due time); one that came
      // unreadable from the book is only pointed out.
      problems.push(
        step.waktu === step.originalWaktu.raw
          ? problem('waktu-book', label, false)
          : problem('waktu', label),
      );
    }
    if (step.kind === 'decision') {
      const targets = [step.yesTarget, step.noTarget];
      if (targets.every((t) => t === null)) problems.push(problem('decision-missing', label));
      if (targets.some((t) => t !== null && !positions.has(t))) {
        problems.push(problem('decision-target', label));
      }
      if (targets.includes(step.position)) problems.push(problem('decision-self', label));
    }
  }
  return problems;
}

export function validateSop(sop: EditableSop): Problem[] {
  return sop.title.trim() ? [] : [problem('title', '')];
}

/** Where the flow goes from each step (as the API's validation reads it): an end step stops,
 * a decision goes to its targets (none: that branch ends), any other step to the next one. */
function successors(steps: readonly EditableStep[]): Map<number, number[]> {
  const next = new Map<number, number[]>();
  steps.forEach((step, i) => {
    if (step.kind === 'end') next.set(step.position, []);
    else if (step.kind === 'decision') {
      next.set(
        step.position,
        [step.yesTarget, step.noTarget].filter((t): t is number => t !== null),
      );
    } else {
      const after = steps[i + 1];
      next.set(step.position, after ? [after.position] : []);
    }
  });
  return next;
}

/** The checks of the whole flow that publishing makes: the SOP has steps, positions are
 * unique, every step is reached from the first, and from every reached step the SOP ends. */
export function validateFlow(steps: readonly EditableStep[]): Problem[] {
  if (steps.length === 0) return [problem('no-steps', '')];
  const problems: Problem[] = [];
  const seen = new Set<number>();
  for (const step of steps) {
    if (seen.has(step.position)) problems.push(problem('duplicate-position', stepLabel(step)));
    seen.add(step.position);
  }
  const next = successors(steps);
  const first = steps[0]?.position ?? 0;
  const reached = new Set([first]);
  const todo = [first];
  for (let at = todo.pop(); at !== undefined; at = todo.pop()) {
    for (const target of next.get(at) ?? []) {
      if (seen.has(target) && !reached.has(target)) {
        reached.add(target);
        todo.push(target);
      }
    }
  }
  const canEnd = new Set(
    steps
      .filter(
        (s) =>
          (next.get(s.position) ?? []).length === 0 ||
          (s.kind === 'decision' && (s.yesTarget === null || s.noTarget === null)),
      )
      .map((s) => s.position),
  );
  for (let changed = true; changed; ) {
    changed = false;
    for (const [position, targets] of next) {
      if (!canEnd.has(position) && targets.some((t) => canEnd.has(t))) {
        canEnd.add(position);
        changed = true;
      }
    }
  }
  for (const step of steps) {
    if (!reached.has(step.position)) problems.push(problem('unreachable', stepLabel(step)));
    else if (!canEnd.has(step.position)) problems.push(problem('no-end', stepLabel(step)));
  }
  return problems;
}

/** Every performer column must lead to someone: a position that exists (when the org's
 * positions are known), a kind of post of the owning unit (which then must be set), or an
 * outside party. */
export function validateColumns(
  columns: readonly PerformerColumn[],
  unitCode: string,
  positionCodes: ReadonlySet<string> | null = null,
): Problem[] {
  const problems: Problem[] = [];
  let needsUnit = false;
  for (const column of columns) {
    const rule = column.rule;
    if (rule.kind === 'unresolved') problems.push(problem('column-unlinked', column.header));
    else if (rule.kind === 'position') {
      if (!rule.code || (positionCodes !== null && !positionCodes.has(rule.code))) {
        problems.push(problem('column-position', column.header));
      }
    } else if (rule.kind === 'position_of_unit') {
      if (!rule.position_kind) problems.push(problem('column-kind', column.header));
      if (rule.unit === 'owning') needsUnit = true;
    }
  }
  if (needsUnit && !unitCode.trim()) problems.push(problem('unit', ''));
  return problems;
}
