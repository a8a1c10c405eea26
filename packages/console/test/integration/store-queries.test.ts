import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spanDetailOf } from '../../src/server/api/to-api.js';
import { openStore, type Store, StoreQueryError } from '../../src/server/store/index.js';
import { generateLogs, generateSpans, traceIdOf } from '../../src/server/store/testing/generate.js';
import { tempDir } from './disk.js';

const START = 1_767_225_600_000_000_000n; // 2026-01-01T00:00:00Z
const SECOND = 1_000_000_000n;
let store: Store;
let remove: () => void;

beforeAll(async () => {
  const temp = tempDir('queries');
  remove = temp.remove;
  store = await openStore({ path: `${temp.dir}/console.duckdb`, clock: () => Number(START / 1_000_000n) });
  // 100 traces, one per second; trace t: service SERVICES[t % 5], route ROUTES[t % 8].
  await store.appendSpans(generateSpans(100, { startNs: START, stepNs: SECOND, seed: 5 }));
  await store.appendLogs(generateLogs(50, { startNs: START, stepNs: SECOND, seed: 5 }));
  await store.appendLogs([
    {
      timeUnixNano: START,
      severityNumber: 13,
      body: { structured: true, n: 1n },
      serviceName: 'payments',
      attributes: { 'order.id': '7' },
    },
  ]);
  await store.appendMetricPoints([
    {
      type: 'histogram',
      serviceName: 'orders-api',
      name: 'http.server.request.duration',
      unit: 's',
      attributes: { 'http.route': '/orders' },
      timeUnixNano: START + 10n * SECOND,
      count: 3,
      sum: 0.6,
      bucketCounts: [1, 2, 0],
      explicitBounds: [0.1, 0.5],
      aggregationTemporality: 2,
      exemplars: [{ timeUnixNano: START + 9n * SECOND, value: 0.4, traceId: traceIdOf(5, 9), spanId: '00f067aa0ba902b7' }],
    },
    { type: 'gauge', serviceName: 'orders-api', name: 'queue.depth', attributes: { queue: 'a' }, timeUnixNano: START, value: 4 },
    { type: 'gauge', serviceName: 'orders-api', name: 'queue.depth', attributes: { queue: 'b' }, timeUnixNano: START, value: 9 },
  ]);
  await store.appendScrapeSamples([
    {
      timeUnixNano: START,
      target: 'http://127.0.0.1:9464/metrics',
      job: 'payments',
      name: 'process_cpu_seconds_total',
      metricType: 'counter',
      labels: {},
      value: 1.5,
    },
  ]);
});

afterAll(async () => {
  await store.close();
  remove();
});

describe('trace queries', () => {
  it('returns every span of a trace with its attributes, events and parent ids', async () => {
    const spans = await store.trace(traceIdOf(5, 12).toUpperCase());
    expect(spans).toHaveLength(5);
    const root = spans.find((span) => span.parentSpanId === '')!;
    expect(root).toMatchObject({ serviceName: 'inventory', name: 'GET /users/:id', httpRoute: '/users/:id', kind: 2 });
    expect(spans.filter((span) => span.parentSpanId === root.spanId)).toHaveLength(4);
    const withEvent = spans.find((span) => span.events.length > 0)!;
    expect(withEvent.events[0]).toMatchObject({ name: 'retry', attributes: { attempt: 1 } });
    expect(typeof withEvent.events[0]!.timeUnixNano).toBe('bigint');
  });

  it('reads a trace within a time hint, and everywhere when the hint misses it', async () => {
    const all = await store.trace(traceIdOf(5, 12));
    const start = START + 12n * SECOND;
    expect(await store.trace(traceIdOf(5, 12), { since: start, until: start + SECOND })).toEqual(all);
    // A hint that holds none of its spans (a stale link): every partition is read instead.
    expect(await store.trace(traceIdOf(5, 12), { since: START + 50n * SECOND, until: START + 60n * SECOND })).toEqual(all);
    // A hint that holds only some of them returns those: it bounds where spans start.
    const firstSecond = await store.trace(traceIdOf(5, 12), { since: start, until: start });
    expect(firstSecond.length).toBeGreaterThan(0);
    expect(firstSecond.every((span) => span.startTimeUnixNano === start)).toBe(true);
    const json = JSON.parse(new TextDecoder().decode(await store.traceJson(traceIdOf(5, 12), { since: START + 50n * SECOND })));
    expect(json).toHaveLength(all.length);
  });

  it("returns a trace as JSON bytes in the API's trace detail shape, equal to spanDetailOf(trace())", async () => {
    const spans = await store.trace(traceIdOf(5, 12));
    expect(spans.some((span) => span.events.length > 0)).toBe(true);
    const bytes = await store.traceJson(traceIdOf(5, 12));
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(JSON.parse(JSON.stringify(spans.map(spanDetailOf))));
    expect(new TextDecoder().decode(await store.traceJson('0'.repeat(32)))).toBe('[]');
  });

  it("returns a trace's outline: the detail's tree, timing and status fields of every span, in the same order", async () => {
    const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>[];
    const detail = decode(await store.traceJson(traceIdOf(5, 12)));
    const outline = decode(await store.traceJson(traceIdOf(5, 12), {}, 'outline'));
    const fields = ['spanId', 'parentSpanId', 'service', 'name', 'kind', 'startTimeUnixNano', 'durationMs', 'status'];
    expect(outline).toEqual(detail.map((span) => Object.fromEntries(fields.map((field) => [field, span[field]]))));
    expect(outline.some((span) => span.parentSpanId === null)).toBe(true);
    expect(outline.some((span) => typeof span.parentSpanId === 'string')).toBe(true);
    // The time hint works as for the detail: a hint that misses reads every partition.
    expect(decode(await store.traceJson(traceIdOf(5, 12), { since: START + 50n * SECOND }, 'outline'))).toEqual(outline);
    expect(new TextDecoder().decode(await store.traceJson('0'.repeat(32), {}, 'outline'))).toBe('[]');
  });

  it('searches by service and route within a time range, newest first, with summaries', async () => {
    const found = await store.searchTraces({ service: 'orders-api', route: '/orders', since: START, until: START + 100n * SECOND });
    // t % 5 == 0 and t % 8 == 0 → t in {0, 40, 80}
    expect(found.map((trace) => trace.traceId)).toEqual([traceIdOf(5, 80), traceIdOf(5, 40), traceIdOf(5, 0)]);
    expect(found[0]).toMatchObject({
      rootServiceName: 'orders-api',
      rootName: 'GET /orders',
      spanCount: 5,
      startTimeUnixNano: START + 80n * SECOND,
    });
    // Each service's spans in the trace, by name: counted from the rows the store was given.
    const counts = new Map<string, number>();
    const given = generateSpans(100, { startNs: START, stepNs: SECOND, seed: 5 });
    for (const span of given.filter((row) => row.traceId === traceIdOf(5, 80))) {
      counts.set(span.serviceName, (counts.get(span.serviceName) ?? 0) + 1);
    }
    // The root span's HTTP status, as it was sent (200, or 500 for the generator's failed requests).
    for (const trace of found) {
      const root = given.find((row) => row.traceId === trace.traceId && row.parentSpanId === undefined);
      expect(trace.rootStatusCode).toBe(root?.attributes?.['http.response.status_code']);
    }
    expect(found[0]!.services).toEqual([...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([service, spans]) => ({ service, spans })));
    expect(found[0]!.services).toEqual([{ service: 'orders-api', spans: 5 }]);
  });

  it('finds the newest traces first across its time windows, however many a page needs', async () => {
    // The 100 traces span 100 s, past the first windows (10 s, 1 min): the newest 30 come from three.
    const newest = await store.searchTraces({ limit: 30 });
    expect(newest.map((trace) => trace.traceId)).toEqual(Array.from({ length: 30 }, (_, i) => traceIdOf(5, 99 - i)));
    const all = await store.searchTraces({ limit: 1000 });
    expect(all).toHaveLength(100);
  });

  it('applies trace-level filters (status=ok, maxDurationMs) before the limit, not after', async () => {
    // Expected from the generated rows themselves: a trace is ok when none of its spans is an error,
    // and its duration runs from its first span's start to its last span's end.
    const byTrace = new Map<string, { start: bigint; end: bigint; error: boolean }>();
    for (const span of generateSpans(100, { startNs: START, stepNs: SECOND, seed: 5 })) {
      const trace = byTrace.get(span.traceId) ?? { start: span.startTimeUnixNano, end: span.endTimeUnixNano, error: false };
      if (span.startTimeUnixNano < trace.start) trace.start = span.startTimeUnixNano;
      if (span.endTimeUnixNano > trace.end) trace.end = span.endTimeUnixNano;
      trace.error ||= span.statusCode === 2;
      byTrace.set(span.traceId, trace);
    }
    const newestFirst = [...byTrace].sort(([, a], [, b]) => Number(b.start - a.start));
    const expectIds = (keep: (trace: { start: bigint; end: bigint; error: boolean }) => boolean, limit: number) =>
      newestFirst
        .filter(([, trace]) => keep(trace))
        .slice(0, limit)
        .map(([id]) => id);
    const errors = newestFirst.filter(([, trace]) => trace.error).length;
    expect(errors).toBeGreaterThan(0);
    expect((await store.searchTraces({ status: 'ok', limit: 98 })).map((t) => t.traceId)).toEqual(expectIds((t) => !t.error, 98));
    expect((await store.searchTraces({ status: 'error' })).map((t) => t.traceId)).toEqual(expectIds((t) => t.error, 20));
    const fast = await store.searchTraces({ maxDurationMs: 50, limit: 25 });
    expect(fast.map((t) => t.traceId)).toEqual(expectIds((t) => t.end - t.start <= 50_000_000n, 25));
    expect(fast).toHaveLength(25);
  });

  it('holds every span filter on one span: kind and status=error find the traces whose span of that kind failed', async () => {
    // The generated traces fail only at their root (a server span): give some a failed client span
    // too (a call answered 4xx), in a store of their own.
    const spans = generateSpans(40, { startNs: START, stepNs: SECOND, seed: 7 }).map((span, i) =>
      span.kind === 3 && i % 3 === 0 ? { ...span, statusCode: 2 as const } : span,
    );
    const own = await openStore({ memory: true });
    try {
      await own.appendSpans(spans);
      const newestFirst = (keep: (span: (typeof spans)[number]) => boolean) =>
        [...new Set(spans.filter(keep).map((span) => span.traceId))].reverse();
      const expected = {
        server: newestFirst((span) => span.kind === 2 && span.statusCode === 2),
        client: newestFirst((span) => span.kind === 3 && span.statusCode === 2),
      };
      for (const kind of ['server', 'client'] as const) {
        expect(expected[kind].length, kind).toBeGreaterThan(0);
        const found = await own.searchTraces({ kind, status: 'error', limit: 100 });
        expect(
          found.map((trace) => trace.traceId),
          kind,
        ).toEqual(expected[kind]);
      }
      // Neither kind alone is every failed trace: the filter narrows for real.
      const anyFailed = await own.searchTraces({ status: 'error', limit: 100 });
      expect(anyFailed.length).toBeGreaterThan(Math.max(expected.server.length, expected.client.length));
      expect(await own.searchTraces({ kind: 'producer', limit: 100 })).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('searches by attribute equality and minimum duration, and treats hostile input as plain values', async () => {
    expect((await store.searchTraces({ attributes: { 'user.id': 'u7' } })).map((trace) => trace.traceId)).toEqual([traceIdOf(5, 7)]);
    const slow = await store.searchTraces({ minDurationMs: 150, limit: 1000 });
    for (const trace of slow) expect(trace.durationNano).toBeGreaterThanOrEqual(150_000_000n);
    expect(await store.searchTraces({ service: "x' OR 1=1 --" })).toEqual([]);
    expect(await store.searchTraces({ attributes: { 'user.id': "u7' OR '1'='1" } })).toEqual([]);
    await expect(store.searchTraces({ attributes: { 'a"b': 'x' } })).rejects.toBeInstanceOf(StoreQueryError);
    await expect(store.trace("'; DROP TABLE spans; --")).rejects.toBeInstanceOf(StoreQueryError);
    expect(await store.trace(traceIdOf(5, 1))).toHaveLength(5);
  });

  it('refuses a minimum duration its nanosecond column cannot hold, naming it, instead of failing to convert it', async () => {
    for (const minDurationMs of [Number.POSITIVE_INFINITY, Number.NaN, -1, 1e300]) {
      await expect(store.searchTraces({ minDurationMs })).rejects.toThrow(
        expect.objectContaining({
          name: 'StoreQueryError',
          message: expect.stringMatching(/^minDurationMs: expected milliseconds from 0 to/),
        }),
      );
    }
  });

  it('computes RED per service and route over a window', async () => {
    const rows = await store.red({ since: START, until: START + 100n * SECOND });
    const ordersRoot = rows.find((row) => row.serviceName === 'orders-api' && row.route === '/orders')!;
    expect(ordersRoot.requests).toBe(3);
    expect(ordersRoot.ratePerSecond).toBeCloseTo(3 / 100);
    // A window longer than the data: the rate is over the time there is data for, not diluted.
    const wide = await store.red({ since: START - 3_600n * SECOND, until: START + 100n * SECOND });
    expect(wide.find((row) => row.serviceName === 'orders-api' && row.route === '/orders')?.ratePerSecond).toBeCloseTo(3 / 100);
    const byService = await store.redByService({ since: START - 3_600n * SECOND, until: START + 100n * SECOND });
    expect(byService.reduce((sum, row) => sum + row.ratePerSecond, 0)).toBeCloseTo(100 / 100);
    expect(rows.reduce((sum, row) => sum + row.requests, 0)).toBe(100); // one server span per trace
    for (const row of rows) {
      expect(row.p50Ms).toBeLessThanOrEqual(row.p95Ms);
      expect(row.p95Ms).toBeLessThanOrEqual(row.p99Ms);
      expect(row.errorRatio).toBe(row.errors / row.requests);
    }
  });
});

describe('log queries', () => {
  it('filters by trace id, service, severity and text, newest first', async () => {
    expect((await store.logs({ traceId: traceIdOf(5, 3) })).map((log) => log.body)).toEqual(['order 3 placed']);
    const errors = await store.logs({ minSeverity: 17, contains: 'DECLINED' });
    expect(errors.map((log) => log.body)).toEqual([
      'payment declined for order 40',
      'payment declined for order 30',
      'payment declined for order 20',
      'payment declined for order 10',
      'payment declined for order 0',
    ]);
    const structured = await store.logs({ service: 'payments', minSeverity: 13, limit: 5 });
    expect(structured.map((log) => log.body)).toContainEqual({ structured: true, n: '1' });
    expect(await store.logs({ contains: "%' OR 1=1 --" })).toEqual([]);
  });

  it('tails: after a cursor it returns only newer logs, oldest first', async () => {
    const newest = await store.logs({ limit: 1 });
    expect(newest).toHaveLength(1);
    const first = await store.logs({ afterCursor: 0n, limit: 3 });
    const start = first[0]!.cursor;
    expect(first.map((log) => log.cursor)).toEqual([start, start + 1n, start + 2n]);
    // 51 lines stored, one cursor each: the last is start + 50.
    const last = start + 50n;
    expect((await store.logs({ afterCursor: last - 1n })).map((log) => log.cursor)).toEqual([last]);
    expect(await store.logs({ afterCursor: last })).toEqual([]);
    await store.appendLogs([{ timeUnixNano: START, severityNumber: 9, body: 'late line', serviceName: 'orders-api' }]);
    const tail = await store.logs({ afterCursor: last });
    expect(tail.map((log) => [log.cursor, log.body])).toEqual([[last + 1n, 'late line']]);
  });

  it('hands out cursors past those of an earlier in-memory store: a tail reconnecting after a restart gets the new lines', async () => {
    const line = (body: string) => ({ timeUnixNano: START, severityNumber: 9, body, serviceName: 'orders-api' });
    const before = await openStore({ memory: true });
    await before.appendLogs([line('one'), line('two')]);
    const [previous] = await before.logs({ limit: 1 });
    await before.close();
    const after = await openStore({ memory: true });
    try {
      await after.appendLogs([line('after the restart')]);
      const tail = await after.logs({ afterCursor: previous!.cursor });
      expect(tail.map((log) => log.body)).toEqual(['after the restart']);
    } finally {
      await after.close();
    }
  });

  it('filters by attribute equality, compared as text, with the other filters, and treats hostile input as plain values', async () => {
    const bodies = async (search: Parameters<Store['logs']>[0]) => (await store.logs(search)).map((log) => log.body);
    expect(await bodies({ attributes: { 'order.id': '7' } })).toEqual(['order 7 placed', { structured: true, n: '1' }]);
    expect(await bodies({ attributes: { 'order.id': '7' }, service: 'payments', contains: 'placed' })).toEqual([]);
    expect(await bodies({ attributes: { 'order.id': '7', 'no.such': '7' } })).toEqual([]);
    expect(await bodies({ attributes: { 'order.id': "7' OR '1'='1" } })).toEqual([]);
    await store.appendLogs([
      {
        timeUnixNano: START,
        severityNumber: 17,
        body: 'upstream answered 503',
        serviceName: 'gateway',
        attributes: { 'http.response.status_code': 503, 'peer.name': 'a "quoted" \\ name' },
      },
    ]);
    expect(await bodies({ attributes: { 'http.response.status_code': '503' } })).toEqual(['upstream answered 503']);
    expect(await bodies({ attributes: { 'peer.name': 'a "quoted" \\ name' } })).toEqual(['upstream answered 503']);
    await expect(store.logs({ attributes: { 'a"b': 'x' } })).rejects.toBeInstanceOf(StoreQueryError);
  });
});

describe('metric queries', () => {
  it('lists metric names from OTLP points and scrape samples', async () => {
    expect(await store.metricNames()).toEqual([
      { name: 'http.server.request.duration', type: 'histogram', unit: 's', description: '', source: 'otlp' },
      { name: 'process_cpu_seconds_total', type: 'counter', unit: '', description: '', source: 'scrape' },
      { name: 'queue.depth', type: 'gauge', unit: '', description: '', source: 'otlp' },
    ]);
  });

  it('lists series and returns points with exemplars carrying trace and span ids', async () => {
    const series = await store.metricSeries({ name: 'queue.depth' });
    expect(series.map((s) => s.attributes)).toEqual([{ queue: 'a' }, { queue: 'b' }]);
    expect((await store.metricPoints({ name: 'queue.depth', attributes: { queue: 'b' } })).map((p) => p.value)).toEqual([9]);
    const [histogram] = await store.metricPoints({ name: 'http.server.request.duration' });
    expect(histogram).toMatchObject({ count: 3, value: 0.6, detail: { bucketCounts: [1, 2, 0], explicitBounds: [0.1, 0.5] } });
    expect(histogram!.exemplars).toEqual([
      { timeUnixNano: START + 9n * SECOND, value: 0.4, traceId: traceIdOf(5, 9), spanId: '00f067aa0ba902b7' },
    ]);
    const [scraped] = await store.metricPoints({ name: 'process_cpu_seconds_total' });
    expect(scraped).toMatchObject({ serviceName: 'payments', value: 1.5, source: 'scrape' });
  });

  it('returns each point’s temporality: as OTLP sent it, cumulative for Prometheus counters, none for gauges', async () => {
    const [histogram] = await store.metricPoints({ name: 'http.server.request.duration' });
    expect(histogram).toMatchObject({ temporality: 'cumulative', startTimeUnixNano: null });
    expect((await store.metricPoints({ name: 'queue.depth' })).map((p) => p.temporality)).toEqual([null, null]);
    const [scraped] = await store.metricPoints({ name: 'process_cpu_seconds_total' });
    expect(scraped!.temporality).toBe('cumulative');
    // A scraped summary's _sum and _count are counters; its quantiles are not.
    const summary = (name: string, labels: Record<string, string>, value: number) => ({
      timeUnixNano: START,
      target: 'http://127.0.0.1:9464/metrics',
      job: 'payments',
      name,
      metricType: 'summary',
      labels,
      value,
    });
    await store.appendScrapeSamples([
      summary('rpc_duration_seconds', { quantile: '0.5' }, 0.2),
      summary('rpc_duration_seconds_sum', {}, 12.5),
    ]);
    expect((await store.metricPoints({ name: 'rpc_duration_seconds' }))[0]!.temporality).toBeNull();
    expect((await store.metricPoints({ name: 'rpc_duration_seconds_sum' }))[0]!.temporality).toBe('cumulative');
    await store.appendMetricPoints([
      {
        type: 'sum',
        serviceName: 'orders-api',
        name: 'orders.placed',
        attributes: {},
        startTimeUnixNano: START,
        timeUnixNano: START + 10n * SECOND,
        value: 4,
        isMonotonic: true,
        aggregationTemporality: 1,
      },
    ]);
    expect(await store.metricPoints({ name: 'orders.placed' })).toEqual([
      expect.objectContaining({ temporality: 'delta', startTimeUnixNano: START, value: 4 }),
    ]);
  });
});
