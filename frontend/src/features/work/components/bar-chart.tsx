import { percent } from './format';

export interface Bar {
  label: string;
  rate: number | null;
  detail: string;
}

/** Horizontal bars for rates (0-100%), readable at a glance; the numbers are in the text and
 * in each bar's title, so nothing depends on colour or hovering alone. */
export function BarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const height = 26;
  return (
    <svg
      className="bar-chart"
      role="img"
      aria-label={title}
      viewBox={`0 0 420 ${String(bars.length * height)}`}
      width="100%"
    >
      {bars.map((bar, i) => {
        const width = bar.rate === null ? 0 : Math.max(2, bar.rate * 210);
        const tone = bar.rate === null ? 'none' : bar.rate >= 0.8 ? 'good' : 'poor';
        return (
          <g key={bar.label} transform={`translate(0 ${i * height})`}>
            <title>{`${bar.label}: ${percent(bar.rate)} (${bar.detail})`}</title>
            <text x="0" y="17" className="bar-label">
              {bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}
            </text>
            <rect x="150" y="4" width={width} height="16" className={`bar bar-${tone}`} />
            <text x={156 + width} y="17" className="bar-value">
              {percent(bar.rate)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
