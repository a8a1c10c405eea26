import type { ServiceEdge } from '../api/types.js';
import { counted, formatDuration, formatPercent, serviceColor } from '../format.js';
import { hrefOf, navigate } from '../router.js';
import { edgeLabel, errorShare, failing } from './dependency-edge-share.js';
import { layoutGraph, type PlacedNode } from './dependency-layout.js';
import { type GraphGeometry, nodeLeft, nodeTop, type Route, routeEdges } from './dependency-routes.js';
import { DependencyTable } from './dependency-table.js';
import { useWidth } from './use-width.js';

/** The narrowest and widest a column gets: columns widen with the panel, up to this. */
const MIN_COLUMN_WIDTH = 240;
const MAX_COLUMN_WIDTH = 400;
const NODE_WIDTH = 150;
const NODE_HEIGHT = 30;
const ROW_HEIGHT = 64;
const PAD = 16;
const LANE_SPACING = 16;

/**
 * Who calls whom (`/api/dependencies`): services and databases in columns, callers left of what
 * they call; each arrow says its calls and error share (red above 1 %). A service opens its traces.
 * The same edges follow as a table, with p95.
 */
export function DependencyGraph({ edges, since }: { edges: readonly ServiceEdge[]; since: string }) {
  const [panel, panelWidth] = useWidth();
  const { nodes, columns, rows } = layoutGraph(edges);
  // Wider columns when the panel has room: arrows that cross columns get long, readable lanes.
  const fit = columns > 1 ? (panelWidth - PAD * 2 - NODE_WIDTH) / (columns - 1) : MIN_COLUMN_WIDTH;
  const columnWidth = Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, fit)));
  const geometry = {
    columnWidth,
    nodeWidth: NODE_WIDTH,
    nodeHeight: NODE_HEIGHT,
    rowHeight: ROW_HEIGHT,
    pad: PAD,
    laneSpacing: LANE_SPACING,
  };
  const routes = routeEdges(edges, nodes, geometry, edgeLabel);
  const width = PAD * 2 + Math.max(0, columns - 1) * columnWidth + NODE_WIDTH;
  const openTraces = (node: PlacedNode) => {
    if (node.kind === 'service') navigate(hrefOf('/traces', { service: node.name, since }));
  };
  const height = Math.max(PAD * 2 + Math.max(0, rows - 1) * ROW_HEIGHT + NODE_HEIGHT, ...routes.map((route) => route.bottom + PAD));
  return (
    <div className="dependencies">
      <div className="panel dependency-graph" ref={panel}>
        <svg width={width} height={height} role="img" aria-label="service dependencies">
          <defs>
            <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#8b949e" />
            </marker>
          </defs>
          {routes.map((route) => (
            <EdgeArrow key={`${route.edge.source}\u0000${route.edge.target}`} route={route} />
          ))}
          {nodes.map((node) => (
            <GraphNode key={node.name} node={node} geometry={geometry} onOpen={openTraces} />
          ))}
        </svg>
      </div>
      <DependencyTable edges={edges} since={since} />
    </div>
  );
}

/** An edge's arrow and its label: calls and error share, red above 1 %. */
function EdgeArrow({ route: { edge, d, label } }: { route: Route<ServiceEdge> }) {
  return (
    <g className={failing(edge) ? 'dependency-edge failing' : 'dependency-edge'}>
      <title>{`${edge.source} → ${edge.target}: ${counted(edge.calls, 'call')}, ${formatPercent(errorShare(edge))} failed, p95 ${formatDuration(edge.p95Ms)}`}</title>
      <path className="edge-line" d={d} markerEnd="url(#arrow)" />
      <text className="edge-label" x={label.x} y={label.y} textAnchor="middle">
        {edgeLabel(edge)}
      </text>
    </g>
  );
}

/** A service (it opens its traces) or a database, as a box at its place. */
function GraphNode({ node, geometry, onOpen }: { node: PlacedNode; geometry: GraphGeometry; onOpen: (node: PlacedNode) => void }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it takes the keyboard like one.
    <g
      className={`dependency-node ${node.kind}`}
      transform={`translate(${nodeLeft(geometry, node)} ${nodeTop(geometry, node)})`}
      role="button"
      tabIndex={node.kind === 'service' ? 0 : -1}
      onClick={() => onOpen(node)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onOpen(node);
      }}
    >
      <title>{node.kind === 'service' ? `${node.name}: open its traces` : `${node.name} (database)`}</title>
      <rect className="node-box" width={NODE_WIDTH} height={NODE_HEIGHT} rx={node.kind === 'database' ? 14 : 4} />
      {node.kind === 'service' ? <rect x={8} y={11} width={8} height={8} fill={serviceColor(node.name)} /> : null}
      <text className="node-label" x={node.kind === 'service' ? 22 : 12} y={19}>
        {node.name.length > 20 ? `${node.name.slice(0, 19)}…` : node.name}
      </text>
    </g>
  );
}
