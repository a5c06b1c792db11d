import { useI18n } from '@/lib/i18n';

import type { EditableStep } from './document';
import { targetOptions } from './step-ops';

/** Where a decision's "ya" or "tidak" branch leads: another step ("Langkah 4 – Memeriksa
 * berkas…") or the end of the SOP. A target that no longer exists is shown as such, so it
 * is not silently replaced. */
export function DecisionSelect({
  id,
  label,
  steps,
  self,
  value,
  describedBy,
  onChange,
}: {
  id: string;
  label: string;
  steps: readonly EditableStep[];
  self: number;
  value: number | null;
  describedBy?: string;
  onChange: (target: number | null) => void;
}) {
  const { t } = useI18n();
  const options = targetOptions(
    steps,
    self,
    (n, text) => t('editor.target.step', { n, text }),
    t('editor.target.end'),
  );
  const missing = value !== null && !options.some((o) => o.position === value);
  return (
    <div className="editor-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value === null ? '' : String(value)}
        aria-invalid={missing || value === self}
        aria-describedby={describedBy}
        onChange={(e) => {
          onChange(e.target.value === '' ? null : Number(e.target.value));
        }}
      >
        {options.map((o) => (
          <option key={o.position ?? 'end'} value={o.position === null ? '' : String(o.position)}>
            {o.label}
          </option>
        ))}
        {missing || value === self ? (
          <option value={String(value)}>{t('editor.target.missing', { n: value })}</option>
        ) : null}
      </select>
    </div>
  );
}
