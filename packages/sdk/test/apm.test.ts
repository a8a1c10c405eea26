import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sightlineExpress, sightlineExpressErrors } from '../src/adapters/express.js';
import {
  type CreateObserverOptions,
  createObserver,
  type Observer,
  TRANSACTION_RESULT_ATTRIBUTE,
  TRANSACTION_TYPE_ATTRIBUTE,
} from '../src/index.js';
import { eventually } from '../src/testing/index.js';
import { listen, type RunningApp } from './support/running-app.js';
import { requireBinaries } from './support/system-binary.js';

/** GET /wait sleeps this long; with T = 90 ms its requests are tolerating whenever they take 90–360 ms. */
const WAIT_MS = 100;
const promtool = requireBinaries(['promtool'], 'prometheus');

function createApp(observer: Observer): express.Express {
  const app = express();
  app.use(sightlineExpress(observer));
  app.get('/metrics', observer.metricsHandler);
  app.get('/fast', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/wait', async (_req, res) => {
    await delay(WAIT_MS);
    res.json({ waited: WAIT_MS });
  });
  app.get('/frustrating', async (_req, res) => {
    await delay(10);
    res.json({ ok: true });
  });
  app.get('/boom', (_req, res) => {
    res.status(503).json({ error: 'unavailable' });
  });
  app.post('/checkout', async (_req, res) => {
    const order = await observer.apm.transaction(
      'checkout.place_order',
      async (transaction) => {
        const charge = transaction.startSpan('payment.charge');
        charge.end();
        await observer.span('inventory.reserve', async () => {});
        transaction.setResult('placed');
        return { id: 7 };
      },
      { type: 'business' },
    );
    res.status(201).json(order);
  });
  app.post('/checkout-fails', async (_req, res) => {
    const transaction = observer.apm.startTransaction('checkout.validate');
    try {
      throw new Error('cart is empty');
    } catch (error) {
      transaction.recordError(error);
      res.status(422).json({ error: 'cart is empty' });
    } finally {
      transaction.end();
    }
  });
  app.use(sightlineExpressErrors(observer));
  return app;
}

/** An isolated observer sampling every request, its spans kept in `exporter`. */
function tracedObserver(serviceName: string, exporter: InMemorySpanExporter, apm?: CreateObserverOptions['apm']): Observer {
  return createObserver({
    serviceName,
    env: {},
    registerGlobal: false,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    trace: { enabled: true, sampleRatio: 1, endpoint: 'http://127.0.0.1:9/v1/traces' },
    log: { level: 'silent' },
    metrics: { defaultMetrics: false },
    // Nothing listens on port 9: don't wait out the exporter's retries at shutdown.
    shutdownTimeoutMs: 500,
    ...(apm === undefined ? {} : { apm }),
  });
}

describe('APM through the Express adapter', () => {
  const exporter = new InMemorySpanExporter();
  let observer: Observer;
  let app: RunningApp;

  beforeAll(async () => {
    observer = tracedObserver('apm-test', exporter, {
      // Thresholds chosen so each route's zone does not depend on how fast this machine is.
      apdexThresholdMs: 90,
      routes: { '/fast': { apdexThresholdMs: 10_000 }, 'GET /frustrating': { apdexThresholdMs: 1 } },
    });
    app = await listen(createServer(createApp(observer)));
    const get = (path: string) => fetch(`${app.baseUrl}${path}`).then((response) => response.arrayBuffer());
    for (let i = 0; i < 4; i++) await get('/fast');
    await Promise.all([get('/wait'), get('/wait')]);
    await get('/frustrating');
    await get('/boom');
    await get('/boom');
    await get('/no/such/route');
    await eventually(() => (observer.http.inFlight === 0 ? true : undefined), 'every request to finish');
  });

  afterAll(async () => {
    await app?.close();
    await observer?.shutdown();
  });

  const summaryOf = (route: string) => observer.apm.summary().find((summary) => summary.route === route);

  it('summarises each route: count, errors, error rate, Apdex with its threshold, quantiles', () => {
    expect(summaryOf('/fast')).toMatchObject({ method: 'GET', count: 4, errors: 0, errorRate: 0, apdex: 1, thresholdMs: 10_000 });
    expect(summaryOf('/wait')).toMatchObject({ count: 2, errors: 0, satisfied: 0, tolerating: 2, apdex: 0.5, thresholdMs: 90 });
    expect(summaryOf('/frustrating')).toMatchObject({ count: 1, frustrated: 1, apdex: 0, thresholdMs: 1 });
    expect(summaryOf('/boom')).toMatchObject({ count: 2, errors: 2, errorRate: 1, frustrated: 2, apdex: 0 });
    expect(summaryOf('unmatched')).toMatchObject({ count: 1, errors: 0 });
    // The timer slept WAIT_MS (Node may fire it a millisecond early); the buckets add at most 2 %.
    const wait = summaryOf('/wait');
    expect(wait?.p50Ms).toBeGreaterThan((WAIT_MS - 2) * 0.98);
    expect(wait?.p50Ms).toBeLessThanOrEqual(wait?.p95Ms as number);
    expect(wait?.p95Ms).toBeLessThanOrEqual(wait?.p99Ms as number);
  });

  it('keeps the same numbers in the 1m and 5m windows right after the traffic', () => {
    for (const window of ['1m', '5m'] as const) {
      const wait = observer.apm.summary(window).find((summary) => summary.route === '/wait');
      expect(wait).toMatchObject({ window, count: 2, apdex: 0.5 });
    }
  });

  it('exposes Apdex, error ratio, threshold and latency quantiles as metrics', async () => {
    const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
    const sample = (line: string) => {
      const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
      return found === undefined ? undefined : Number(found.slice(line.length + 1));
    };
    const fast = 'http_request_method="GET",http_route="/fast"';
    const wait = 'http_request_method="GET",http_route="/wait"';
    const boom = 'http_request_method="GET",http_route="/boom"';
    for (const window of ['1m', '5m', 'all']) {
      expect(sample(`sightline_apdex_score{${fast},window="${window}"}`)).toBe(1);
      expect(sample(`sightline_apdex_score{${wait},window="${window}"}`)).toBe(0.5);
      expect(sample(`sightline_transaction_error_ratio{${boom},window="${window}"}`)).toBe(1);
      expect(sample(`sightline_transaction_error_ratio{${fast},window="${window}"}`)).toBe(0);
    }
    expect(sample(`sightline_apdex_threshold_seconds{${fast}}`)).toBe(10);
    expect(sample(`sightline_apdex_threshold_seconds{${wait}}`)).toBe(0.09);
    expect(text).toContain('# TYPE sightline_transaction_duration_seconds summary');
    expect(sample(`sightline_transaction_duration_seconds_count{${fast}}`)).toBe(4);
    const p50 = sample(`sightline_transaction_duration_seconds{${wait},quantile="0.5"}`) as number;
    expect(p50).toBeCloseTo((summaryOf('/wait')?.p50Ms as number) / 1000, 5);
    expect(sample(`sightline_transaction_duration_seconds{${wait},quantile="0.99"}`)).toBeGreaterThanOrEqual(p50);
    // No second request counter or histogram: those stay with http_server_request_duration_seconds.
    expect(text).not.toMatch(/^sightline_transaction_\w*_total/m);
  });

  it.skipIf(promtool.skip)('renders APM families that promtool check metrics accepts', async () => {
    const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
    // Only the APM families: this checks our names, not the other metrics of the registry.
    const families = text.split(/\n(?=# HELP )/).filter((family) => /^# HELP sightline_(apdex|transaction)_/.test(family));
    expect(families).toHaveLength(4);
    const lint = await new Promise<{ code: number; output: string }>((resolve) => {
      const child = execFile(promtool.path('promtool'), ['check', 'metrics'], (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      );
      child.stdin?.end(`${families.join('\n').trimEnd()}\n`);
    });
    expect(lint).toEqual({ code: 0, output: '' });
  });
});

describe('transactions are spans of the observer’s tracer', () => {
  const exporter = new InMemorySpanExporter();
  let observer: Observer;
  let app: RunningApp;

  beforeAll(async () => {
    observer = tracedObserver('apm-spans', exporter);
    app = await listen(createServer(createApp(observer)));
  });

  afterAll(async () => {
    await app?.close();
    await observer?.shutdown();
  });

  const spanNamed = (name: string) => eventually(() => exporter.getFinishedSpans().find((span) => span.name === name), `span ${name}`);
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it('nests a transaction under the server span, and its spans under the transaction, in one trace', async () => {
    const response = await fetch(`${app.baseUrl}/checkout`, { method: 'POST' });
    expect(response.status).toBe(201);
    const server = await spanNamed('POST /checkout');
    const transaction = await spanNamed('checkout.place_order');
    const charge = await spanNamed('payment.charge');
    const reserve = await spanNamed('inventory.reserve');

    expect(server.kind).toBe(SpanKind.SERVER);
    const traceId = server.spanContext().traceId;
    for (const span of [transaction, charge, reserve]) expect(span.spanContext().traceId).toBe(traceId);
    expect(parentOf(transaction)).toBe(server.spanContext().spanId);
    expect(parentOf(charge)).toBe(transaction.spanContext().spanId);
    // observer.span inside the callback form nests under the transaction: it is the active span.
    expect(parentOf(reserve)).toBe(transaction.spanContext().spanId);
    expect(transaction.attributes).toMatchObject({ [TRANSACTION_TYPE_ATTRIBUTE]: 'business', [TRANSACTION_RESULT_ATTRIBUTE]: 'placed' });
    expect(transaction.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records a failed transaction: ERROR status, the exception, result "error"', async () => {
    const response = await fetch(`${app.baseUrl}/checkout-fails`, { method: 'POST' });
    expect(response.status).toBe(422);
    const server = await spanNamed('POST /checkout-fails');
    const transaction = await spanNamed('checkout.validate');
    expect(parentOf(transaction)).toBe(server.spanContext().spanId);
    expect(transaction.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cart is empty' });
    expect(transaction.attributes).toMatchObject({ [TRANSACTION_TYPE_ATTRIBUTE]: 'custom', [TRANSACTION_RESULT_ATTRIBUTE]: 'error' });
    expect(transaction.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('starts a new trace for a transaction outside any request, and rethrows from the callback form', async () => {
    await expect(
      observer.apm.transaction(
        'nightly.report',
        async () => {
          throw new Error('disk full');
        },
        { type: 'job' },
      ),
    ).rejects.toThrow('disk full');
    const job = await spanNamed('nightly.report');
    expect(parentOf(job)).toBeUndefined();
    expect(job.attributes).toMatchObject({ [TRANSACTION_TYPE_ATTRIBUTE]: 'job', [TRANSACTION_RESULT_ATTRIBUTE]: 'error' });
    expect(job.status.code).toBe(SpanStatusCode.ERROR);

    const result = observer.apm.transaction('sync.work', (transaction) => transaction.name.length);
    expect(result).toBe('sync.work'.length);
    expect((await spanNamed('sync.work')).attributes[TRANSACTION_RESULT_ATTRIBUTE]).toBe('success');
  });

  it('ends a transaction once, however often end() is called', async () => {
    const transaction = observer.apm.startTransaction('twice');
    transaction.end();
    transaction.end();
    await spanNamed('twice');
    expect(exporter.getFinishedSpans().filter((span) => span.name === 'twice')).toHaveLength(1);
    expect(transaction.ended).toBe(true);
  });
});

describe('APM options', () => {
  it('with apm.enabled false: no listener, no metrics, an empty summary, transactions still traced', async () => {
    const exporter = new InMemorySpanExporter();
    const observer = createObserver({
      env: { SIGHTLINE_APM: 'false' },
      registerGlobal: false,
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
      trace: { endpoint: 'http://127.0.0.1:9/v1/traces' },
      log: { level: 'silent' },
      metrics: { defaultMetrics: false },
      // Nothing listens on port 9: don't wait out the exporter's retries at shutdown.
      shutdownTimeoutMs: 500,
    });
    const app = await listen(createServer(createApp(observer)));
    try {
      await (await fetch(`${app.baseUrl}/checkout`, { method: 'POST' })).arrayBuffer();
      await eventually(() => exporter.getFinishedSpans().find((span) => span.name === 'checkout.place_order'), 'the transaction span');
      expect(observer.apm.enabled).toBe(false);
      expect(observer.apm.summary()).toEqual([]);
      expect((await observer.metrics.render()).body).not.toContain('sightline_apdex_score');
    } finally {
      await app.close();
      await observer.shutdown();
    }
  });

  it('reads the global threshold from SIGHTLINE_APDEX_THRESHOLD_MS and refuses bad route keys', async () => {
    const observer = createObserver({ env: { SIGHTLINE_APDEX_THRESHOLD_MS: '250' }, registerGlobal: false, log: { level: 'silent' } });
    expect(observer.options.apm.apdexThresholdMs).toBe(250);
    await observer.shutdown();
    expect(() => createObserver({ env: {}, registerGlobal: false, apm: { routes: { 'orders/:id': { apdexThresholdMs: 100 } } } })).toThrow(
      /apm\.routes\.orders\/:id: keys are a route template/,
    );
  });
});
