/** What the step-table editor checks before saving or publishing (the API checks again,
 * against the org structure, when validating and publishing: POST .../validate). */

import { stepLabel, waktuOf } from './document';
import type { EditableSop, EditableStep } from './document';

export type { EditableStep } from './document';

export type ProblemKind =
  | 'performer'
  | 'activity'
  | 'waktu'
  | 'waktu-book'
  | 'decision-missing'
  | 'decision-target'
  | 'decision-self'
  | 'title';

export interface Problem {
  kind: ProblemKind;
  /** The step's label (its number, else its position); '' for SOP-level problems. */
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
