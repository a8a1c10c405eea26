import type { SpanOutline } from '../api/types.js';

/** The spans of one service and name in two traces: count and total duration on each side. */
export interface SpanGroup {
  readonly key: string;
  readonly service: string;
  readonly name: string;
  readonly countA: number;
  readonly countB: number;
  readonly totalA: number;
  readonly totalB: number;
  /** Spans of the group with status error, on each side. */
  readonly errorsA: number;
  readonly errorsB: number;
}

/** Spans grouped by service and name, with count and total duration on each side; the largest difference first. */
export function compareTraces(a: readonly SpanOutline[], b: readonly SpanOutline[]): SpanGroup[] {
  const groups = new Map<string, { -readonly [field in keyof Omit<SpanGroup, 'key'>]: SpanGroup[field] }>();
  const add = (span: SpanOutline, side: 'A' | 'B') => {
    const key = `${span.service}\u0000${span.name}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { service: span.service, name: span.name, countA: 0, countB: 0, totalA: 0, totalB: 0, errorsA: 0, errorsB: 0 };
      groups.set(key, group);
    }
    group[`count${side}`] += 1;
    group[`total${side}`] += span.durationMs;
    if (span.status === 'error') group[`errors${side}`] += 1;
  };
  for (const span of a) add(span, 'A');
  for (const span of b) add(span, 'B');
  return [...groups.entries()]
    .map(([key, group]) => ({ key, ...group }))
    .sort((x, y) => Math.abs(y.totalB - y.totalA) - Math.abs(x.totalB - x.totalA) || x.key.localeCompare(y.key));
}

/** One side of a comparison: its value, or absent (no such span on that side). */
export type Side = number | undefined;

export interface DeltaText {
  readonly text: string;
  /** `worse`: B is larger; `better`: smaller; `same`: equal. */
  readonly direction: 'worse' | 'better' | 'same';
}

/** From this ratio of B to A up, the difference reads as a factor ("×690"), not as a percentage ("+68695%"). */
const FACTOR_FROM = 10;
const MINUS = '−';

/**
 * How B differs from A: the difference, then "new" when only B has it, "gone" when only A has it,
 * and else the relative change when both are non-zero (a percentage up to ×10, a factor past it).
 */
export function describeDelta(a: Side, b: Side, format: (value: number) => string): DeltaText {
  if (a === undefined && b === undefined) return { text: '–', direction: 'same' };
  if (a === undefined) return { text: `+${format(b!)} (new)`, direction: 'worse' };
  if (b === undefined) return { text: `${MINUS}${format(a)} (gone)`, direction: 'better' };
  const delta = b - a;
  if (delta === 0) return { text: '=', direction: 'same' };
  const sign = delta > 0 ? '+' : MINUS;
  const absolute = `${sign}${format(Math.abs(delta))}`;
  if (a === 0 || b === 0) return { text: absolute, direction: delta > 0 ? 'worse' : 'better' };
  const ratio = b / a;
  const relative = ratio >= FACTOR_FROM ? `×${formatFactor(ratio)}` : `${sign}${Math.round((Math.abs(delta) / a) * 100)}%`;
  return { text: `${absolute} (${relative})`, direction: delta > 0 ? 'worse' : 'better' };
}

function formatFactor(ratio: number): string {
  return ratio < 100 ? ratio.toFixed(0) : String(Math.round(ratio / 10) * 10);
}

/** A group's side as the delta reads it: absent when that trace has no such span. */
export function countSide(count: number): Side {
  return count === 0 ? undefined : count;
}

export function totalSide(count: number, total: number): Side {
  return count === 0 ? undefined : total;
}

/**
 * Where a group's spans failed: "error in A", "error in B", "error in A and B", or undefined when
 * no span of it has status error; `title` counts them.
 */
export function errorMark(group: SpanGroup): { text: string; title: string } | undefined {
  const sides = [
    ['A', group.errorsA, group.countA],
    ['B', group.errorsB, group.countB],
  ] as const;
  const failing = sides.filter(([, errors]) => errors > 0);
  if (failing.length === 0) return undefined;
  return {
    text: `error in ${failing.map(([side]) => side).join(' and ')}`,
    title: `status error: ${failing.map(([side, errors, count]) => `${errors} of ${count} in ${side}`).join(', ')}`,
  };
}
