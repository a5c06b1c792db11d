import { percent } from './format';

export interface TrendPoint {
  week: string;
  completed: number;
  on_time_rate: number | null;
  escalations: number;
}

export interface Column {
  x: number;
  y: number;
  height: number;
  tone: 'good' | 'poor' | 'none';
  label: string;
}

const PLOT = { left: 34, top: 8, height: 120, width: 520 };

/** Geometry of one column per week: height is the on-time rate; a week with no measured step
 * gets no column (not a zero, which would read as "all late"). */
export function trendColumns(points: readonly TrendPoint[]): Column[] {
  const step = PLOT.width / Math.max(points.length, 1);
  return points.map((p, i) => {
    const height = p.on_time_rate === null ? 0 : Math.max(1, p.on_time_rate * PLOT.height);
    return {
      x: PLOT.left + i * step + step * 0.15,
      y: PLOT.top + PLOT.height - height,
      height,
      tone: p.on_time_rate === null ? 'none' : p.on_time_rate >= 0.8 ? 'good' : 'poor',
      label: p.week.slice(5).split('-').reverse().join('/'),
    };
  });
}

/** Weekly on-time rate as columns, with the 80% line the monitoring form judges by, and the
 * escalations of each week under its label. The numbers are in every column's title and in
 * the table the panel shows beside it. */
export function TrendChart({
  points,
  title,
  escalationsLabel,
}: {
  points: readonly TrendPoint[];
  title: string;
  escalationsLabel: string;
}) {
  const columns = trendColumns(points);
  const width = (PLOT.width / Math.max(points.length, 1)) * 0.7;
  const target = PLOT.top + PLOT.height * 0.2;
  const every = Math.ceil(points.length / 13);
  return (
    <svg className="trend-chart" role="img" aria-label={title} viewBox="0 0 560 170" width="100%">
      <line x1={PLOT.left} x2={PLOT.left + PLOT.width} y1={target} y2={target} className="target" />
      <text x="0" y={target + 4} className="axis">
        80%
      </text>
      <text x="0" y={PLOT.top + PLOT.height} className="axis">
        0%
      </text>
      {columns.map((c, i) => {
        const p = points[i];
        if (!p) return null;
        return (
          <g key={p.week}>
            <title>{`${p.week}: ${percent(p.on_time_rate)}, ${String(p.completed)} · ${escalationsLabel} ${String(p.escalations)}`}</title>
            <rect x={c.x} y={c.y} width={width} height={c.height} className={`bar bar-${c.tone}`} />
            {i % every === 0 ? (
              <text x={c.x} y={PLOT.top + PLOT.height + 16} className="axis">
                {c.label}
              </text>
            ) : null}
            {p.escalations > 0 ? (
              <text x={c.x} y={PLOT.top + PLOT.height + 32} className="axis escalated">
                ▲{p.escalations}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
