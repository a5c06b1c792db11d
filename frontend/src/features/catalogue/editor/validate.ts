/** What the step-table editor checks before saving or publishing (the API checks again,
 * against the org structure, when publishing). */

export interface EditableStep {
  position: number;
  number: string | null;
  activity: string;
  performer: string | null;
}

export type Problem =
  | { kind: 'performer'; step: string }
  | { kind: 'activity'; step: string };

export function validateSteps(steps: EditableStep[], columns: string[]): Problem[] {
  const known = new Set(columns);
  const problems: Problem[] = [];
  for (const step of steps) {
    const label = step.number ?? String(step.position);
    if (!step.activity.trim()) problems.push({ kind: 'activity', step: label });
    if (step.performer === null || !known.has(step.performer)) {
      problems.push({ kind: 'performer', step: label });
    }
  }
  return problems;
}
