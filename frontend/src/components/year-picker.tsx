import { useId, useState } from 'react';

import { useI18n } from '@/lib/i18n';

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** Any calendar year the API serves (2000-2100): the previous and next year as buttons, or
 * typed in (taken once four digits make a year in range). */
export function YearPicker({ value, onChange }: { value: number; onChange: (year: number) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const go = (year: number) => {
    if (Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR) onChange(year);
  };
  return (
    <div className="filters" role="group" aria-label={t('calendar.yearPick')}>
      <button type="button" className="button" disabled={value <= MIN_YEAR} onClick={() => { go(value - 1); }}>
        ‹ {t('calendar.prevYear')}
      </button>
      <label htmlFor={id}>{t('calendar.year')}</label>
      <input
        id={id}
        type="number"
        min={MIN_YEAR}
        max={MAX_YEAR}
        value={draft ?? String(value)}
        onChange={(e) => {
          const typed = e.target.value;
          setDraft(typed);
          if (typed.length === 4) go(Number(typed));
        }}
        onBlur={() => { setDraft(null); }}
      />
      <button type="button" className="button" disabled={value >= MAX_YEAR} onClick={() => { go(value + 1); }}>
        {t('calendar.nextYear')} ›
      </button>
    </div>
  );
}
