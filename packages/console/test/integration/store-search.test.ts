import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type SpanRow, type Store } from '../../src/server/store/index.js';
import { generateSpans, traceIdOf } from '../../src/server/store/testing/generate.js';

// Dense data, as under heavy ingest: 12,000 traces of 5 spans, one trace per millisecond (60,000
// spans in 12 s). Search reads windows sized by density (the first holds ~5,000 rows), so these
// searches cross several windows and summaries read a margin of seconds, not the whole range.
const START = 1_767_225_600_000_000_000n;
const MS = 1_000_000n;
const TRACES = 12_000;
const spans = generateSpans(TRACES, { startNs: START, stepNs: MS, seed: 9 });
// One long trace among them, matched by its root: the root lasts 20 minutes and its child starts
// 11.4 s after it, outside the summary's first margin (~2 s at this density) but inside the data's range.
const LONG = 'ab'.repeat(16);
const long: SpanRow[] = [
  {
    traceId: LONG,
    spanId: '1'.repeat(16),
    name: 'nightly-export',
    kind: 1,
    startTimeUnixNano: START + 100n * MS,
    endTimeUnixNano: START + 100n * MS + 1_200_000n * MS,
    statusCode: 0,
    serviceName: 'jobs',
    attributes: { 'job.name': 'export' },
  },
  {
    traceId: LONG,
    spanId: '2'.repeat(16),
    parentSpanId: '1'.repeat(16),
    name: 'upload',
    kind: 3,
    startTimeUnixNano: START + 11_500n * MS,
    endTimeUnixNano: START + 11_600n * MS,
    statusCode: 0,
    serviceName: 'jobs',
  },
];
let store: Store;

beforeAll(async () => {
  store = await openStore({ memory: true, maxRows: 10_000_000 });
  await store.appendSpans([...spans, ...long]);
});

afterAll(async () => {
  await store.close();
});

describe('trace search over dense data', () => {
  it('returns the newest traces, newest first, across windows', async () => {
    const found = await store.searchTraces({ limit: 100 });
    expect(found.map((trace) => trace.traceId)).toEqual(Array.from({ length: 100 }, (_, i) => traceIdOf(9, TRACES - 1 - i)));
    expect(found[0]).toMatchObject({ spanCount: 5, rootServiceName: expect.any(String) });
    const all = await store.searchTraces({ limit: 1000, since: START + 11_000n * MS });
    expect(all.length).toBe(1000);
  });

  it('reaches the oldest traces when the filter only matches there', async () => {
    // user.id is u{t % 1000}: u3 matches traces 3, 1003, ... 11003; the oldest is 12 s before the newest.
    const found = await store.searchTraces({ attributes: { 'user.id': 'u3' }, limit: 1000 });
    expect(found.map((trace) => trace.traceId)).toEqual(Array.from({ length: 12 }, (_, i) => traceIdOf(9, 11_003 - i * 1000)));
  });

  it('summarises a trace longer than the margin from all of its spans', async () => {
    const [found] = await store.searchTraces({ attributes: { 'job.name': 'export' } });
    // A job's root is no HTTP server span: no status code.
    expect(found).toMatchObject({
      traceId: LONG,
      spanCount: 2,
      rootName: 'nightly-export',
      rootStatusCode: null,
      durationNano: 1_200_000n * MS,
    });
  });

  it('pages within a window when trace-level filters reject most candidates', async () => {
    const fast = await store.searchTraces({ maxDurationMs: 20, limit: 50 });
    const expected = new Map<string, { start: bigint; end: bigint }>();
    for (const span of spans) {
      const trace = expected.get(span.traceId) ?? { start: span.startTimeUnixNano, end: span.endTimeUnixNano };
      if (span.endTimeUnixNano > trace.end) trace.end = span.endTimeUnixNano;
      expected.set(span.traceId, trace);
    }
    const newestFast = [...expected]
      .filter(([, trace]) => trace.end - trace.start <= 20n * MS)
      .sort(([, a], [, b]) => Number(b.start - a.start))
      .slice(0, 50)
      .map(([id]) => id);
    expect(newestFast.length).toBe(50);
    expect(fast.map((trace) => trace.traceId)).toEqual(newestFast);
  });
});
