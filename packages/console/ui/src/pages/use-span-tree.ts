import { useCallback, useEffect, useMemo, useState } from 'react';
import { type TraceModel, visibleRows } from '../components/trace-model.js';

export interface SpanTree {
  readonly collapsed: ReadonlySet<number>;
  /** The spans the waterfall shows, in display order: none inside a collapsed subtree. */
  readonly rows: readonly number[];
  readonly toggle: (index: number) => void;
  readonly expandAll: () => void;
  /** Folds every subtree below the top level. */
  readonly collapseAll: () => void;
}

/** Which subtrees of the waterfall are folded: a new trace starts expanded, and a selected span is always shown. */
export function useSpanTree(traceId: string, model: TraceModel | undefined, selected: number | undefined): SpanTree {
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new trace starts expanded.
  useEffect(() => setCollapsed(new Set()), [traceId]);
  const rows = useMemo(() => (model === undefined ? [] : visibleRows(model, collapsed)), [model, collapsed]);
  // A span selected inside a collapsed subtree (a deep link, a log line, a search) is shown: its ancestors open.
  useEffect(() => {
    if (model === undefined || selected === undefined) return;
    setCollapsed((previous) => withAncestorsOpen(model, selected, previous));
  }, [model, selected]);
  const toggle = useCallback((index: number) => {
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  }, []);
  const expandAll = () => setCollapsed(new Set());
  const collapseAll = () => {
    if (model === undefined) return;
    setCollapsed(new Set(model.nodes.filter((node) => node.depth >= 1 && node.children.length > 0).map((node) => node.index)));
  };
  return { collapsed, rows, toggle, expandAll, collapseAll };
}

/** `collapsed` without the ancestors of span `index`, or `collapsed` itself when none of them is folded. */
function withAncestorsOpen(model: TraceModel, index: number, collapsed: ReadonlySet<number>): ReadonlySet<number> {
  const ancestors: number[] = [];
  for (let parent = model.nodes[index]!.parent; parent !== -1; parent = model.nodes[parent]!.parent) {
    if (collapsed.has(parent)) ancestors.push(parent);
  }
  if (ancestors.length === 0) return collapsed;
  const next = new Set(collapsed);
  for (const ancestor of ancestors) next.delete(ancestor);
  return next;
}
