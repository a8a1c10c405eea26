import type { SpanDetail, SpanOutline } from '../api/types.js';
import { nanosToMs } from '../format.js';

/** A span placed in its trace: tree links by index, times relative to the trace's start. */
export interface SpanNode {
  readonly span: SpanOutline;
  readonly index: number;
  parent: number;
  readonly children: number[];
  depth: number;
  /** Spans below this one. */
  descendants: number;
  readonly startMs: number;
  readonly endMs: number;
}

export interface TraceModel {
  readonly nodes: readonly SpanNode[];
  readonly roots: readonly number[];
  readonly startMs: number;
  readonly durationMs: number;
  readonly bySpanId: ReadonlyMap<string, number>;
  /** Span ids on the critical path: the chain of work the trace's end waited for. */
  readonly critical: ReadonlySet<number>;
  readonly services: readonly string[];
}

/**
 * Builds the span tree (orphans, whose parent never arrived, become roots), depths and subtree
 * sizes, and the critical path. Iterative throughout: a 10,000-span chain must not overflow the
 * stack, and the work stays O(n log n).
 */
export function buildTraceModel(spans: readonly SpanOutline[]): TraceModel {
  const { nodes, roots, startMs, bySpanId } = linkedNodes(spans);
  sortByStart(nodes, roots);
  countDescendants(nodes, depthFirstOrder(nodes, roots));
  const endMs = nodes.reduce((max, node) => Math.max(max, node.endMs), 0);
  const services = [...new Set(spans.map((span) => span.service))].sort();
  return { nodes, roots, startMs, durationMs: endMs, bySpanId, critical: criticalPath(nodes, roots), services };
}

/** A node per span, times relative to the trace's start, each linked to its parent's children (orphans are roots). */
function linkedNodes(spans: readonly SpanOutline[]): {
  nodes: SpanNode[];
  roots: number[];
  startMs: number;
  bySpanId: Map<string, number>;
} {
  const absoluteStart = spans.map((span) => nanosToMs(span.startTimeUnixNano));
  const startMs = absoluteStart.reduce((min, value) => Math.min(min, value), absoluteStart[0] ?? 0);
  const bySpanId = new Map<string, number>();
  for (const [index, span] of spans.entries()) bySpanId.set(span.spanId, index);
  const nodes: SpanNode[] = spans.map((span, index) => {
    const parentIndex = span.parentSpanId === null ? undefined : bySpanId.get(span.parentSpanId);
    const start = absoluteStart[index]! - startMs;
    return {
      span,
      index,
      parent: parentIndex === undefined || parentIndex === index ? -1 : parentIndex,
      children: [],
      depth: 0,
      descendants: 0,
      startMs: start,
      endMs: start + span.durationMs,
    };
  });
  const roots: number[] = [];
  for (const node of nodes) {
    if (node.parent === -1) roots.push(node.index);
    else nodes[node.parent]!.children.push(node.index);
  }
  return { nodes, roots, startMs, bySpanId };
}

/** Roots and every node's children by start; ties broken by span id, not arrival order: the same trace always draws the same way. */
function sortByStart(nodes: readonly SpanNode[], roots: number[]): void {
  const byStart = (a: number, b: number) => {
    const x = nodes[a]!;
    const y = nodes[b]!;
    return x.startMs - y.startMs || (x.span.spanId < y.span.spanId ? -1 : x.span.spanId > y.span.spanId ? 1 : 0);
  };
  roots.sort(byStart);
  for (const node of nodes) node.children.sort(byStart);
}

/**
 * The nodes in depth-first order, their depths set on the way down. A cycle of parent ids (a
 * broken exporter) leaves spans unreached: they join the roots.
 */
function depthFirstOrder(nodes: readonly SpanNode[], roots: number[]): number[] {
  const order: number[] = [];
  const seen = new Uint8Array(nodes.length);
  const visit = (root: number) => {
    const stack = [root];
    while (stack.length > 0) {
      const index = stack.pop()!;
      if (seen[index] === 1) continue;
      seen[index] = 1;
      order.push(index);
      const node = nodes[index]!;
      for (let child = node.children.length - 1; child >= 0; child--) {
        const childIndex = node.children[child]!;
        nodes[childIndex]!.depth = node.depth + 1;
        stack.push(childIndex);
      }
    }
  };
  for (const root of roots) visit(root);
  for (const node of nodes) {
    if (seen[node.index] === 0) {
      // Cut the cycle here: this span becomes a root, no longer its parent's child.
      const siblings = nodes[node.parent]!.children;
      siblings.splice(siblings.indexOf(node.index), 1);
      node.parent = -1;
      roots.push(node.index);
      node.depth = 0;
      visit(node.index);
    }
  }
  return order;
}

/** Subtree sizes, from the depth-first order reversed (every child before its parent). */
function countDescendants(nodes: readonly SpanNode[], order: readonly number[]): void {
  for (let position = order.length - 1; position >= 0; position--) {
    const node = nodes[order[position]!]!;
    if (node.parent !== -1) nodes[node.parent]!.descendants += node.descendants + 1;
  }
}

/**
 * Walks back from the end of the longest root: at each span, the child that finished last
 * before the cursor is on the path, then the cursor moves to that child's start and the next
 * child that finished before it follows (Jaeger's approach). Children are sorted by end once.
 */
function criticalPath(nodes: readonly SpanNode[], roots: readonly number[]): Set<number> {
  const critical = new Set<number>();
  if (roots.length === 0) return critical;
  const root = roots.reduce((best, index) => (nodes[index]!.endMs > nodes[best]!.endMs ? index : best), roots[0]!);
  const stack: { index: number; until: number }[] = [{ index: root, until: nodes[root]!.endMs }];
  while (stack.length > 0) {
    const { index, until } = stack.pop()!;
    critical.add(index);
    const node = nodes[index]!;
    const byEnd = [...node.children].sort((a, b) => nodes[b]!.endMs - nodes[a]!.endMs);
    let cursor = until;
    for (const child of byEnd) {
      const childNode = nodes[child]!;
      if (childNode.startMs >= cursor || childNode.endMs <= node.startMs) continue;
      stack.push({ index: child, until: Math.min(childNode.endMs, cursor) });
      cursor = childNode.startMs;
    }
  }
  return critical;
}

/** Rows in display order: depth first, skipping the subtrees of collapsed spans. */
export function visibleRows(model: TraceModel, collapsed: ReadonlySet<number>): number[] {
  const rows: number[] = [];
  const stack = [...model.roots].reverse();
  while (stack.length > 0) {
    const index = stack.pop()!;
    rows.push(index);
    if (collapsed.has(index)) continue;
    const children = model.nodes[index]!.children;
    for (let child = children.length - 1; child >= 0; child--) stack.push(children[child]!);
  }
  return rows;
}

/**
 * Error groups of a span's exceptions: the store's (it fingerprints every exception at ingest), then
 * any fingerprint the Sightline SDK put on the span or its exception events.
 */
export function fingerprintsOf(span: SpanDetail): string[] {
  const found = new Set<string>(span.errorGroups);
  const take = (value: unknown) => {
    if (typeof value === 'string' && value !== '') found.add(value);
  };
  take(span.attributes['sightline.error.fingerprint']);
  for (const event of span.events) take(event.attributes['sightline.error.fingerprint']);
  return [...found];
}

/** Time in a span not covered by any of its children (children clipped to the span, overlaps merged). */
export function selfTimeMs(model: TraceModel, index: number): number {
  const node = model.nodes[index]!;
  const intervals = node.children
    .map((child) => [Math.max(node.startMs, model.nodes[child]!.startMs), Math.min(node.endMs, model.nodes[child]!.endMs)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let cursor = node.startMs;
  for (const [start, end] of intervals) {
    if (end <= cursor) continue;
    covered += end - Math.max(start, cursor);
    cursor = end;
  }
  return Math.max(0, node.endMs - node.startMs - covered);
}
