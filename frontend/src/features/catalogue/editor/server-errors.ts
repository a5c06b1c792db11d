/** The API's refusals and validation findings name a field ("steps[2].decision",
 * "performers[kasi]", "unit.unit_code"); the editor shows each beside that field. */

import { ApiError, errorDetail } from '@/lib/api-client';

export interface Finding {
  field: string | null;
  reason: string;
}

/** A refusal as a finding: the API's `detail` and, when it names one, its `field`. */
export function findingOf(error: unknown): Finding {
  let field: string | null = null;
  if (error instanceof ApiError && error.body && typeof error.body === 'object') {
    const named = (error.body as { field?: unknown }).field;
    if (typeof named === 'string' && named) field = named;
  }
  return { field, reason: errorDetail(error) };
}

export type Place =
  | { kind: 'step'; index: number; field: string | null }
  | { kind: 'column'; key: string }
  | { kind: 'unit' }
  | { kind: 'sop' }
  | { kind: 'other' };

/** Which part of the editor a field path belongs to. `steps[i]` is the i-th step of the
 * document as saved, which is the editor's order. */
export function placeOf(field: string | null): Place {
  if (!field) return { kind: 'other' };
  const step = /^steps\[(\d+)\](?:\.(\w+))?/.exec(field);
  if (step) return { kind: 'step', index: Number(step[1]), field: step[2] ?? null };
  const column = /^performers\[([^\]]+)\]/.exec(field);
  if (column?.[1]) return { kind: 'column', key: column[1] };
  const caseUnit = /^performer_units\.(.+)$/.exec(field);
  if (caseUnit?.[1]) return { kind: 'column', key: caseUnit[1] };
  if (/^unit(\.|$)|^unit_id$/.test(field)) return { kind: 'unit' };
  if (/^(title|identity|sections|sop_id)(\.|\[|$)/.test(field)) return { kind: 'sop' };
  return { kind: 'other' };
}

/** The findings that concern one place. */
export function findingsAt(
  findings: readonly Finding[],
  match: (place: Place) => boolean,
): Finding[] {
  return findings.filter((f) => match(placeOf(f.field)));
}
