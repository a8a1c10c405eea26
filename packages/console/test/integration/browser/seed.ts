import { randomBytes } from 'node:crypto';
import type { HistogramPointRow, LogRow, MetricPointRow, SpanRow } from '../../../src/server/store/index.js';
import { generateLogs, generateSpans } from '../../../src/server/store/testing/generate.js';
import { exportLogs, exportMetrics, exportSpans } from './otlp-json.js';

/**
 * Telemetry shaped like the example's: orders-api placing orders through payments and
 * Postgres, one slow order, a fast one of the same route, their logs, a latency histogram whose
 * exemplars point at the traces, background traffic, and a 10,000-span trace.
 */
export const MS = 1_000_000n;

function id(digits: number): string {
  return randomBytes(digits / 2).toString('hex');
}

/** One request of its own trace: a server span of `service` for `method route`, started `agoMs` ago. */
export function serverSpan(options: {
  service: string;
  method: string;
  route: string;
  agoMs: number;
  durationMs: number;
  failed?: boolean;
  /** The answer's status when it did not fail (a failed one answered 500). */
  okStatus?: number;
}): SpanRow {
  const { service, method, route, agoMs, durationMs, failed = false, okStatus = 200 } = options;
  const startNs = BigInt(Date.now() - agoMs) * MS;
  return {
    traceId: id(32),
    spanId: id(16),
    name: `${method} ${route}`,
    kind: 2,
    startTimeUnixNano: startNs,
    endTimeUnixNano: startNs + BigInt(Math.round(durationMs * 1000)) * 1000n,
    statusCode: failed ? 2 : 0,
    serviceName: service,
    attributes: { 'http.route': route, 'http.request.method': method, 'http.response.status_code': failed ? 500 : okStatus },
  };
}

export interface OrderTrace {
  traceId: string;
  rootSpanId: string;
  dbSpanIds: string[];
  exceptionSpanId: string | undefined;
  /** A cache lookup in parallel with the first SELECT: off the critical path. */
  cacheSpanId: string;
  spans: SpanRow[];
  logs: LogRow[];
}

export const FINGERPRINT = 'a1b2c3d4e5f60718';
export const STACK = `Error: card declined by issuer
    at chargeCard (/srv/payments/src/charge.ts:42:11)
    at async placePayment (/srv/payments/src/routes.ts:88:5)`;

/** POST /orders: orders-api → n SELECTs → payments (INSERT; an exception when `declined`). */
export function orderTrace(startNs: bigint, options: { selects: number; slowMs: number; declined: boolean }): OrderTrace {
  const traceId = id(32);
  const rootSpanId = id(16);
  const spans: SpanRow[] = [];
  const logs: LogRow[] = [];
  const dbSpanIds: string[] = [];
  const resource = (service: string) => ({ 'service.name': service, 'service.version': '1.4.0', 'host.name': 'dev' });
  let cursor = startNs + 2n * MS;
  // Starts with the first SELECT; spans that start together are drawn in span id order, so a
  // low id keeps the cache lookup above the SELECTs, whatever the random ids (the keyboard
  // test walks from one SELECT to the next).
  const cacheSpanId = `00000000${id(8)}`;
  spans.push({
    traceId,
    spanId: cacheSpanId,
    parentSpanId: rootSpanId,
    name: 'redis GET cart',
    kind: 3,
    startTimeUnixNano: cursor,
    endTimeUnixNano: cursor + 3n * MS,
    statusCode: 0,
    serviceName: 'orders-api',
    resourceAttributes: resource('orders-api'),
    attributes: { 'db.system.name': 'redis', 'db.operation.name': 'GET' },
  });
  for (let select = 0; select < options.selects; select++) {
    const spanId = id(16);
    dbSpanIds.push(spanId);
    const duration = BigInt(select === 0 ? options.slowMs : 4) * MS;
    spans.push({
      traceId,
      spanId,
      parentSpanId: rootSpanId,
      name: 'pg.query SELECT orders',
      kind: 3,
      startTimeUnixNano: cursor,
      endTimeUnixNano: cursor + duration,
      statusCode: 0,
      serviceName: 'orders-api',
      resourceAttributes: resource('orders-api'),
      scopeName: '@sightline/sdk/pg',
      attributes: {
        'db.system.name': 'postgresql',
        'db.query.text': 'SELECT * FROM orders WHERE customer_id = $1',
        'db.namespace': 'shop',
      },
    });
    cursor += duration + MS;
  }
  const clientId = id(16);
  const serverId = id(16);
  const insertId = id(16);
  dbSpanIds.push(insertId);
  const payStart = cursor;
  const payEnd = payStart + 60n * MS;
  spans.push(
    {
      traceId,
      spanId: clientId,
      parentSpanId: rootSpanId,
      name: 'POST',
      kind: 3,
      startTimeUnixNano: payStart,
      endTimeUnixNano: payEnd,
      statusCode: options.declined ? 2 : 0,
      serviceName: 'orders-api',
      resourceAttributes: resource('orders-api'),
      attributes: {
        'http.request.method': 'POST',
        'url.full': 'http://127.0.0.1:3002/payments',
        'http.response.status_code': options.declined ? 402 : 201,
      },
    },
    {
      traceId,
      spanId: serverId,
      parentSpanId: clientId,
      name: 'POST /payments',
      kind: 2,
      startTimeUnixNano: payStart + 2n * MS,
      endTimeUnixNano: payEnd - 2n * MS,
      statusCode: options.declined ? 2 : 0,
      statusMessage: options.declined ? 'card declined by issuer' : undefined,
      serviceName: 'payments',
      resourceAttributes: resource('payments'),
      attributes: { 'http.route': '/payments', 'http.request.method': 'POST', 'http.response.status_code': options.declined ? 402 : 201 },
      events: options.declined
        ? [
            {
              timeUnixNano: payEnd - 5n * MS,
              name: 'exception',
              attributes: {
                'exception.type': 'CardDeclinedError',
                'exception.message': 'card declined by issuer',
                'exception.stacktrace': STACK,
                'sightline.error.fingerprint': FINGERPRINT,
              },
            },
          ]
        : undefined,
    },
    {
      traceId,
      spanId: insertId,
      parentSpanId: serverId,
      name: 'pg.query INSERT payments',
      kind: 3,
      startTimeUnixNano: payStart + 5n * MS,
      endTimeUnixNano: payStart + 45n * MS,
      statusCode: 0,
      serviceName: 'payments',
      resourceAttributes: resource('payments'),
      attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'INSERT INTO payments (order_id, amount) VALUES ($1, $2)' },
    },
  );
  const end = payEnd + 3n * MS;
  spans.unshift({
    traceId,
    spanId: rootSpanId,
    name: 'POST /orders',
    kind: 2,
    startTimeUnixNano: startNs,
    endTimeUnixNano: end,
    statusCode: options.declined ? 2 : 0,
    serviceName: 'orders-api',
    resourceAttributes: resource('orders-api'),
    scopeName: '@sightline/sdk',
    attributes: {
      'http.route': '/orders',
      'http.request.method': 'POST',
      'http.response.status_code': options.declined ? 502 : 201,
      'order.items': 3,
    },
  });
  const log = (at: bigint, service: string, spanId: string, severityNumber: number, body: string): LogRow => ({
    timeUnixNano: at,
    traceId,
    spanId,
    severityNumber,
    severityText: severityNumber >= 17 ? 'ERROR' : 'INFO',
    body,
    serviceName: service,
    attributes: { 'order.items': 3 },
  });
  logs.push(
    log(startNs + MS, 'orders-api', rootSpanId, 9, 'placing order'),
    log(payStart + 3n * MS, 'payments', serverId, 9, 'charging card'),
    log(
      payEnd - 4n * MS,
      'payments',
      serverId,
      options.declined ? 17 : 9,
      options.declined ? 'card declined by issuer' : 'payment accepted',
    ),
    log(
      end - MS,
      'orders-api',
      rootSpanId,
      options.declined ? 17 : 9,
      options.declined ? 'order failed: payment declined' : 'order placed',
    ),
  );
  return { traceId, rootSpanId, dbSpanIds, cacheSpanId, exceptionSpanId: options.declined ? serverId : undefined, spans, logs };
}

/** A latency histogram every 30 s over the last 30 minutes; the named traces appear as exemplars. */
export function latencyHistogram(nowNs: bigint, exemplarTraces: { traceId: string; spanId: string; seconds: number }[]): MetricPointRow[] {
  const points: HistogramPointRow[] = [];
  const steps = 60;
  let count = 0;
  let sum = 0;
  for (let step = 0; step < steps; step++) {
    const at = nowNs - BigInt((steps - step) * 30_000) * MS;
    const batch = 20 + (step % 7) * 3;
    count += batch;
    sum += batch * (0.04 + 0.02 * Math.sin(step / 5));
    const exemplar = exemplarTraces[step % 20 === 10 ? Math.floor(step / 20) % exemplarTraces.length : -1];
    points.push({
      type: 'histogram',
      serviceName: 'orders-api',
      name: 'http.server.request.duration',
      unit: 's',
      description: 'Duration of HTTP server requests.',
      attributes: { 'http.route': '/orders', 'http.request.method': 'POST' },
      startTimeUnixNano: nowNs - 3_600_000n * MS,
      timeUnixNano: at,
      count,
      sum,
      bucketCounts: [Math.floor(count * 0.6), Math.floor(count * 0.3), count - Math.floor(count * 0.6) - Math.floor(count * 0.3)],
      explicitBounds: [0.05, 0.25],
      aggregationTemporality: 2,
      exemplars:
        exemplar === undefined
          ? []
          : [{ timeUnixNano: at - 1_000n * MS, value: exemplar.seconds, traceId: exemplar.traceId, spanId: exemplar.spanId }],
    });
  }
  const gauge: MetricPointRow[] = Array.from({ length: steps }, (_, step) => ({
    type: 'gauge' as const,
    serviceName: 'orders-api',
    name: 'process.memory.rss',
    unit: 'By',
    description: 'Resident set size.',
    timeUnixNano: nowNs - BigInt((steps - step) * 30_000) * MS,
    value: 80e6 + step * 250_000 + (step % 5) * 1e6,
  }));
  // A counter of money charged, whose exemplars are single charges: charted as a rate (USD/s) with
  // the exemplars, in USD, on an axis of their own.
  let charged = 0;
  const counter: MetricPointRow[] = Array.from({ length: steps }, (_, step) => {
    const at = nowNs - BigInt((steps - step) * 30_000) * MS;
    charged += 400 + (step % 4) * 120;
    const exemplar = exemplarTraces[step % 20 === 15 ? Math.floor(step / 20) % exemplarTraces.length : -1];
    return {
      type: 'sum' as const,
      serviceName: 'payments',
      name: 'payments.charged',
      unit: 'USD',
      description: 'Money charged.',
      startTimeUnixNano: nowNs - 3_600_000n * MS,
      timeUnixNano: at,
      value: charged,
      isMonotonic: true,
      aggregationTemporality: 2 as const,
      exemplars:
        exemplar === undefined
          ? []
          : [{ timeUnixNano: at - 1_000n * MS, value: 129.99, traceId: exemplar.traceId, spanId: exemplar.spanId }],
    };
  });
  return [...points, ...gauge, ...counter];
}

/** One trace of `total` spans: a root, 100 handlers under it, the rest spread below them, two levels deep. */
export function largeTrace(startNs: bigint, total: number): { traceId: string; spans: SpanRow[] } {
  const traceId = id(32);
  const rootSpanId = id(16);
  const spans: SpanRow[] = [
    {
      traceId,
      spanId: rootSpanId,
      name: 'POST /batch-import',
      kind: 2,
      startTimeUnixNano: startNs,
      endTimeUnixNano: startNs + 9_000n * MS,
      statusCode: 0,
      serviceName: 'orders-api',
      attributes: { 'http.route': '/batch-import' },
    },
  ];
  const handlers: string[] = [];
  for (let handler = 0; handler < 100 && spans.length < total; handler++) {
    const spanId = id(16);
    handlers.push(spanId);
    const start = startNs + BigInt(handler * 88) * MS;
    spans.push({
      traceId,
      spanId,
      parentSpanId: rootSpanId,
      name: `import chunk ${handler}`,
      kind: 1,
      startTimeUnixNano: start,
      endTimeUnixNano: start + 85n * MS,
      statusCode: 0,
      serviceName: 'orders-api',
      attributes: { 'chunk.index': handler },
    });
  }
  let index = 0;
  while (spans.length < total) {
    const handler = index % handlers.length;
    const parent = handlers[handler]!;
    const start = startNs + BigInt(handler * 88) * MS + BigInt(index % 80) * MS;
    spans.push({
      traceId,
      spanId: id(16),
      parentSpanId: parent,
      name: index % 3 === 0 ? 'pg.query INSERT order_lines' : 'validate line',
      kind: index % 3 === 0 ? 3 : 1,
      startTimeUnixNano: start,
      endTimeUnixNano: start + BigInt(1 + (index % 4)) * MS,
      statusCode: index % 997 === 0 ? 2 : 0,
      serviceName: index % 3 === 0 ? 'orders-api' : 'inventory',
      attributes: index % 3 === 0 ? { 'db.system.name': 'postgresql' } : { 'line.index': index },
    });
    index++;
  }
  return { traceId, spans };
}

export interface SeededConsole {
  slow: OrderTrace;
  fast: OrderTrace;
  nowNs: bigint;
}

/** The example-like data set (background traffic, the slow and fast orders, logs and metrics), exported over OTLP/HTTP JSON. */
export async function seedExampleTelemetry(otlpUrl: string): Promise<SeededConsole> {
  const nowNs = BigInt(Date.now()) * MS;
  const background = generateSpans(120, { startNs: nowNs - 20n * 60_000n * MS, stepNs: 10_000n * MS, spansPerTrace: 5, seed: 7 });
  const slow = orderTrace(nowNs - 5n * 60_000n * MS, { selects: 3, slowMs: 1_400, declined: true });
  const fast = orderTrace(nowNs - 4n * 60_000n * MS, { selects: 1, slowMs: 12, declined: false });
  await exportSpans(otlpUrl, [...background, ...slow.spans, ...fast.spans]);
  await exportLogs(otlpUrl, [
    ...generateLogs(60, { startNs: nowNs - 10n * 60_000n * MS, stepNs: 5_000n * MS, seed: 7 }),
    ...slow.logs,
    ...fast.logs,
  ]);
  await exportMetrics(
    otlpUrl,
    latencyHistogram(nowNs, [
      { traceId: slow.traceId, spanId: slow.rootSpanId, seconds: 1.52 },
      { traceId: fast.traceId, spanId: fast.rootSpanId, seconds: 0.09 },
    ]),
  );
  return { slow, fast, nowNs };
}
