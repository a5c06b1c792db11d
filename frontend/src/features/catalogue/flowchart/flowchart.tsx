import { useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode, RefObject } from 'react';

import { measure, nominal } from './geometry';
import type { Geometry } from './geometry';
import { layout } from './layout';
import type { Edge, FlowColumn, FlowStep, Node } from './layout';

export interface StepRow extends FlowStep {
  kelengkapan: string | null;
  waktu: string;
  output: string | null;
  keterangan: string | null;
}

// Fixed geometry: the table and the drawing over its swimlanes share one grid.
const NO_W = 36;
const ACT_W = 240;
const LANE_W = 92;
const HEAD_H = 64;
const ROW_H = 76;
const SHAPE_W = 64;
const SHAPE_H = { terminator: 26, process: 30, decision: 40 } as const;

function centre(g: Geometry, node: Node, firstRow: number): { x: number; y: number } {
  const row = node.row - firstRow;
  return {
    x: g.laneX[Math.max(node.column, 0)] ?? LANE_W / 2,
    y: (g.rowTop[row] ?? row * ROW_H) + (g.rowH[row] ?? ROW_H) / 2,
  };
}

/** The bottom edge of a row (where an arrow to the next row turns). */
function rowBottom(g: Geometry, node: Node, firstRow: number): number {
  const row = node.row - firstRow;
  return (g.rowTop[row] ?? row * ROW_H) + (g.rowH[row] ?? ROW_H);
}

function Symbol({ g, node, firstRow }: { g: Geometry; node: Node; firstRow: number }) {
  const { x, y } = centre(g, node, firstRow);
  const h = SHAPE_H[node.shape];
  const w = Math.min(SHAPE_W, (g.laneW[Math.max(node.column, 0)] ?? LANE_W) - 12);
  const common = {
    className: `flow-shape flow-${node.shape}`,
    'data-step': node.step,
    'data-lane': node.column,
    'data-row': node.row,
  };
  if (node.shape === 'decision') {
    return (
      <polygon
        {...common}
        points={`${x},${y - h / 2} ${x + w / 2},${y} ${x},${y + h / 2} ${x - w / 2},${y}`}
      />
    );
  }
  return (
    <rect
      {...common}
      x={x - w / 2}
      y={y - h / 2}
      width={w}
      height={h}
      rx={node.shape === 'terminator' ? h / 2 : 2}
    />
  );
}

function Arrow({ g, edge, nodes, firstRow, page }: {
  g: Geometry;
  edge: Edge;
  nodes: Map<number, Node>;
  firstRow: number;
  page: number;
}): ReactNode {
  const from = nodes.get(edge.from);
  if (!from) return null;
  const a = centre(g, from, firstRow);
  const ah = SHAPE_H[from.shape] / 2;
  const label = edge.label ? (
    <text x={a.x + 6} y={a.y + ah + 12} className="flow-label">
      {edge.label}
    </text>
  ) : null;
  if (edge.route === 'end' || edge.to === null) {
    return (
      <g>
        <path d={`M${a.x},${a.y + ah} v14`} className="flow-line" markerEnd={`url(#arrow-${String(page)})`} />
        {label}
      </g>
    );
  }
  const to = nodes.get(edge.to);
  if (!to) return null;
  if (edge.offPage) {
    // Leave this page through a connector at its foot, or enter it through one at its head.
    const bottom = (page === from.page ? rowBottom(g, from, firstRow) : 0) - 10;
    if (from.page === page) {
      return (
        <g>
          <path d={`M${a.x},${a.y + ah} V${bottom - 8}`} className="flow-line" markerEnd={`url(#arrow-${String(page)})`} />
          <circle cx={a.x} cy={bottom} r={8} className="flow-connector" />
          <text x={a.x} y={bottom + 4} className="flow-connector-text">{to.step}</text>
          {label}
        </g>
      );
    }
    const b = centre(g, to, firstRow);
    return (
      <g>
        <circle cx={b.x} cy={10} r={8} className="flow-connector" />
        <text x={b.x} y={14} className="flow-connector-text">{from.step}</text>
        <path d={`M${b.x},18 V${b.y - SHAPE_H[to.shape] / 2}`} className="flow-line" markerEnd={`url(#arrow-${String(page)})`} />
      </g>
    );
  }
  const b = centre(g, to, firstRow);
  const bh = SHAPE_H[to.shape] / 2;
  if (edge.route === 'next') {
    const mid = rowBottom(g, from, firstRow);
    return (
      <g>
        <path
          d={`M${a.x},${a.y + ah} V${mid} H${b.x} V${b.y - bh}`}
          className="flow-line"
          markerEnd={`url(#arrow-${String(page)})`}
        />
        {label}
      </g>
    );
  }
  // A jump (a 'tidak' back to an earlier step, or forward past the next one): round the side.
  const side = g.width - 8;
  return (
    <g>
      <path
        d={`M${a.x + SHAPE_W / 2},${a.y} H${side} V${b.y} H${b.x + SHAPE_W / 2}`}
        className="flow-line flow-jump"
        markerEnd={`url(#arrow-${String(page)})`}
      />
      <text x={a.x + SHAPE_W / 2 + 4} y={a.y - 4} className="flow-label">
        {edge.label}
      </text>
    </g>
  );
}

/** The table's real lane and row geometry, measured after layout and again whenever the
 * table changes size (a narrower screen, a font loading). */
function useGeometry(lanes: number, rows: number): {
  wrapRef: RefObject<HTMLDivElement | null>;
  geometry: Geometry;
} {
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const [geometry, setGeometry] = useState<Geometry>(() =>
    nominal(lanes, rows, LANE_W, ROW_H, NO_W + ACT_W, HEAD_H),
  );
  useLayoutEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const update = () => {
      const heads = Array.from(wrap.querySelectorAll<HTMLElement>('th.flow-lane-head'));
      const body = Array.from(wrap.querySelectorAll<HTMLElement>('tbody > tr'));
      const measured = measure(wrap, heads, body);
      if (measured) setGeometry(measured);
    };
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    const table = wrap.querySelector('table');
    if (table) observer.observe(table);
    return () => {
      observer.disconnect();
    };
  }, [lanes, rows]);
  return { wrapRef, geometry };
}

type Labels = {
  no: string;
  activity: string;
  performers: string;
  quality: string;
  requirements: string;
  time: string;
  output: string;
  notes: string;
};

function FlowPage({
  page,
  steps,
  columns,
  pageNodes,
  edges,
  nodes,
  labels,
}: {
  page: number;
  steps: StepRow[];
  columns: FlowColumn[];
  pageNodes: Node[];
  edges: Edge[];
  nodes: Map<number, Node>;
  labels: Labels;
}) {
  const firstRow = pageNodes[0]?.row ?? 0;
  const lanes = Math.max(columns.length, 1);
  const { wrapRef, geometry: g } = useGeometry(lanes, steps.length);
  const tableWidth = NO_W + ACT_W + lanes * LANE_W + 110 + 70 + 110 + 90;
  return (
    <div
      className="flow-page"
      data-page={page + 1}
      tabIndex={0}
      role="region"
      aria-label={`${labels.performers} ${String(page + 1)}`}
    >
      <div className="flow-wrap" ref={wrapRef} style={{ position: 'relative' }}>
        <table className="flow-table" style={{ tableLayout: 'fixed', width: tableWidth }}>
          <colgroup>
            <col style={{ width: NO_W }} />
            <col style={{ width: ACT_W }} />
            {columns.map((c) => (
              <col key={c.key} style={{ width: LANE_W }} />
            ))}
            <col style={{ width: 110 }} />
            <col style={{ width: 70 }} />
            <col style={{ width: 110 }} />
            <col style={{ width: 90 }} />
          </colgroup>
          <thead>
            <tr>
              <th rowSpan={2}>{labels.no}</th>
              <th rowSpan={2}>{labels.activity}</th>
              <th colSpan={columns.length}>{labels.performers}</th>
              <th colSpan={3}>{labels.quality}</th>
              <th rowSpan={2}>{labels.notes}</th>
            </tr>
            <tr>
              {columns.map((c) => (
                <th key={c.key} className="flow-lane-head">
                  {c.header}
                </th>
              ))}
              <th>{labels.requirements}</th>
              <th>{labels.time}</th>
              <th>{labels.output}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s) => (
              <tr key={s.position} style={{ height: ROW_H }} data-row={s.position}>
                <td>{s.number ?? s.position}</td>
                <td title={s.activity}>
                  <div className="flow-cell">{s.activity}</div>
                </td>
                {columns.map((c) => (
                  <td key={c.key} />
                ))}
                <td title={s.kelengkapan ?? ''}>
                  <div className="flow-cell">{s.kelengkapan}</div>
                </td>
                <td>
                  <div className="flow-cell">{s.waktu}</div>
                </td>
                <td title={s.output ?? ''}>
                  <div className="flow-cell">{s.output}</div>
                </td>
                <td title={s.keterangan ?? ''}>
                  <div className="flow-cell">{s.keterangan}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <svg
          className="flow-drawing"
          role="img"
          aria-label={`${labels.performers} ${String(page + 1)}`}
          width={g.width}
          height={g.height}
          style={{ position: 'absolute', left: g.left, top: g.top }}
        >
          <defs>
            <marker
              id={`arrow-${String(page)}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" className="flow-arrowhead" />
            </marker>
          </defs>
          <g>
            {edges.map((edge) => (
              <Arrow
                key={`${String(edge.from)}-${String(edge.to ?? 'end')}-${edge.label ?? ''}`}
                g={g}
                edge={edge}
                nodes={nodes}
                firstRow={firstRow}
                page={page}
              />
            ))}
          </g>
          {pageNodes.map((node) => (
            <Symbol key={node.step} g={g} node={node} firstRow={firstRow} />
          ))}
        </svg>
      </div>
    </div>
  );
}

/** The SOP's flowchart table, page by page, in the Permenpan form. */
export function Flowchart({
  steps,
  columns,
  labels,
  rowsPerPage = 8,
}: {
  steps: StepRow[];
  columns: FlowColumn[];
  labels: Labels;
  rowsPerPage?: number;
}) {
  const result = layout(steps, columns, rowsPerPage);
  const nodes = new Map(result.nodes.map((n) => [n.step, n]));
  return (
    <>
      {Array.from({ length: result.pages }, (_, page) => {
        const pageNodes = result.nodes.filter((n) => n.page === page);
        const firstRow = pageNodes[0]?.row ?? 0;
        const edges = result.edges.filter((e) => {
          const from = nodes.get(e.from);
          const to = e.to === null ? undefined : nodes.get(e.to);
          return from?.page === page || (e.offPage && to?.page === page);
        });
        return (
          <FlowPage
            key={page}
            page={page}
            steps={steps.slice(firstRow, firstRow + pageNodes.length)}
            columns={columns}
            pageNodes={pageNodes}
            edges={edges}
            nodes={nodes}
            labels={labels}
          />
        );
      })}
    </>
  );
}
