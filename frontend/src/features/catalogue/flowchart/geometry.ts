/** Where the swimlanes and rows of the flowchart table actually are, so the drawing sits on
 * them whatever widths the browser gave the columns (long performer names, phone widths)
 * and however tall long activities made the rows. */

export interface Geometry {
  left: number; // the first lane's left edge, from the wrapper's
  top: number; // the first body row's top edge, from the wrapper's
  width: number; // all lanes
  height: number; // all body rows
  laneX: number[]; // each lane's centre, from `left`
  laneW: number[];
  rowTop: number[]; // each row's top, from `top`
  rowH: number[];
}

/** The geometry the fixed column widths give, before (or without) a browser's layout. */
export function nominal(lanes: number, rows: number, laneW: number, rowH: number, left: number, top: number): Geometry {
  return {
    left,
    top,
    width: lanes * laneW,
    height: rows * rowH,
    laneX: Array.from({ length: lanes }, (_, i) => i * laneW + laneW / 2),
    laneW: Array.from({ length: lanes }, () => laneW),
    rowTop: Array.from({ length: rows }, (_, i) => i * rowH),
    rowH: Array.from({ length: rows }, () => rowH),
  };
}

/** Measured from the lane header cells and the body rows; null when the browser has not laid
 * them out (zero sizes, as in a test DOM). */
export function measure(
  wrap: HTMLElement,
  laneHeads: readonly HTMLElement[],
  rows: readonly HTMLElement[],
): Geometry | null {
  if (laneHeads.length === 0 || rows.length === 0) return null;
  const origin = wrap.getBoundingClientRect();
  const lanes = laneHeads.map((th) => th.getBoundingClientRect());
  const body = rows.map((tr) => tr.getBoundingClientRect());
  const first = lanes[0];
  const last = lanes[lanes.length - 1];
  const top = body[0];
  const bottom = body[body.length - 1];
  if (!first || !last || !top || !bottom || first.width === 0 || top.height === 0) return null;
  const left = first.left - origin.left;
  const y0 = top.top - origin.top;
  return {
    left,
    top: y0,
    width: last.right - first.left,
    height: bottom.bottom - top.top,
    laneX: lanes.map((r) => r.left - first.left + r.width / 2),
    laneW: lanes.map((r) => r.width),
    rowTop: body.map((r) => r.top - top.top),
    rowH: body.map((r) => r.height),
  };
}
