import { describe, expect, it } from 'vitest';
import type { SpanOutline } from '../ui/src/api/types.js';
import { compareTraces, countSide, describeDelta, errorMark, totalSide } from '../ui/src/components/trace-compare.js';
import { formatDuration } from '../ui/src/format.js';

const span = (service: string, name: string, durationMs: number, status: 'ok' | 'error' | 'unset' = 'ok'): SpanOutline =>
  ({
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    parentSpanId: null,
    service,
    name,
    kind: 'server',
    startTimeUnixNano: '1764633600000000000',
    durationMs,
    status,
  }) as SpanOutline;

describe('comparing two traces per span name', () => {
  it('reads a span only one trace has as absent on the other side, not as 0 µs', () => {
    const groups = compareTraces(
      [span('orders-api', 'POST /orders', 2)],
      [span('orders-api', 'POST /orders', 1210), span('payments', 'POST /charges', 1200)],
    );
    // The largest difference first.
    expect(groups.map((group) => group.name)).toEqual(['POST /orders', 'POST /charges']);
    const charge = groups[1];
    expect(charge).toMatchObject({ name: 'POST /charges', countA: 0, countB: 1 });
    expect(totalSide(charge!.countA, charge!.totalA)).toBeUndefined();
    expect(describeDelta(totalSide(charge!.countA, charge!.totalA), totalSide(charge!.countB, charge!.totalB), formatDuration)).toEqual({
      text: '+1.20 s (new)',
      direction: 'worse',
    });
    expect(describeDelta(countSide(charge!.countA), countSide(charge!.countB), String).text).toBe('+1 (new)');
    expect(describeDelta(countSide(1), countSide(0), String)).toEqual({ text: '−1 (gone)', direction: 'better' });
  });

  it('gives a percentage up to ten times, a factor past it, and nothing relative to zero', () => {
    expect(describeDelta(3, 1, String).text).toBe('−2 (−67%)');
    expect(describeDelta(100, 145, String).text).toBe('+45 (+45%)');
    // The walkthrough's "+1.21 s (+68695%)": 1.76 ms against 1.21 s.
    expect(describeDelta(1.76, 1210, formatDuration).text).toBe('+1.21 s (×690)');
    expect(describeDelta(2, 50, String).text).toBe('+48 (×25)');
    expect(describeDelta(0, 0.5, formatDuration).text).toBe('+500 µs');
    expect(describeDelta(7, 7, String)).toEqual({ text: '=', direction: 'same' });
    expect(describeDelta(undefined, undefined, String).text).toBe('–');
  });

  it('counts the spans with status error on each side and marks the groups that have any', () => {
    const groups = compareTraces(
      [span('payments', 'POST /charges', 5, 'error'), span('orders-api', 'pg.query', 3), span('orders-api', 'pg.query', 4, 'error')],
      [span('payments', 'POST /charges', 6), span('orders-api', 'pg.query', 2), span('orders-api', 'redis GET', 1, 'unset')],
    );
    const byName = new Map(groups.map((group) => [group.name, group]));
    expect(byName.get('POST /charges')).toMatchObject({ errorsA: 1, errorsB: 0 });
    expect(byName.get('pg.query')).toMatchObject({ countA: 2, errorsA: 1, countB: 1, errorsB: 0 });
    expect(errorMark(byName.get('POST /charges')!)).toEqual({ text: 'error in A', title: 'status error: 1 of 1 in A' });
    expect(errorMark(byName.get('pg.query')!)?.title).toBe('status error: 1 of 2 in A');
    expect(errorMark(byName.get('redis GET')!)).toBeUndefined();
    const both = compareTraces([span('payments', 'POST /charges', 5, 'error')], [span('payments', 'POST /charges', 5, 'error')]);
    expect(errorMark(both[0]!)).toEqual({ text: 'error in A and B', title: 'status error: 1 of 1 in A, 1 of 1 in B' });
    expect(errorMark(compareTraces([], [span('payments', 'POST /charges', 5, 'error')])[0]!)?.text).toBe('error in B');
  });
});
