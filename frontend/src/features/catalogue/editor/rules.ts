/** Performer-column rules (PositionRule in importer/model.py) as the picker edits them. */

import type { PerformerColumn, PositionRule } from './document';

export type RuleChoice = 'position' | 'owning' | 'case' | 'external' | 'unresolved';

/** Which of the picker's choices a rule is. */
export function choiceOf(rule: PositionRule): RuleChoice {
  if (rule.kind === 'position_of_unit') return rule.unit === 'case' ? 'case' : 'owning';
  return rule.kind;
}

const FIELDS = ['kind', 'code', 'position_kind', 'unit', 'party'] as const;

export function sameRule(a: PositionRule, b: PositionRule): boolean {
  return FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null));
}

/** The rule for a choice, keeping what the admin or the importer already set for it. */
export function ruleFor(
  choice: RuleChoice,
  memory: { code: string | null; positionKind: string | null; party: string | null },
): PositionRule {
  switch (choice) {
    case 'position':
      return { kind: 'position', code: memory.code };
    case 'owning':
    case 'case':
      return { kind: 'position_of_unit', position_kind: memory.positionKind, unit: choice };
    case 'external':
      return { kind: 'external', party: memory.party };
    default:
      return { kind: 'unresolved' };
  }
}

/** The column with a new rule: provenance "edited", or back to what the draft had when the
 * rule is the draft's again. */
export function relink(
  column: PerformerColumn,
  rule: PositionRule,
  original: PerformerColumn | undefined,
): PerformerColumn {
  if (original && sameRule(original.rule, rule)) return { ...column, rule: original.rule, provenance: original.provenance };
  return { ...column, rule, provenance: 'edited' };
}
