import type { ServiceEdge } from '../api/types.js';
import { formatDuration, formatPercent, serviceColor } from '../format.js';
import { hrefOf, Link, navigate } from '../router.js';
import { ServiceName } from './badges.js';
import { layoutGraph, type PlacedNode } from './dependency-layout.js';

const COLUMN_WIDTH = 240;
const NODE_WIDTH = 150;
const NODE_HEIGHT = 30;
const ROW_HEIGHT = 64;
const PAD = 16;
/** The free space between two columns of nodes. */
const GAP = COLUMN_WIDTH - NODE_WIDTH;
const LANE_SPACING = 16;

type Point = readonly [number, number];

function bezierPoint(t: number, p0: Point, p1: Point, p2: Point, p3: Point): Point {
  const u = 1 - t;
  const at = (i: 0 | 1) => u * u * u * p0[i] + 3 * u * u * t * p1[i] + 3 * u * t * t * p2[i] + t * t * t * p3[i];
  return [at(0), at(1)];
}

/**
 * An edge's path. Between neighbouring columns (or backwards, in a cycle) one curve; across
 * columns it runs in the free lane below the nodes of the columns it passes, so it never seems to
 * leave from, or enter, a node in between. `bottom` is the lowest point it reaches.
 */
function routeOf(
  from: PlacedNode,
  to: PlacedNode,
  nodes: readonly PlacedNode[],
  labelT: number,
  lanes: Map<number, number>,
): { d: string; labelX: number; labelY: number; bottom: number } {
  const x1 = leftX(from) + NODE_WIDTH;
  const y1 = centreY(from);
  const x2 = leftX(to);
  const y2 = centreY(to);
  const between = nodes.filter((node) => node.column > from.column && node.column < to.column);
  if (between.length === 0) {
    const bend = Math.max(30, (x2 - x1) / 2);
    const [labelX, labelY] = bezierPoint(labelT, [x1, y1], [x1 + bend, y1], [x2 - bend, y2], [x2, y2]);
    return { d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`, labelX, labelY, bottom: Math.max(y1, y2) };
  }
  const lowest = Math.max(...between.map((node) => node.row));
  // Edges that take the same free space below a row each get their own lane (and label), 16 px apart.
  const taken = lanes.get(lowest) ?? 0;
  lanes.set(lowest, taken + 1);
  const lane = PAD + (lowest + 1) * ROW_HEIGHT - (ROW_HEIGHT - NODE_HEIGHT) / 2 + taken * LANE_SPACING;
  const xa = PAD + (from.column + 1) * COLUMN_WIDTH - GAP / 2;
  const xb = PAD + (to.column - 1) * COLUMN_WIDTH + NODE_WIDTH + GAP / 2;
  const g = GAP / 2;
  return {
    d: `M ${x1} ${y1} C ${x1 + g} ${y1}, ${xa - g} ${lane}, ${xa} ${lane} L ${xb} ${lane} C ${xb + g} ${lane}, ${x2 - g} ${y2}, ${x2} ${y2}`,
    labelX: (xa + xb) / 2,
    labelY: lane,
    bottom: lane,
  };
}

const topY = (node: PlacedNode) => PAD + node.row * ROW_HEIGHT;
const centreY = (node: PlacedNode) => topY(node) + NODE_HEIGHT / 2;

/** An edge's share of calls that failed, and whether that is above 1 % (drawn and listed in red). */
const errorShare = (edge: ServiceEdge) => (edge.calls === 0 ? 0 : edge.errors / edge.calls);
const failing = (edge: ServiceEdge) => errorShare(edge) > 0.01;
const leftX = (node: PlacedNode) => PAD + node.column * COLUMN_WIDTH;

/**
 * Who calls whom (`/api/dependencies`): services and databases in columns, callers left of what
 * they call; each arrow says its calls and error share (red above 1 %). A service opens its traces.
 * The same edges follow as a table, with p95.
 */
export function DependencyGraph({ edges, since }: { edges: readonly ServiceEdge[]; since: string }) {
  const { nodes, columns, rows } = layoutGraph(edges);
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const width = PAD * 2 + Math.max(0, columns - 1) * COLUMN_WIDTH + NODE_WIDTH;
  // Where along its curve each edge is labelled: a caller's edges spread from 30 % to 70 % (in the
  // order of their targets, top to bottom), so labels of arrows that fan out do not stack.
  const labelAt = new Map<ServiceEdge, number>();
  for (const source of new Set(edges.map((edge) => edge.source))) {
    const fan = edges
      .filter((edge) => edge.source === source)
      .sort((a, b) => (byName.get(a.target)?.row ?? 0) - (byName.get(b.target)?.row ?? 0));
    for (const [index, edge] of fan.entries()) labelAt.set(edge, fan.length === 1 ? 0.4 : 0.3 + (0.4 * index) / (fan.length - 1));
  }
  const lanes = new Map<number, number>();
  const routes = edges.flatMap((edge) => {
    const from = byName.get(edge.source);
    const to = byName.get(edge.target);
    return from === undefined || to === undefined ? [] : [{ edge, ...routeOf(from, to, nodes, labelAt.get(edge) ?? 0.4, lanes) }];
  });
  const openTraces = (node: PlacedNode) => {
    if (node.kind === 'service') navigate(hrefOf('/traces', { service: node.name, since }));
  };
  const height = Math.max(PAD * 2 + Math.max(0, rows - 1) * ROW_HEIGHT + NODE_HEIGHT, ...routes.map((route) => route.bottom + PAD));
  return (
    <div className="dependencies">
      <div className="panel dependency-graph">
        <svg width={width} height={height} role="img" aria-label="service dependencies">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#8b949e" />
            </marker>
          </defs>
          {routes.map(({ edge, d, labelX, labelY }) => {
            return (
              <g key={`${edge.source}\u0000${edge.target}`} className={failing(edge) ? 'dependency-edge failing' : 'dependency-edge'}>
                <path className="edge-line" d={d} markerEnd="url(#arrow)" />
                <text className="edge-label" x={labelX} y={labelY - 5} textAnchor="middle">
                  {edge.calls} · {formatPercent(errorShare(edge))}
                </text>
              </g>
            );
          })}
          {nodes.map((node) => (
            // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it takes the keyboard like one.
            <g
              key={node.name}
              className={`dependency-node ${node.kind}`}
              transform={`translate(${leftX(node)} ${topY(node)})`}
              role="button"
              tabIndex={node.kind === 'service' ? 0 : -1}
              onClick={() => openTraces(node)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') openTraces(node);
              }}
            >
              <title>{node.kind === 'service' ? `${node.name}: open its traces` : `${node.name} (database)`}</title>
              <rect className="node-box" width={NODE_WIDTH} height={NODE_HEIGHT} rx={node.kind === 'database' ? 14 : 4} />
              {node.kind === 'service' ? <rect x={8} y={11} width={8} height={8} fill={serviceColor(node.name)} /> : null}
              <text className="node-label" x={node.kind === 'service' ? 22 : 12} y={19}>
                {node.name.length > 20 ? `${node.name.slice(0, 19)}…` : node.name}
              </text>
            </g>
          ))}
        </svg>
      </div>
      <table className="grid dependency-table">
        <thead>
          <tr>
            <th>caller</th>
            <th>called</th>
            <th className="num">calls</th>
            <th className="num">errors</th>
            <th className="num">p95</th>
          </tr>
        </thead>
        <tbody>
          {edges.map((edge) => (
            <tr key={`${edge.source}\u0000${edge.target}`} className="dependency-row">
              <td>
                <Link href={hrefOf('/traces', { service: edge.source, since })}>
                  <ServiceName name={edge.source} />
                </Link>
              </td>
              <td>
                {edge.targetKind === 'service' ? (
                  <Link href={hrefOf('/traces', { service: edge.target, since })}>
                    <ServiceName name={edge.target} />
                  </Link>
                ) : (
                  <span>
                    {edge.target} <span className="muted small">database</span>
                  </span>
                )}
              </td>
              <td className="num">{edge.calls}</td>
              <td className={failing(edge) ? 'num text-error' : 'num'}>{formatPercent(errorShare(edge))}</td>
              <td className="num">{formatDuration(edge.p95Ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
