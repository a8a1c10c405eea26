import { type KeyboardEvent, useCallback, useEffect } from 'react';
import { formatDuration } from '../format.js';
import { tickFractions } from './time-ticks.js';
import type { SpanNode, TraceModel } from './trace-model.js';
import { useWidth } from './use-width.js';
import { VirtualRows } from './virtual-rows.js';
import { WATERFALL_ROW_HEIGHT, WaterfallRow } from './waterfall-row.js';

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

/** The trace as a timeline: one row per visible span, windowed, subtrees collapsible. */
export function Waterfall({ model, rows, collapsed, matches, selected, showCritical, onSelect, onToggle }: WaterfallProps) {
  const total = model.durationMs > 0 ? model.durationMs : 1;
  // A performance mark at the first frame with rows, for measuring how fast a trace opens.
  useEffect(() => {
    const frame = requestAnimationFrame(() => performance.mark('sightline:waterfall-painted'));
    return () => cancelAnimationFrame(frame);
  }, []);
  const selectedRow = selected === undefined ? undefined : rows.indexOf(selected);

  const renderRow = useCallback(
    (position: number) => {
      const index = rows[position]!;
      return (
        <WaterfallRow
          key={index}
          node={model.nodes[index]!}
          totalMs={total}
          selected={index === selected}
          critical={showCritical && model.critical.has(index)}
          match={matches?.has(index) === true}
          collapsed={collapsed.has(index)}
          onSelect={onSelect}
          onToggle={onToggle}
        />
      );
    },
    [rows, model, total, selected, collapsed, matches, showCritical, onSelect, onToggle],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const node = selected === undefined ? undefined : model.nodes[selected];
    if (!arrowKey(event.key, { rows, selectedRow, node, collapsed, onSelect, onToggle })) return;
    event.preventDefault();
    // Keep the keys coming here when the focused row leaves the page (folded or scrolled out of the window).
    event.currentTarget.focus({ preventScroll: true });
  };

  return (
    <div className="waterfall" role="treegrid" tabIndex={0} onKeyDown={onKeyDown} aria-label="trace waterfall: arrow keys move and fold">
      <WaterfallHeader model={model} shown={rows.length} />
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

/** The span column's heading (how many spans are shown), and the timeline's ticks. */
function WaterfallHeader({ model, shown }: { model: TraceModel; shown: number }) {
  // As many ticks as the timeline's width holds: beside an open span panel it is a third of the page.
  const [timeline, timelineWidth] = useWidth();
  const ticks = tickFractions(timelineWidth, formatDuration(model.durationMs).length);
  return (
    <div className="waterfall-header">
      <div className="waterfall-name">
        Span ({shown.toLocaleString()} of {model.nodes.length.toLocaleString()} shown)
      </div>
      <div className="waterfall-timeline" ref={timeline}>
        {ticks.map((tick) => (
          <span key={tick} className="tick" style={tick === 1 ? { right: 0 } : { left: `${tick * 100}%` }}>
            {formatDuration(model.durationMs * tick)}
          </span>
        ))}
      </div>
    </div>
  );
}

interface ArrowKeyContext {
  readonly rows: readonly number[];
  readonly selectedRow: number | undefined;
  /** The selected span. */
  readonly node: SpanNode | undefined;
  readonly collapsed: ReadonlySet<number>;
  readonly onSelect: (index: number) => void;
  readonly onToggle: (index: number) => void;
}

/** Keyboard: ↑/↓ move the selection, ← collapses (or goes to the parent), → expands. Whether `key` was one of those. */
function arrowKey(key: string, { rows, selectedRow, node, collapsed, onSelect, onToggle }: ArrowKeyContext): boolean {
  const position = selectedRow === undefined ? -1 : selectedRow;
  if (key === 'ArrowDown') onSelect(rows[Math.min(rows.length - 1, position + 1)]!);
  else if (key === 'ArrowUp') onSelect(rows[Math.max(0, position - 1)]!);
  else if (key === 'ArrowLeft' && node !== undefined) {
    if (node.children.length > 0 && !collapsed.has(node.index)) onToggle(node.index);
    else if (node.parent !== -1) onSelect(node.parent);
  } else if (key === 'ArrowRight' && node !== undefined && collapsed.has(node.index)) onToggle(node.index);
  else return false;
  return true;
}
