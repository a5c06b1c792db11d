import { useId } from 'react';

import { percent } from './format';

export interface Bar {
  label: string;
  rate: number | null;
  detail: string;
}

/** Horizontal bars for rates (0-100%), readable at a glance and at any width (HTML, not a
 * scaled drawing, so the text stays its size on a phone). The numbers are in the text, in
 * each row's title, and in a description screen readers get with the chart. */
export function BarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const id = useId();
  return (
    <>
      <div className="bar-chart" role="img" aria-label={title} aria-describedby={`${id}-numbers`}>
        {bars.map((bar) => {
          const tone = bar.rate === null ? 'none' : bar.rate >= 0.8 ? 'good' : 'poor';
          return (
            <div
              key={bar.label}
              className="bar-row"
              title={`${bar.label}: ${percent(bar.rate)} (${bar.detail})`}
            >
              <span className="bar-label">{bar.label}</span>
              <span className="bar-track">
                <span
                  className={`bar bar-${tone}`}
                  style={{ width: `${String(bar.rate === null ? 0 : Math.max(1, bar.rate * 100))}%` }}
                />
              </span>
              <span className="bar-value">{percent(bar.rate)}</span>
            </div>
          );
        })}
      </div>
      <p id={`${id}-numbers`} className="visually-hidden">
        {bars.map((bar) => `${bar.label}: ${percent(bar.rate)}, ${bar.detail}`).join('; ')}
      </p>
    </>
  );
}
