import type { PlanStep } from '@/api/generated';

/** "5. Kabid menandatangani": how a step is named where another one points to it. */
export function stepLabel(steps: readonly PlanStep[], position: number | null): string | null {
  if (position === null) return null;
  const step = steps.find((s) => s.position === position);
  if (!step) return String(position);
  return `${step.number ?? String(step.position)}. ${step.activity}`;
}
