import { useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode, RefObject } from 'react';

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

function centre(node: Node, firstRow: number): { x: number; y: number } {
  return {
    x: Math.max(node.column, 0) * LANE_W + LANE_W / 2,
    y: (node.row - firstRow) * ROW_H + ROW_H / 2,
  };
}

function Symbol({ node, firstRow }: { node: Node; firstRow: number }) {
  const { x, y } = centre(node, firstRow);
  const h = SHAPE_H[node.shape];
  const w = SHAPE_W;
  const common = { className: `flow-shape flow-${node.shape}`, 'data-step': node.step };
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

function Arrow({ edge, nodes, firstRow, lanes, page }: {
  edge: Edge;
  nodes: Map<number, Node>;
  firstRow: number;
  lanes: number;
  page: number;
}): ReactNode {
  const from = nodes.get(edge.from);
  if (!from) return null;
  const a = centre(from, firstRow);
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
    const bottom = (page === from.page ? ROW_H * (from.row - firstRow + 1) : 0) - 10;
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
    const b = centre(to, firstRow);
    return (
      <g>
        <circle cx={b.x} cy={10} r={8} className="flow-connector" />
        <text x={b.x} y={14} className="flow-connector-text">{from.step}</text>
        <path d={`M${b.x},18 V${b.y - SHAPE_H[to.shape] / 2}`} className="flow-line" markerEnd={`url(#arrow-${String(page)})`} />
      </g>
    );
  }
  const b = centre(to, firstRow);
  const bh = SHAPE_H[to.shape] / 2;
  if (edge.route === 'next') {
    const mid = a.y + ROW_H / 2;
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
  const side = lanes * LANE_W - 8;
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

/** Where the table body starts, so the drawing sits exactly over the swimlane cells even
 * when a long performer name makes the header taller. */
function useBodyTop(): [RefObject<HTMLTableSectionElement | null>, number] {
  const ref = useRef<HTMLTableSectionElement | null>(null);
  const [top, setTop] = useState(HEAD_H);
  useLayoutEffect(() => {
    if (ref.current) setTop(ref.current.offsetTop);
  }, []);
  return [ref, top];
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
  const [bodyRef, top] = useBodyTop();
  const firstRow = pageNodes[0]?.row ?? 0;
  const lanes = Math.max(columns.length, 1);
  return (
    <div className="flow-page" data-page={page + 1}>
      <div className="flow-wrap" style={{ position: 'relative' }}>
        <table className="flow-table" style={{ tableLayout: 'fixed' }}>
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
          <tbody ref={bodyRef}>
            {steps.map((s) => (
              <tr key={s.position} style={{ height: ROW_H }}>
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
          width={lanes * LANE_W}
          height={pageNodes.length * ROW_H}
          style={{ position: 'absolute', left: NO_W + ACT_W, top }}
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
                edge={edge}
                nodes={nodes}
                firstRow={firstRow}
                lanes={lanes}
                page={page}
              />
            ))}
          </g>
          {pageNodes.map((node) => (
            <Symbol key={node.step} node={node} firstRow={firstRow} />
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
