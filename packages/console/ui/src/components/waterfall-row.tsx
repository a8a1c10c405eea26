import { formatDuration, serviceColor } from '../format.js';
import type { SpanNode } from './trace-model.js';

export const WATERFALL_ROW_HEIGHT = 24;

interface WaterfallRowProps {
  readonly node: SpanNode;
  /** The trace's duration (at least 1 ms): the timeline's width. */
  readonly totalMs: number;
  readonly selected: boolean;
  readonly critical: boolean;
  readonly match: boolean;
  readonly collapsed: boolean;
  readonly onSelect: (index: number) => void;
  readonly onToggle: (index: number) => void;
}

function labelStyle(place: 'right' | 'left' | 'inside', left: number, width: number) {
  if (place === 'right') return { left: `${left + width}%`, marginLeft: 4 };
  if (place === 'left') return { right: `${100 - left}%`, marginRight: 4 };
  return { right: `${100 - left - width}%`, marginRight: 4 };
}

/** A span's row: its name in the tree (folding its subtree), and its bar on the timeline with its duration. */
export function WaterfallRow({ node, totalMs, selected, critical, match, collapsed, onSelect, onToggle }: WaterfallRowProps) {
  const { span, index } = node;
  const left = (node.startMs / totalMs) * 100;
  const width = Math.max((span.durationMs / totalMs) * 100, 0.15);
  const classes = ['waterfall-row'];
  if (selected) classes.push('selected');
  if (span.status === 'error') classes.push('error');
  if (critical) classes.push('critical');
  if (match) classes.push('match');
  // The duration label goes right of the bar, or left of it near the end, or inside a wide bar at the start.
  const labelPlace = left + width <= 85 ? 'right' : left >= 12 ? 'left' : 'inside';
  return (
    // biome-ignore lint/a11y/useSemanticElements: a windowed row is an absolutely placed div; table rows cannot be windowed this way.
    <div
      className={classes.join(' ')}
      style={{ height: WATERFALL_ROW_HEIGHT }}
      data-span-id={span.spanId}
      onClick={() => onSelect(index)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onSelect(index);
      }}
      role="row"
      tabIndex={-1}
    >
      <SpanName node={node} collapsed={collapsed} onToggle={onToggle} />
      <div className="waterfall-timeline">
        <div
          className="waterfall-bar"
          style={{ left: `${left}%`, width: `${width}%`, background: span.status === 'error' ? undefined : serviceColor(span.service) }}
        />
        <span className={`waterfall-duration ${labelPlace}`} style={labelStyle(labelPlace, left, width)}>
          {formatDuration(span.durationMs)}
        </span>
      </div>
    </div>
  );
}

/** The span's service and name, indented by its depth, after the button that folds its subtree (and how many spans that hides). */
function SpanName({ node, collapsed, onToggle }: { node: SpanNode; collapsed: boolean; onToggle: (index: number) => void }) {
  const { span, index } = node;
  return (
    <div className="waterfall-name" style={{ paddingLeft: 6 + Math.min(node.depth, 40) * 14 }}>
      {node.children.length > 0 ? (
        <button
          type="button"
          className="toggle"
          aria-label={collapsed ? 'expand' : 'collapse'}
          onClick={(event) => {
            event.stopPropagation();
            onToggle(index);
          }}
        >
          {collapsed ? '▸' : '▾'}
        </button>
      ) : (
        <span className="toggle-space" />
      )}
      <span className="swatch" style={{ background: serviceColor(span.service) }} />
      <span className="span-service">{span.service}</span>
      <span className="span-name" title={span.name}>
        {span.name}
      </span>
      {collapsed ? <span className="hidden-count">+{node.descendants.toLocaleString()}</span> : null}
    </div>
  );
}
