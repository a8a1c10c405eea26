import type { LogRow, SpanRow } from '../rows.js';

/**
 * Deterministic synthetic telemetry for tests and benchmarks: traces of `spansPerTrace` spans
 * (one server root, client/internal children) across a few services and routes, ~2 % errors.
 */
export interface GenerateOptions {
  /** First trace's start, ns. */
  startNs: bigint;
  /** Gap between consecutive traces, ns. Default 1 ms. */
  stepNs?: bigint;
  spansPerTrace?: number;
  /** Seed for ids and durations. */
  seed?: number;
}

const SERVICES = ['orders-api', 'payments', 'inventory', 'gateway', 'users'];
const ROUTES = ['/orders', '/orders/:id', '/payments', '/items/:sku', '/users/:id', '/health', '/cart', '/checkout'];

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function hex(next: () => number, digits: number): string {
  let out = '';
  while (out.length < digits)
    out += Math.floor(next() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, digits);
}

/** Trace number `index`'s id under `seed`, the same one `generateSpans` gives it. */
export function traceIdOf(seed: number, index: number): string {
  return hex(random(seed * 1_000_003 + index + 1), 32);
}

export function generateSpans(traces: number, options: GenerateOptions): SpanRow[] {
  const spansPerTrace = options.spansPerTrace ?? 5;
  const step = options.stepNs ?? 1_000_000n;
  const seed = options.seed ?? 1;
  const next = random(seed);
  const spans: SpanRow[] = [];
  for (let t = 0; t < traces; t++) {
    const traceId = traceIdOf(seed, t);
    const start = options.startNs + BigInt(t) * step;
    const service = SERVICES[t % SERVICES.length]!;
    const route = ROUTES[t % ROUTES.length]!;
    const error = next() < 0.02;
    const rootId = hex(next, 16);
    const rootDuration = BigInt(Math.floor(1e6 + next() * 200e6));
    spans.push({
      traceId,
      spanId: rootId,
      name: `GET ${route}`,
      kind: 2,
      startTimeUnixNano: start,
      endTimeUnixNano: start + rootDuration,
      statusCode: error ? 2 : 0,
      serviceName: service,
      scopeName: '@sightline/sdk',
      resourceAttributes: { 'service.name': service, 'host.name': 'dev' },
      attributes: {
        'http.route': route,
        'http.request.method': 'GET',
        'http.response.status_code': error ? 500 : 200,
        'user.id': `u${t % 1000}`,
      },
    });
    for (let s = 1; s < spansPerTrace; s++) {
      const childStart = start + BigInt(s) * 100_000n;
      spans.push({
        traceId,
        spanId: hex(next, 16),
        parentSpanId: rootId,
        name: s % 2 === 0 ? 'SELECT orders' : 'POST /payments',
        kind: s % 2 === 0 ? 3 : 1,
        startTimeUnixNano: childStart,
        endTimeUnixNano: childStart + BigInt(Math.floor(next() * 10e6)),
        statusCode: 0,
        serviceName: service,
        attributes:
          s % 2 === 0
            ? { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM orders WHERE id = $1' }
            : { 'peer.service': 'payments' },
        events: s === 1 ? [{ timeUnixNano: childStart, name: 'retry', attributes: { attempt: 1 } }] : undefined,
      });
    }
  }
  return spans;
}

export function generateLogs(count: number, options: { startNs: bigint; stepNs?: bigint; seed?: number }): LogRow[] {
  const step = options.stepNs ?? 1_000_000n;
  const seed = options.seed ?? 1;
  const logs: LogRow[] = [];
  for (let i = 0; i < count; i++) {
    const severity = i % 10 === 0 ? 17 : 9;
    logs.push({
      timeUnixNano: options.startNs + BigInt(i) * step,
      traceId: traceIdOf(seed, i),
      spanId: '00f067aa0ba902b7',
      severityNumber: severity,
      severityText: severity === 17 ? 'ERROR' : 'INFO',
      body: severity === 17 ? `payment declined for order ${i}` : `order ${i} placed`,
      serviceName: SERVICES[i % SERVICES.length]!,
      attributes: { 'order.id': String(i) },
    });
  }
  return logs;
}
