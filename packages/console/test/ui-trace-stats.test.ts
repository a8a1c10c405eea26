import { describe, expect, it } from 'vitest';
import type { SpanOutline } from '../ui/src/api/types.js';
import { buildTraceModel } from '../ui/src/components/trace-model.js';
import { traceStatistics } from '../ui/src/components/trace-stats.js';

const T0 = 1_764_000_000_000n * 1_000_000n;

function span(
  spanId: string,
  parentSpanId: string | null,
  name: string,
  startMs: number,
  durationMs: number,
  extra: Partial<SpanOutline> = {},
): SpanOutline {
  const start = T0 + BigInt(Math.round(startMs * 1_000_000));
  return {
    spanId: spanId.padStart(16, '0'),
    parentSpanId: parentSpanId === null ? null : parentSpanId.padStart(16, '0'),
    service: 'orders-api',
    name,
    kind: 'internal',
    startTimeUnixNano: start.toString(),
    durationMs,
    status: 'unset',
    ...extra,
  } as SpanOutline;
}

describe('trace statistics', () => {
  it('groups spans by service and name with count, total, min, max and self time, most self time first', () => {
    // A request of 100 ms: a 10 ms validation, then five queries of 12 ms one after another (an N+1), then 5 ms of its own.
    const spans = [
      span('1', null, 'GET /orders', 0, 100),
      span('2', '1', 'validate', 0, 10),
      ...[0, 1, 2, 3, 4].map((i) => span(`q${i}`, '1', 'SELECT items', 10 + i * 12, 12)),
      span('3', '2', 'SELECT users', 2, 4),
    ];
    const stats = traceStatistics(buildTraceModel(spans));
    expect(stats.map((stat) => [stat.name, stat.count, stat.totalMs, stat.minMs, stat.maxMs, stat.selfMs])).toEqual([
      ['SELECT items', 5, 60, 12, 12, 60],
      ['GET /orders', 1, 100, 100, 100, 30],
      ['validate', 1, 10, 10, 10, 6],
      ['SELECT users', 1, 4, 4, 4, 4],
    ]);
    // Self time adds up to the trace's duration when nothing runs in parallel; the shares to 1.
    expect(stats.reduce((sum, stat) => sum + stat.selfMs, 0)).toBe(100);
    expect(stats.map((stat) => stat.selfShare)).toEqual([0.6, 0.3, 0.06, 0.04]);
  });

  it('keeps two services with the same span name apart and counts errors per group', () => {
    const spans = [
      span('1', null, 'POST /orders', 0, 50),
      span('2', '1', 'POST', 5, 40, { status: 'error' }),
      span('3', '2', 'POST', 6, 38, { service: 'payments', status: 'error' }),
      span('4', '2', 'POST', 44, 1, { service: 'payments' }),
    ];
    const stats = traceStatistics(buildTraceModel(spans));
    const of = (service: string, name: string) => stats.find((stat) => stat.service === service && stat.name === name)!;
    expect(of('orders-api', 'POST')).toMatchObject({ count: 1, errors: 1, totalMs: 40 });
    expect(of('payments', 'POST')).toMatchObject({ count: 2, errors: 1, totalMs: 39, minMs: 1, maxMs: 38 });
    expect(stats).toHaveLength(3);
  });

  it('counts time where children overlap once, and a child outliving its parent only inside the parent', () => {
    const spans = [
      span('1', null, 'root', 0, 20),
      span('2', '1', 'a', 0, 10),
      span('3', '1', 'b', 5, 10),
      // Fire and forget: runs 10 ms past the root's end.
      span('4', '1', 'async', 18, 12),
    ];
    const stats = traceStatistics(buildTraceModel(spans));
    expect(stats.find((stat) => stat.name === 'root')!.selfMs).toBe(3);
    expect(stats.find((stat) => stat.name === 'async')!.selfMs).toBe(12);
  });

  it('has no rows for an empty trace and no share without self time', () => {
    expect(traceStatistics(buildTraceModel([]))).toEqual([]);
    const [only] = traceStatistics(buildTraceModel([span('1', null, 'instant', 0, 0)]));
    expect(only).toMatchObject({ count: 1, selfMs: 0, selfShare: 0 });
  });
});
