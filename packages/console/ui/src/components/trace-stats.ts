import { selfTimeMs, type TraceModel } from './trace-model.js';

/** The spans of one service and name in a trace: how many, how long, and the time they spent themselves. */
export interface SpanStat {
  readonly key: string;
  readonly service: string;
  readonly name: string;
  readonly count: number;
  readonly errors: number;
  readonly totalMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Time in these spans not covered by a child span (Jaeger's "self time"). */
  readonly selfMs: number;
  /** This group's share of the trace's self time, 0-1: where the trace's own work went (the shares add up to 1). */
  readonly selfShare: number;
}

/**
 * A trace's spans grouped by service and name (Jaeger's trace statistics), most self time first:
 * the operations the trace spent its time in, whether they ran once or a thousand times (an N+1
 * query shows as one row with a large count).
 */
export function traceStatistics(model: TraceModel): SpanStat[] {
  const groups = new Map<string, { -readonly [field in keyof SpanStat]: SpanStat[field] }>();
  let allSelfMs = 0;
  for (const node of model.nodes) {
    const { service, name, durationMs, status } = node.span;
    const key = `${service}\u0000${name}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { key, service, name, count: 0, errors: 0, totalMs: 0, minMs: durationMs, maxMs: durationMs, selfMs: 0, selfShare: 0 };
      groups.set(key, group);
    }
    const self = selfTimeMs(model, node.index);
    group.count += 1;
    if (status === 'error') group.errors += 1;
    group.totalMs += durationMs;
    group.minMs = Math.min(group.minMs, durationMs);
    group.maxMs = Math.max(group.maxMs, durationMs);
    group.selfMs += self;
    allSelfMs += self;
  }
  const stats = [...groups.values()];
  for (const group of stats) group.selfShare = allSelfMs > 0 ? group.selfMs / allSelfMs : 0;
  return stats.sort((a, b) => b.selfMs - a.selfMs || b.totalMs - a.totalMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
