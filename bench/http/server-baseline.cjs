'use strict';
// Server child for the variants without Sightline: bare node:http and the stack people
// assemble today (pino-http + a prom-client histogram + @opentelemetry/instrumentation-http
// with a batch OTLP exporter), each piece alone or all three.
// CommonJS on purpose: instrumentation-http patches node:http through a require hook, so it
// is registered before http is required, as its docs tell users to do.
// Usage: node server-baseline.cjs <variant> <log file> <otlp traces url>

const [variant, logFile, otlpUrl] = process.argv.slice(2);
const VARIANTS = ['bare', 'context-only', 'libs-floor-logs-metrics', 'pino-http', 'prom-client', 'otel-http', 'assembled'];
// Calibration (diagnostic): bare plus a known K us of busy JavaScript per request, before the response is sent
// (delaying it, as work at a request's start does) or after (as an access line written on 'finish' does). A faithful
// instrument reads K us added, before and after alike (http-overhead.ts prints what it read).
const spin = /^bare-spin-(before|after)-(\d+(?:\.\d+)?)$/.exec(variant);
if (!VARIANTS.includes(variant) && spin === null) {
  console.error(`unknown variant "${variant}"; expected one of ${VARIANTS.join(', ')}`);
  process.exit(2);
}
const withLogs = variant === 'pino-http' || variant === 'assembled';
const withMetrics = variant === 'prom-client' || variant === 'assembled';
const withTraces = variant === 'otel-http' || variant === 'assembled';
const shutdowns = [];

if (withTraces) {
  const { context, propagation, trace } = require('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
  const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const { defaultResource, resourceFromAttributes } = require('@opentelemetry/resources');
  const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');

  // What NodeSDK / NodeTracerProvider.register() wire: context manager, propagator, provider.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  const provider = new TracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': 'bench' })),
    // Default sampler (ParentBased(AlwaysOn)) and BatchSpanProcessor defaults: 100% sampling.
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: otlpUrl }) })],
  });
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
  shutdowns.push(() => provider.shutdown());
}

let runInContext;
if (variant === 'context-only') {
  // Diagnostic floor: only what every context-propagating tool pays (an AsyncLocalStorage
  // context manager and one context.with() per request), no spans, logs or metrics.
  const { context, createContextKey, ROOT_CONTEXT } = require('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const key = createContextKey('bench.request');
  runInContext = (req, res) => context.with(ROOT_CONTEXT.setValue(key, req), handler, undefined, req, res);
}

const http = require('node:http');
const { handler, routeOf } = require('./handler.cjs');
const { serve } = require('./child-protocol.cjs');

let logRequest;
if (withLogs) {
  const pino = require('pino');
  const pinoHttp = require('pino-http');
  const destination = pino.destination({ dest: logFile, sync: false });
  const logger = pino(destination);
  logRequest = pinoHttp({ logger });
  shutdowns.push(() => new Promise((resolve) => logger.flush(() => resolve())));
}

// One bucket list for every prom-client histogram variant, so they observe the same way.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

let histogram;
if (withMetrics) {
  const { Histogram, Registry, collectDefaultMetrics } = require('prom-client');
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
}

function observeDuration(end, req, res) {
  end({ method: req.method, route: routeOf(req.url), status_code: res.statusCode });
}

function listener(req, res) {
  if (logRequest !== undefined) logRequest(req, res);
  if (histogram !== undefined) {
    // The usual prom-client recipe: a timer per request, observed when the response finishes.
    const end = histogram.startTimer();
    res.on('finish', () => observeDuration(end, req, res));
  }
  handler(req, res);
}

if (variant === 'libs-floor-logs-metrics') {
  // Diagnostic for "logs and metrics, request context": the least a hand-written server
  // can do with the same libraries (not the limit: see server-floor.cjs for Node's own modules only) and the same output. One AsyncLocalStorage store per request
  // (raw, no OpenTelemetry context), the same access line Sightline writes (same fields, same
  // pino destination), one prom-client histogram observation, default process metrics. No
  // redaction, sampling, cardinality guard, in-flight gauge, size histograms or error capture.
  const { AsyncLocalStorage } = require('node:async_hooks');
  const { randomUUID } = require('node:crypto');
  const pino = require('pino');
  const { Histogram, Registry, collectDefaultMetrics } = require('prom-client');
  const storage = new AsyncLocalStorage();
  const logger = pino(pino.destination({ dest: logFile, sync: false }), {
    base: { pid: process.pid, hostname: require('node:os').hostname(), service: 'bench' },
    mixin: () => {
      const store = storage.getStore();
      return store === undefined ? {} : { request_id: store.requestId };
    },
  });
  shutdowns.push(() => new Promise((resolve) => logger.flush(() => resolve())));
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests.',
    labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  runInContext = (req, res) => {
    const start = performance.now();
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      const seconds = (performance.now() - start) / 1000;
      const route = routeOf(req.url);
      duration.observe({ http_request_method: req.method, http_route: route, http_response_status_code: res.statusCode }, seconds);
      logger.info(
        {
          method: req.method,
          route,
          path: req.url,
          status: res.statusCode,
          bytes: Number(res.getHeader('content-length')),
          duration_ms: seconds * 1000,
          remote_address: req.socket.remoteAddress,
        },
        'request completed',
      );
    });
    storage.run({ requestId }, handler, req, res);
  };
}

if (spin !== null) {
  const micros = Number(spin[2]);
  const busy = () => {
    const until = performance.now() + micros / 1000;
    while (performance.now() < until);
  };
  runInContext =
    spin[1] === 'before'
      ? (req, res) => {
          busy();
          handler(req, res);
        }
      : (req, res) => {
          handler(req, res);
          busy();
        };
}

serve(http.createServer(variant === 'bare' ? handler : (runInContext ?? listener)), async () => {
  for (const shutdown of shutdowns) await shutdown();
});
