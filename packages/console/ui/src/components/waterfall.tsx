import { type KeyboardEvent, useCallback, useEffect } from 'react';
import { formatDuration, serviceColor } from '../format.js';
import { tickFractions } from './time-ticks.js';
import type { TraceModel } from './trace-model.js';
import { useWidth } from './use-width.js';
import { VirtualRows } from './virtual-rows.js';

export const WATERFALL_ROW_HEIGHT = 24;

interface WaterfallProps {
  readonly model: TraceModel;
  readonly rows: readonly number[];
  readonly collapsed: ReadonlySet<number>;
  /** Spans a search found: marked in the timeline. */
  readonly matches?: ReadonlySet<number>;
  readonly selected: number | undefined;
  readonly showCritical: boolean;
  readonly onSelect: (index: number) => void;
  readonly onToggle: (index: number) => void;
}

function labelStyle(place: 'right' | 'left' | 'inside', left: number, width: number) {
  if (place === 'right') return { left: `${left + width}%`, marginLeft: 4 };
  if (place === 'left') return { right: `${100 - left}%`, marginRight: 4 };
  return { right: `${100 - left - width}%`, marginRight: 4 };
}

/** The trace as a timeline: one row per visible span, windowed, subtrees collapsible. */
export function Waterfall({ model, rows, collapsed, matches, selected, showCritical, onSelect, onToggle }: WaterfallProps) {
  const total = model.durationMs > 0 ? model.durationMs : 1;
  // A performance mark at the first frame with rows, for measuring how fast a trace opens.
  useEffect(() => {
    const frame = requestAnimationFrame(() => performance.mark('sightline:waterfall-painted'));
    return () => cancelAnimationFrame(frame);
  }, []);
  const selectedRow = selected === undefined ? undefined : rows.indexOf(selected);
  // As many ticks as the timeline's width holds: beside an open span panel it is a third of the page.
  const [timeline, timelineWidth] = useWidth();
  const ticks = tickFractions(timelineWidth, formatDuration(model.durationMs).length);

  const renderRow = useCallback(
    (position: number) => {
      const index = rows[position]!;
      const node = model.nodes[index]!;
      const { span } = node;
      const left = (node.startMs / total) * 100;
      const width = Math.max((span.durationMs / total) * 100, 0.15);
      const isCritical = showCritical && model.critical.has(index);
      const classes = ['waterfall-row'];
      if (index === selected) classes.push('selected');
      if (span.status === 'error') classes.push('error');
      if (isCritical) classes.push('critical');
      if (matches?.has(index)) classes.push('match');
      // The duration label goes right of the bar, or left of it near the end, or inside a wide bar at the start.
      const labelPlace = left + width <= 85 ? 'right' : left >= 12 ? 'left' : 'inside';
      return (
        // biome-ignore lint/a11y/useSemanticElements: a windowed row is an absolutely placed div; table rows cannot be windowed this way.
        <div
          key={index}
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
          <div className="waterfall-name" style={{ paddingLeft: 6 + Math.min(node.depth, 40) * 14 }}>
            {node.children.length > 0 ? (
              <button
                type="button"
                className="toggle"
                aria-label={collapsed.has(index) ? 'expand' : 'collapse'}
                onClick={(event) => {
                  event.stopPropagation();
                  onToggle(index);
                }}
              >
                {collapsed.has(index) ? '▸' : '▾'}
              </button>
            ) : (
              <span className="toggle-space" />
            )}
            <span className="swatch" style={{ background: serviceColor(span.service) }} />
            <span className="span-service">{span.service}</span>
            <span className="span-name" title={span.name}>
              {span.name}
            </span>
            {collapsed.has(index) ? <span className="hidden-count">+{node.descendants.toLocaleString()}</span> : null}
          </div>
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
    },
    [rows, model, total, selected, collapsed, matches, showCritical, onSelect, onToggle],
  );

  // Keyboard: ↑/↓ move the selection, ← collapses (or goes to the parent), → expands.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const position = selectedRow === undefined ? -1 : selectedRow;
    const node = selected === undefined ? undefined : model.nodes[selected];
    if (event.key === 'ArrowDown') onSelect(rows[Math.min(rows.length - 1, position + 1)]!);
    else if (event.key === 'ArrowUp') onSelect(rows[Math.max(0, position - 1)]!);
    else if (event.key === 'ArrowLeft' && node !== undefined) {
      if (node.children.length > 0 && !collapsed.has(node.index)) onToggle(node.index);
      else if (node.parent !== -1) onSelect(node.parent);
    } else if (event.key === 'ArrowRight' && node !== undefined && collapsed.has(node.index)) onToggle(node.index);
    else return;
    event.preventDefault();
    // Keep the keys coming here when the focused row leaves the page (folded or scrolled out of the window).
    event.currentTarget.focus({ preventScroll: true });
  };

  return (
    <div className="waterfall" role="treegrid" tabIndex={0} onKeyDown={onKeyDown} aria-label="trace waterfall: arrow keys move and fold">
      <div className="waterfall-header">
        <div className="waterfall-name">
          Span ({rows.length.toLocaleString()} of {model.nodes.length.toLocaleString()} shown)
        </div>
        <div className="waterfall-timeline" ref={timeline}>
          {ticks.map((tick) => (
            <span key={tick} className="tick" style={tick === 1 ? { right: 0 } : { left: `${tick * 100}%` }}>
              {formatDuration(model.durationMs * tick)}
            </span>
          ))}
        </div>
      </div>
      <VirtualRows
        count={rows.length}
        rowHeight={WATERFALL_ROW_HEIGHT}
        renderRow={renderRow}
        className="waterfall-body"
        scrollToIndex={selectedRow}
      />
    </div>
  );
}
