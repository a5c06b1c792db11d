/**
 * The Permenpan RB 35/2012 flowchart, laid out from the catalogue data: one swimlane column
 * per performer, one row per step, the standard symbols (capsule for start and end,
 * rectangle for a process, diamond for a decision), arrows between them, and connectors
 * where the chart continues on the next page.
 */

export interface FlowStep {
  position: number;
  number: string | null;
  activity: string;
  performer: string | null;
  kind: 'start' | 'process' | 'decision' | 'end';
  decision: { yes_target: number | null; no_target: number | null } | null;
}

export interface FlowColumn {
  key: string;
  header: string;
}

export type Shape = 'terminator' | 'process' | 'decision';

export interface Node {
  step: number;
  row: number; // 0-based, across all pages
  page: number;
  column: number; // -1 when the step has no performer column
  shape: Shape;
}

export interface Edge {
  from: number;
  to: number | null; // null: the SOP ends on this branch
  label: 'Ya' | 'Tidak' | null;
  /** 'next' goes to the following row; 'jump' goes elsewhere (drawn round the side). */
  route: 'next' | 'jump' | 'end';
  /** Crosses a page break: drawn as a pair of off-page connectors. */
  offPage: boolean;
}

export interface Layout {
  columns: FlowColumn[];
  nodes: Node[];
  edges: Edge[];
  pages: number;
}

export function shapeOf(step: FlowStep, index: number, count: number): Shape {
  if (step.kind === 'decision') return 'decision';
  if (step.kind === 'start' || step.kind === 'end' || index === 0 || index === count - 1) {
    return 'terminator';
  }
  return 'process';
}

export function layout(steps: FlowStep[], columns: FlowColumn[], rowsPerPage = 8): Layout {
  const columnOf = new Map(columns.map((c, i) => [c.key, i]));
  const nodes: Node[] = steps.map((step, row) => ({
    step: step.position,
    row,
    page: Math.floor(row / rowsPerPage),
    column: step.performer !== null ? (columnOf.get(step.performer) ?? -1) : -1,
    shape: shapeOf(step, row, steps.length),
  }));
  const rowOf = new Map(nodes.map((n) => [n.step, n]));
  const edges: Edge[] = [];
  const edge = (from: Node, to: number | null, label: Edge['label']) => {
    if (to === null) {
      edges.push({ from: from.step, to: null, label, route: 'end', offPage: false });
      return;
    }
    const target = rowOf.get(to);
    if (!target) return;
    edges.push({
      from: from.step,
      to,
      label,
      route: target.row === from.row + 1 ? 'next' : 'jump',
      offPage: target.page !== from.page,
    });
  };
  steps.forEach((step, index) => {
    const node = nodes[index];
    if (!node) return;
    if (step.kind === 'decision' && step.decision) {
      edge(node, step.decision.yes_target, 'Ya');
      edge(node, step.decision.no_target, 'Tidak');
    } else if (step.kind !== 'end' && index + 1 < steps.length) {
      const next = steps[index + 1];
      if (next) edge(node, next.position, null);
    }
  });
  return {
    columns,
    nodes,
    edges,
    pages: Math.max(1, Math.ceil(steps.length / rowsPerPage)),
  };
}
