import { Link } from 'react-router';

import { useI18n } from '@/lib/i18n';

import { percent } from './format';

export interface Bar {
  label: string;
  rate: number | null;
  /** The finished steps with a time standard behind the rate: no percentage without it. */
  n: number;
  detail: string;
  /** The cases behind the bar. */
  href?: string;
}

/** Horizontal bars for rates (0-100%), readable at a glance and at any width (HTML, not a
 * scaled drawing, so the text stays its size on a phone). A list, so each row reads as its
 * words — label, rate, n, detail — and its label opens the cases behind it. */
export function BarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const { t } = useI18n();
  return (
    <ul className="bar-chart" aria-label={title}>
      {bars.map((bar) => {
        const tone = bar.rate === null ? 'none' : bar.rate >= 0.8 ? 'good' : 'poor';
        const value =
          bar.rate === null
            ? t('work.head.noneMeasured')
            : t('work.head.onTimeOf', { rate: percent(bar.rate), n: bar.n });
        return (
          <li key={bar.label} className="bar-row" title={`${bar.label}: ${value} (${bar.detail})`}>
            <span className="bar-label">
              {bar.href ? (
                <Link to={bar.href} aria-label={t('work.head.drill', { label: bar.label })}>
                  {bar.label}
                </Link>
              ) : (
                bar.label
              )}
            </span>
            <span className="bar-track" aria-hidden="true">
              <span
                className={`bar bar-${tone}`}
                style={{ width: `${String(bar.rate === null ? 0 : Math.max(1, bar.rate * 100))}%` }}
              />
            </span>
            <span className="bar-value">
              {percent(bar.rate)}
              <span className="bar-n">n={bar.n}</span>
            </span>
            <span className="visually-hidden">
              {value}; {bar.detail}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
