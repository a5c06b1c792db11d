import { useI18n } from '@/lib/i18n';
import { PERIOD_CHOICES } from '@/lib/period';
import type { PeriodChoice } from '@/lib/period';

/** Month, quarter, semester, year or the last 13 weeks, as pressed buttons. */
export function PeriodPicker({
  value,
  onChange,
}: {
  value: PeriodChoice;
  onChange: (choice: PeriodChoice) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="period-picker" role="group" aria-label={t('work.head.periodPick')}>
      {PERIOD_CHOICES.map((c) => (
        <button
          key={c}
          type="button"
          className={c === value ? 'button button-primary' : 'button'}
          aria-pressed={c === value}
          onClick={() => {
            onChange(c);
          }}
        >
          {t(`work.head.period.${c}`)}
        </button>
      ))}
    </div>
  );
}
