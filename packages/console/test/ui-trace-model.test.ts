import { describe, expect, it } from 'vitest';
import type { SpanDetail } from '../ui/src/api/types.js';
import { buildTraceModel, fingerprintsOf, selfTimeMs, visibleRows } from '../ui/src/components/trace-model.js';

const T0 = 1_764_000_000_000n * 1_000_000n;

function span(
  spanId: string,
  parentSpanId: string | null,
  startMs: number,
  durationMs: number,
  extra: Partial<SpanDetail> = {},
): SpanDetail {
  const start = T0 + BigInt(Math.round(startMs * 1_000_000));
  return {
    traceId: 'a'.repeat(32),
    spanId: spanId.padStart(16, '0'),
    parentSpanId: parentSpanId === null ? null : parentSpanId.padStart(16, '0'),
    service: 'orders-api',
    name: `span ${spanId}`,
    kind: 'internal',
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + BigInt(Math.round(durationMs * 1_000_000))).toString(),
    durationMs,
    status: 'unset',
    statusMessage: null,
    attributes: {},
    resource: {},
    scopeName: '',
    scopeVersion: null,
    traceState: null,
    events: [],
    links: [],
    errorGroups: [],
    ...extra,
  };
}

const names = (model: ReturnType<typeof buildTraceModel>, indexes: Iterable<number>) =>
  [...indexes].map((index) => model.nodes[index]!.span.name);

describe('the trace model of the waterfall', () => {
  it('puts sequential children on the critical path and leaves a shorter parallel one off it', () => {
    const model = buildTraceModel([
      span('1', null, 0, 100),
      span('2', '1', 1, 3), // cache lookup, parallel with 3
      span('3', '1', 1, 60), // slow query
      span('4', '1', 62, 30), // then the payment call
      span('5', '4', 63, 20),
    ]);
    expect(names(model, [...model.critical].sort())).toEqual(['span 1', 'span 3', 'span 4', 'span 5']);
    expect(model.durationMs).toBe(100);
  });

  it('orders rows depth first by start time, and hides the subtree of a collapsed span', () => {
    const model = buildTraceModel([span('3', '1', 50, 10), span('1', null, 0, 100), span('2', '1', 10, 10), span('4', '2', 12, 2)]);
    expect(names(model, visibleRows(model, new Set()))).toEqual(['span 1', 'span 2', 'span 4', 'span 3']);
    const two = model.bySpanId.get('2'.padStart(16, '0'))!;
    expect(names(model, visibleRows(model, new Set([two])))).toEqual(['span 1', 'span 2', 'span 3']);
    expect(model.nodes[model.roots[0]!]!.descendants).toBe(3);
  });

  it('makes a span whose parent never arrived a root, and survives a cycle of parent ids', () => {
    const model = buildTraceModel([span('1', null, 0, 10), span('2', '9', 5, 1), span('7', '8', 1, 1), span('8', '7', 2, 1)]);
    const rows = visibleRows(model, new Set());
    expect(rows).toHaveLength(4);
    expect(names(model, model.roots)).toContain('span 2');
  });

  it('handles a 10,000-deep chain of spans without overflowing the stack', () => {
    const spans = Array.from({ length: 10_000 }, (_, index) =>
      span(String(index + 1), index === 0 ? null : String(index), index * 0.01, 200 - index * 0.01),
    );
    const model = buildTraceModel(spans);
    expect(model.nodes[model.bySpanId.get('10000'.padStart(16, '0'))!]!.depth).toBe(9_999);
    expect(model.critical.size).toBe(10_000);
    expect(visibleRows(model, new Set())).toHaveLength(10_000);
  });

  it('gives a span the self time its children do not cover, counting overlapping children once', () => {
    const model = buildTraceModel([
      span('1', null, 0, 100),
      span('2', '1', 10, 30), // 10..40
      span('3', '1', 20, 30), // 20..50, overlaps 2
      span('4', '1', 90, 30), // 90..120, clipped to 100
    ]);
    const root = model.bySpanId.get('1'.padStart(16, '0'))!;
    expect(selfTimeMs(model, root)).toBeCloseTo(100 - 40 - 10, 6);
    expect(selfTimeMs(model, model.bySpanId.get('2'.padStart(16, '0'))!)).toBeCloseTo(30, 6);
  });

  it('finds error fingerprints on the span and on its exception events', () => {
    const withEvents = span('1', null, 0, 1, {
      attributes: { 'sightline.error.fingerprint': 'abc' },
      events: [{ timeUnixNano: T0.toString(), name: 'exception', attributes: { 'sightline.error.fingerprint': 'def' } }],
    });
    expect(fingerprintsOf(withEvents)).toEqual(['abc', 'def']);
    expect(fingerprintsOf(span('2', null, 0, 1))).toEqual([]);
    // Exceptions from other SDKs carry no fingerprint attribute: the store's own grouping names them.
    expect(fingerprintsOf(span('3', null, 0, 1, { errorGroups: ['f00d', 'abc'] }))).toEqual(['f00d', 'abc']);
    expect(fingerprintsOf({ ...withEvents, errorGroups: ['def'] })).toEqual(['def', 'abc']);
  });
});
