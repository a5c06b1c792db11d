import { describe, expect, it } from 'vitest';

import { layout } from './layout';
import type { FlowStep } from './layout';

const columns = [
  { key: 'staf', header: 'Staf' },
  { key: 'kasi', header: 'Kasi' },
];

function step(position: number, performer: string, kind: FlowStep['kind'], decision?: [number | null, number | null]): FlowStep {
  return {
    position,
    number: String(position),
    activity: `Langkah ${position}`,
    performer,
    kind,
    decision: decision ? { yes_target: decision[0], no_target: decision[1] } : null,
  };
}

describe('flowchart layout', () => {
  // The shape of Kaltim 000-11: the decision says 'ya' to the end, 'tidak' back to step 3.
  const steps = [
    step(1, 'staf', 'start'),
    step(2, 'kasi', 'process'),
    step(3, 'staf', 'process'),
    step(4, 'kasi', 'decision', [null, 3]),
  ];

  it('puts each step in its performer swimlane with the standard symbol', () => {
    const result = layout(steps, columns);
    expect(result.nodes.map((n) => [n.step, n.column, n.shape])).toEqual([
      [1, 0, 'terminator'],
      [2, 1, 'process'],
      [3, 0, 'process'],
      [4, 1, 'decision'],
    ]);
  });

  it('draws sequence arrows, and both decision branches labelled', () => {
    const result = layout(steps, columns);
    expect(result.edges).toEqual([
      { from: 1, to: 2, label: null, route: 'next', offPage: false },
      { from: 2, to: 3, label: null, route: 'next', offPage: false },
      { from: 3, to: 4, label: null, route: 'next', offPage: false },
      { from: 4, to: null, label: 'Ya', route: 'end', offPage: false },
      { from: 4, to: 3, label: 'Tidak', route: 'jump', offPage: false },
    ]);
  });

  it('continues on the next page through off-page connectors', () => {
    const result = layout(steps, columns, 2);
    expect(result.pages).toBe(2);
    expect(result.nodes.map((n) => n.page)).toEqual([0, 0, 1, 1]);
    const crossing = result.edges.filter((e) => e.offPage);
    expect(crossing).toEqual([{ from: 2, to: 3, label: null, route: 'next', offPage: true }]);
  });

  it('keeps a step whose performer is not a column visible, outside the swimlanes', () => {
    const result = layout([step(1, 'tamu', 'start'), step(2, 'staf', 'end')], columns);
    expect(result.nodes[0]?.column).toBe(-1);
  });
});
