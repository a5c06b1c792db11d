import { useId, useState } from 'react';
import type { ReactNode } from 'react';

import type { PositionOut } from '@/api/generated';
import { useI18n } from '@/lib/i18n';
import type { MessageKey } from '@/lib/i18n';

import type { PerformerColumn, PositionRule } from './document';
import {
  POSITION_KINDS,
  indented,
  positionGroups,
  positionKindKey,
  usePositions,
  useUnits,
} from './org-options';
import { ProvenanceBadge } from './provenance-badge';
import { choiceOf, relink, ruleFor } from './rules';
import type { RuleChoice } from './rules';

type Translate = ReturnType<typeof useI18n>['t'];

const CHOICE_TEXT: Record<RuleChoice, MessageKey> = {
  position: 'editor.column.kind.position',
  owning: 'editor.column.kind.owning',
  case: 'editor.column.kind.case',
  external: 'editor.column.kind.external',
  unresolved: 'editor.column.kind.unresolved',
};

const kindText = (t: Translate, kind: string | null | undefined) => {
  if (!kind) return '—';
  const key = positionKindKey(kind);
  return key ? t(key) : kind;
};

/** A rule in words: "Kepala Sub Bagian Umum", "Kepala Seksi di unit pemilik SOP". */
export function ruleText(
  rule: PositionRule,
  header: string,
  positions: readonly PositionOut[] | undefined,
  t: Translate,
): string {
  switch (rule.kind) {
    case 'position': {
      const title = positions?.find((p) => p.code === rule.code)?.title;
      return title ?? t('import.rule.position', { code: rule.code ?? '—' });
    }
    case 'position_of_unit':
      return t('import.rule.ofUnit', {
        kind: kindText(t, rule.position_kind),
        unit: rule.unit === 'case' ? t('import.rule.case') : t('import.rule.owning'),
      });
    case 'external':
      return t('import.rule.external', { party: rule.party ?? header });
    default:
      return t('import.rule.unresolved');
  }
}

/** Links one performer column to whoever does its steps: a named position of the office
 * (grouped by unit), a kind of post of the owning unit (or of the unit chosen when a case
 * starts), or an outside party. It opens on the column's current rule — the importer's
 * proposal until the admin changes it. */
export function ColumnPicker({
  column,
  original,
  onChange,
  notes,
  invalid = false,
  onRemove,
}: {
  column: PerformerColumn;
  /** The column as the draft has it (to tell an edit from going back to it). */
  original: PerformerColumn | undefined;
  onChange: (next: PerformerColumn) => void;
  /** Import warnings and server findings about this column, shown inside it. */
  notes?: ReactNode;
  invalid?: boolean;
  /** Given when no step uses the column: it may then be removed from the SOP. */
  onRemove?: () => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const units = useUnits();
  const positions = usePositions();
  const rule = column.rule;
  const choice = choiceOf(rule);
  // What each choice held, so switching back and forth does not lose it.
  const [memory, setMemory] = useState({
    code: rule.kind === 'position' ? (rule.code ?? null) : null,
    positionKind: rule.kind === 'position_of_unit' ? (rule.position_kind ?? null) : null,
    party: rule.kind === 'external' ? (rule.party ?? column.header) : column.header,
  });
  const choices: RuleChoice[] = ['position', 'owning'];
  if (choice === 'case' || original?.rule.unit === 'case') choices.push('case');
  choices.push('external');
  if (choice === 'unresolved') choices.push('unresolved');
  const header = column.header;
  const set = (next: Partial<typeof memory>, to: RuleChoice = choice) => {
    const merged = { ...memory, ...next };
    setMemory(merged);
    onChange(relink(column, ruleFor(to, merged), original));
  };
  const groups = units.data && positions.data ? positionGroups(units.data, positions.data) : [];
  const knownCode = groups.some((g) => g.positions.some((p) => p.code === rule.code));
  const described = `${ids}-now`;
  return (
    <fieldset className="editor-column" aria-describedby={described} aria-invalid={invalid}>
      <legend>{t('editor.column.legend', { header })}</legend>
      <p id={described} className="editor-column-now">
        <span>{t('editor.column.current', { rule: ruleText(rule, header, positions.data, t) })}</span>{' '}
        <ProvenanceBadge value={column.provenance} />
      </p>
      {choice === 'unresolved' ? (
        <p className="muted editor-hint">{t('editor.column.unresolvedHint', { header })}</p>
      ) : null}
      {notes}
      <div role="radiogroup" aria-label={t('editor.column.how', { header })} className="editor-choices">
        {choices.map((c) => (
          <label key={c} className="editor-choice">
            <input
              type="radio"
              name={`${ids}-choice`}
              value={c}
              checked={choice === c}
              onChange={() => {
                set({}, c);
              }}
            />
            {t(CHOICE_TEXT[c])}
          </label>
        ))}
      </div>
      {choice === 'position' ? (
        <div className="editor-field">
          <label htmlFor={`${ids}-pos`}>{t('editor.column.position', { header })}</label>
          <select
            id={`${ids}-pos`}
            value={rule.code ?? ''}
            aria-busy={units.isPending || positions.isPending}
            aria-invalid={!rule.code}
            onChange={(e) => {
              set({ code: e.target.value || null });
            }}
          >
            <option value="">{t('editor.column.positionNone')}</option>
            {groups.map((g) => (
              <optgroup key={g.unit.unit.id} label={indented(g.unit)}>
                {g.positions.map((p) => (
                  <option key={p.id} value={p.code}>
                    {p.title}
                  </option>
                ))}
              </optgroup>
            ))}
            {rule.code && !knownCode ? (
              <option value={rule.code}>
                {positions.isPending
                  ? rule.code
                  : t('editor.column.unknownPosition', { code: rule.code })}
              </option>
            ) : null}
          </select>
          {units.isError || positions.isError ? (
            <span className="muted editor-hint">{t('editor.owner.failed')}</span>
          ) : null}
        </div>
      ) : null}
      {choice === 'owning' || choice === 'case' ? (
        <div className="editor-field">
          <label htmlFor={`${ids}-kind`}>{t('editor.column.positionKind', { header })}</label>
          <select
            id={`${ids}-kind`}
            value={rule.position_kind ?? ''}
            aria-invalid={!rule.position_kind}
            onChange={(e) => {
              set({ positionKind: e.target.value || null });
            }}
          >
            <option value="">{t('editor.column.positionNone')}</option>
            {POSITION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kindText(t, kind)}
              </option>
            ))}
            {rule.position_kind && !positionKindKey(rule.position_kind) ? (
              <option value={rule.position_kind}>{rule.position_kind}</option>
            ) : null}
          </select>
        </div>
      ) : null}
      {choice === 'external' ? (
        <div className="editor-field">
          <label htmlFor={`${ids}-party`}>{t('editor.column.party', { header })}</label>
          <input
            id={`${ids}-party`}
            value={rule.party ?? ''}
            onChange={(e) => {
              set({ party: e.target.value });
            }}
          />
        </div>
      ) : null}
      {onRemove ? (
        <div>
          <p className="muted editor-hint">{t('editor.column.unused')}</p>
          <button type="button" className="button button-small" onClick={onRemove}>
            {t('editor.column.remove', { header })}
          </button>
        </div>
      ) : null}
    </fieldset>
  );
}
