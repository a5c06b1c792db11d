import { useI18n } from '@/lib/i18n';

import type { Provenance } from './document';
import { indented, unitOptions, useUnits } from './org-options';
import { LabelRow } from './provenance-badge';

/** The SOP's owning unit, chosen by name from the org tree (indented by depth); the code is
 * what is stored. While the tree cannot be loaded, the code can be typed. */
export function UnitSelect({
  id,
  value,
  raw,
  provenance,
  describedBy,
  invalid,
  onChange,
}: {
  id: string;
  value: string;
  /** What the book wrote as the owning unit. */
  raw: string | null;
  provenance: Provenance;
  describedBy?: string;
  invalid?: boolean;
  onChange: (code: string) => void;
}) {
  const { t } = useI18n();
  const units = useUnits();
  const hint = `${id}-hint`;
  const described = [hint, describedBy].filter(Boolean).join(' ');
  const options = units.data ? unitOptions(units.data) : [];
  const known = options.some((o) => o.unit.code === value);
  return (
    <div className="editor-field">
      <LabelRow htmlFor={id} label={t('editor.owner')} provenance={provenance} />
      {units.isError ? (
        <input
          id={id}
          value={value}
          aria-describedby={described}
          aria-invalid={invalid}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        />
      ) : (
        <select
          id={id}
          value={value}
          aria-describedby={described}
          aria-invalid={invalid}
          aria-busy={units.isPending}
          onChange={(e) => {
            onChange(e.target.value);
          }}
        >
          <option value="">{t('editor.owner.none')}</option>
          {options.map((o) => (
            <option key={o.unit.id} value={o.unit.code}>
              {indented(o)}
            </option>
          ))}
          {value && !known ? (
            <option value={value}>
              {units.isPending ? value : t('editor.owner.unknown', { code: value })}
            </option>
          ) : null}
        </select>
      )}
      <span id={hint} className="muted editor-hint">
        {units.isPending
          ? t('editor.owner.loading')
          : units.isError
            ? t('editor.owner.failed')
            : raw
              ? t('editor.owner.book', { raw })
              : null}
      </span>
    </div>
  );
}
