import { useMemo, useState } from 'react';
import type { SpanDetail } from '../api/types.js';
import { type TraceModel, visibleRows } from '../components/trace-model.js';
import type { SpanStat } from '../components/trace-stats.js';
import { valueText } from '../format.js';

export interface SpanFind {
  readonly text: string;
  readonly setText: (text: string) => void;
  /** The spans found, in display order. */
  readonly matches: readonly number[];
  readonly matchSet: ReadonlySet<number>;
  /** Selects the next (1) or previous (-1) match, wrapping around. */
  readonly step: (direction: 1 | -1) => void;
  /** Opens the waterfall at a statistics row's first span, the find box holding its name (↓ steps through the rest). */
  readonly pick: (stat: SpanStat) => void;
}

/** The waterfall's find box: its text, the spans it finds, and stepping the selection through them. */
export function useSpanFind(
  model: TraceModel | undefined,
  detailBySpanId: ReadonlyMap<string, SpanDetail>,
  selected: number | undefined,
  select: (index: number | undefined) => void,
): SpanFind {
  const [text, setText] = useState('');
  const pick = (stat: SpanStat) => {
    if (model === undefined) return;
    setText(stat.name);
    select(
      visibleRows(model, new Set()).find((index) => {
        const { span } = model.nodes[index]!;
        return span.service === stat.service && span.name === stat.name;
      }),
    );
  };
  const matches = useMemo(() => (model === undefined ? [] : findSpans(model, detailBySpanId, text)), [model, detailBySpanId, text]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const step = (direction: 1 | -1) => {
    if (matches.length === 0) return;
    const current = selected === undefined ? -1 : matches.indexOf(selected);
    const next = current === -1 ? (direction === 1 ? 0 : matches.length - 1) : (current + direction + matches.length) % matches.length;
    select(matches[next]);
  };
  return { text, setText, matches, matchSet, step, pick };
}

/**
 * Spans (in display order) whose name, service or an attribute value contains `text`, ignoring
 * case (attribute values once the details have arrived).
 */
function findSpans(model: TraceModel, details: ReadonlyMap<string, SpanDetail>, text: string): number[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  const found: number[] = [];
  for (const index of visibleRows(model, new Set())) {
    const { span } = model.nodes[index]!;
    if (
      span.name.toLowerCase().includes(needle) ||
      span.service.toLowerCase().includes(needle) ||
      Object.values(details.get(span.spanId)?.attributes ?? {}).some((value) => valueText(value).toLowerCase().includes(needle))
    ) {
      found.push(index);
    }
  }
  return found;
}
