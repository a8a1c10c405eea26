/** Draws a placed dependency graph's arrows: paths, ports and label positions. Pure (tested). */
import type { Edge, PlacedNode } from './dependency-layout.js';

export interface GraphGeometry {
  readonly columnWidth: number;
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  readonly rowHeight: number;
  readonly pad: number;
  /** Between two arrows that share the free space below a row. */
  readonly laneSpacing: number;
}

export interface LabelBox {
  /** Centre of the text's baseline. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

export interface Route<E extends Edge> {
  readonly edge: E;
  readonly d: string;
  readonly label: LabelBox;
  /** The lowest point the arrow reaches. */
  readonly bottom: number;
}

type Point = readonly [number, number];

/** Label text is 11 px: about this wide per character, and this tall. */
const CHAR_WIDTH = 6.5;
export const LABEL_HEIGHT = 12;
/** Where along a curve its label may sit, best first. */
const LABEL_TS = [0.5, 0.35, 0.65, 0.25, 0.75, 0.18, 0.82];

function bezierPoint(t: number, p0: Point, p1: Point, p2: Point, p3: Point): Point {
  const u = 1 - t;
  const at = (i: 0 | 1) => u * u * u * p0[i] + 3 * u * u * t * p1[i] + 3 * u * t * t * p2[i] + t * t * t * p3[i];
  return [at(0), at(1)];
}

/** Whether two labels' boxes (1 px apart at least) overlap. */
export function labelsOverlap(a: LabelBox, b: LabelBox): boolean {
  return Math.abs(a.x - b.x) * 2 < a.width + b.width + 2 && Math.abs(a.y - b.y) < LABEL_HEIGHT + 1;
}

/** Offsets that spread `count` arrow ends over a node's side, top to bottom, at most 6 px apart. */
function spread(count: number, nodeHeight: number): number[] {
  if (count <= 1) return [0];
  const step = Math.min(6, (nodeHeight - 10) / (count - 1));
  return Array.from({ length: count }, (_, i) => (i - (count - 1) / 2) * step);
}

/** Where a placed node's box starts: its left edge and its top. The graph draws the boxes there. */
export const nodeLeft = (g: GraphGeometry, node: PlacedNode): number => g.pad + node.column * g.columnWidth;
export const nodeTop = (g: GraphGeometry, node: PlacedNode): number => g.pad + node.row * g.rowHeight;

interface Plan<E extends Edge> {
  edge: E;
  from: PlacedNode;
  to: PlacedNode;
  /** The y of the free lane it runs in across columns, or null between neighbouring columns. */
  lane: number | null;
  startY: number;
  endY: number;
}

/**
 * Routes every edge. Between neighbouring columns (or backwards, in a cycle) one curve; across
 * columns it runs in a lane of its own in the free space below the nodes of the columns it passes,
 * so it never seems to leave from or enter a node in between; lanes below one row are stacked in
 * the order of their targets, so they leave the bundle without crossing each other. The arrows
 * that enter (or leave) one node are spread over its side instead of meeting in one point. A
 * lane's label sits on its lane; a curve's label takes the first place along it that no other
 * label has taken.
 */
export function routeEdges<E extends Edge>(
  edges: readonly E[],
  nodes: readonly PlacedNode[],
  g: GraphGeometry,
  labelOf: (edge: E) => string,
): Route<E>[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const { plans, byLaneRow } = planEdges(edges, nodes, byName, g);
  assignLanes(byLaneRow, g);
  assignPorts(plans, byName, g);
  const placed: LabelBox[] = [];
  // Lanes first: their labels have one place; curves then find room around them.
  const ordered = [...plans.filter((plan) => plan.lane !== null), ...plans.filter((plan) => plan.lane === null)];
  const routes = ordered.map((plan) => {
    const width = labelOf(plan.edge).length * CHAR_WIDTH + 4;
    const route = plan.lane === null ? curveRoute(plan, g, width, placed) : laneRoute(plan, plan.lane, g, width);
    placed.push(route.label);
    return route;
  });
  // In the caller's order, so the SVG (and keyboard order) follows the table.
  const index = new Map(edges.map((edge, i) => [edge, i]));
  return routes.sort((a, b) => (index.get(a.edge) as number) - (index.get(b.edge) as number));
}

const centreY = (g: GraphGeometry, node: PlacedNode): number => nodeTop(g, node) + g.nodeHeight / 2;

/** A plan per edge whose ends are placed; those that pass columns in between, grouped by the lowest row they pass. */
function planEdges<E extends Edge>(
  edges: readonly E[],
  nodes: readonly PlacedNode[],
  byName: ReadonlyMap<string, PlacedNode>,
  g: GraphGeometry,
): { plans: Plan<E>[]; byLaneRow: Map<number, Plan<E>[]> } {
  const plans: Plan<E>[] = [];
  const byLaneRow = new Map<number, Plan<E>[]>();
  for (const edge of edges) {
    const from = byName.get(edge.source);
    const to = byName.get(edge.target);
    if (from === undefined || to === undefined) continue;
    const between = nodes.filter((node) => node.column > from.column && node.column < to.column);
    const plan: Plan<E> = { edge, from, to, lane: null, startY: centreY(g, from), endY: centreY(g, to) };
    plans.push(plan);
    if (between.length === 0) continue;
    const lowest = Math.max(...between.map((node) => node.row));
    const sharing = byLaneRow.get(lowest);
    if (sharing === undefined) byLaneRow.set(lowest, [plan]);
    else sharing.push(plan);
  }
  return { plans, byLaneRow };
}

/** The lanes below a row, stacked in the order of their targets. */
function assignLanes<E extends Edge>(byLaneRow: ReadonlyMap<number, Plan<E>[]>, g: GraphGeometry): void {
  for (const [row, sharing] of byLaneRow) {
    sharing.sort((a, b) => a.to.row - b.to.row || a.from.row - b.from.row || a.edge.target.localeCompare(b.edge.target));
    const first = g.pad + (row + 1) * g.rowHeight - (g.rowHeight - g.nodeHeight) / 2;
    for (const [index, plan] of sharing.entries()) plan.lane = first + index * g.laneSpacing;
  }
}

/** Ports: the ends at one node, ordered by where the arrow comes from (or goes to), spread over its side. */
function assignPorts<E extends Edge>(plans: readonly Plan<E>[], byName: ReadonlyMap<string, PlacedNode>, g: GraphGeometry): void {
  const approach = (plan: Plan<E>, end: 'start' | 'end') => plan.lane ?? (end === 'end' ? centreY(g, plan.from) : centreY(g, plan.to));
  for (const end of ['start', 'end'] as const) {
    const atNode = new Map<string, Plan<E>[]>();
    for (const plan of plans) {
      const name = end === 'start' ? plan.edge.source : plan.edge.target;
      const ends = atNode.get(name);
      if (ends === undefined) atNode.set(name, [plan]);
      else ends.push(plan);
    }
    for (const [name, ends] of atNode) {
      ends.sort((a, b) => approach(a, end) - approach(b, end));
      const offsets = spread(ends.length, g.nodeHeight);
      const node = byName.get(name) as PlacedNode;
      for (const [index, plan] of ends.entries()) {
        if (end === 'start') plan.startY = centreY(g, node) + (offsets[index] as number);
        else plan.endY = centreY(g, node) + (offsets[index] as number);
      }
    }
  }
}

/** An arrow across columns: out of its node, along its lane, into its target; its label on the lane. */
function laneRoute<E extends Edge>(plan: Plan<E>, lane: number, g: GraphGeometry, width: number): Route<E> {
  const gap = g.columnWidth - g.nodeWidth;
  const x1 = nodeLeft(g, plan.from) + g.nodeWidth;
  const x2 = nodeLeft(g, plan.to);
  const { startY: y1, endY: y2 } = plan;
  const xa = g.pad + (plan.from.column + 1) * g.columnWidth - gap / 2;
  const xb = g.pad + (plan.to.column - 1) * g.columnWidth + g.nodeWidth + gap / 2;
  const h = gap / 2;
  return {
    edge: plan.edge,
    d: `M ${x1} ${y1} C ${x1 + h} ${y1}, ${xa - h} ${lane}, ${xa} ${lane} L ${xb} ${lane} C ${xb + h} ${lane}, ${x2 - h} ${y2}, ${x2} ${y2}`,
    label: { x: (xa + xb) / 2, y: lane - 4, width },
    bottom: lane,
  };
}

/** An arrow to a neighbouring column (or back, in a cycle): one curve, its label at the first place along it no `placed` label takes. */
function curveRoute<E extends Edge>(plan: Plan<E>, g: GraphGeometry, width: number, placed: readonly LabelBox[]): Route<E> {
  const x1 = nodeLeft(g, plan.from) + g.nodeWidth;
  const x2 = nodeLeft(g, plan.to);
  const { startY: y1, endY: y2 } = plan;
  const bend = Math.max(30, (x2 - x1) / 2);
  const curve: [Point, Point, Point, Point] = [
    [x1, y1],
    [x1 + bend, y1],
    [x2 - bend, y2],
    [x2, y2],
  ];
  const candidates = LABEL_TS.map((t) => {
    const [x, y] = bezierPoint(t, ...curve);
    return { x, y: y - 4, width };
  });
  const label = candidates.find((box) => !placed.some((other) => labelsOverlap(box, other))) ?? (candidates[0] as LabelBox);
  return { edge: plan.edge, d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`, label, bottom: Math.max(y1, y2) };
}
