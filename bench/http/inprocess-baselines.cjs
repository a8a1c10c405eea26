'use strict';
// The request path of the stacks people assemble, in process, measured the way request-path.ts
// measures Sightline's: requests and responses made in process (no socket), process CPU time per
// timed batch, exports and timers between batches. Variants: the bare handler, pino-http alone,
// and the assembled stack of server-baseline.cjs (pino-http + a prom-client histogram +
// @opentelemetry/instrumentation-http with a batch OTLP exporter, 100 % sampled).
// A child process because the assembled stack registers OpenTelemetry globals (context manager,
// propagator, tracer provider) and patches node:http, which would change the path Sightline's
// variants take in the same process. CommonJS so instrumentation-http patches node:http on
// require, as its docs tell users to set it up.
// Usage: node inprocess-baselines.cjs <otlp traces url> <rounds> <ms per variant and round> [other code]
// (other code: functions run between two requests, see other-code.cjs; default 0)
// Prints one JSON line: { "<variant>": [CPU ns per request, per round], ... }.

const [otlpUrl, roundsArg, msArg, otherCodeArg = '0'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const millis = Number(msArg);
if (!otlpUrl || !(rounds > 0) || !(millis > 0)) {
  console.error('usage: node inprocess-baselines.cjs <otlp traces url> <rounds> <ms>');
  process.exit(2);
}

const { context, propagation, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { defaultResource, resourceFromAttributes } = require('@opentelemetry/resources');
const { BatchSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
// Counts ended and exported spans, so the run proves the assembled variant traced its requests and
// dropped none (a dropped span would skip its serialization and flatter the stack).
let spansEnded = 0;
let spansExported = 0;
const otlp = new OTLPTraceExporter({ url: otlpUrl });
const exporter = {
  export(spans, done) {
    spansExported += spans.length;
    otlp.export(spans, done);
  },
  shutdown: () => otlp.shutdown(),
  forceFlush: () => otlp.forceFlush(),
};
const counting = { onStart() {}, onEnding() {}, onEnd: () => spansEnded++, forceFlush: async () => {}, shutdown: async () => {} };
const provider = new TracerProvider({
  resource: defaultResource().merge(resourceFromAttributes({ 'service.name': 'bench' })),
  spanProcessors: [counting, new BatchSpanProcessor({ exporter })],
});
trace.setGlobalTracerProvider(provider);
registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });

const http = require('node:http');
const { Socket } = require('node:net');
const { Writable } = require('node:stream');
const pino = require('pino');
const pinoHttp = require('pino-http');
const { Histogram, Registry, collectDefaultMetrics } = require('prom-client');
const { handler, routeOf } = require('./handler.cjs');

// The access lines go to a stream that counts bytes (request-path.ts does the same for Sightline's).
let logBytes = 0;
const sink = new Writable({
  write(chunk, _encoding, callback) {
    logBytes += chunk.length;
    callback();
  },
});
const logRequest = pinoHttp({ logger: pino(sink) });

const registry = new Registry();
collectDefaultMetrics({ register: registry });
const histogram = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Duration of HTTP requests.',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  registers: [registry],
});

// The same listener as server-baseline.cjs's: pino-http, a prom-client timer per request, the handler.
function assembledListener(req, res) {
  logRequest(req, res);
  const end = histogram.startTimer();
  res.on('finish', () => end({ method: req.method, route: routeOf(req.url), status_code: res.statusCode }));
  handler(req, res);
}
// instrumentation-http wraps http.Server's emit: the request goes through a server as a real one does.
const server = http.createServer(assembledListener);

const VARIANTS = {
  bare: (req, res) => handler(req, res),
  'pino-http': (req, res) => {
    logRequest(req, res);
    handler(req, res);
  },
  assembled: (req, res) => server.emit('request', req, res),
};

const socket = new Socket();
Object.defineProperty(socket, 'remoteAddress', { value: '127.0.0.1' });

function serveOne(serve) {
  const req = new http.IncomingMessage(socket);
  req.method = 'GET';
  req.url = '/users/42';
  req.httpVersion = '1.1';
  req.headers = { host: '127.0.0.1', 'user-agent': 'autocannon/8', connection: 'keep-alive' };
  const res = new http.ServerResponse(req);
  // No socket takes the bytes, so the response reports neither: a served request's does, in this order.
  Object.defineProperty(res, 'writableFinished', { value: true });
  serve(req, res);
  res.emit('finish');
  res.emit('close');
}

const BATCH = 256;
const between = require('./other-code.cjs').otherCode(Number(otherCodeArg));
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function timed(serve, ms) {
  let micros = 0;
  let requests = 0;
  while (micros < ms * 1000) {
    const started = process.cpuUsage();
    for (let i = 0; i < BATCH; i++) {
      serveOne(serve);
      between();
    }
    const used = process.cpuUsage(started);
    micros += used.user + used.system;
    requests += BATCH;
    await turn();
  }
  return (micros * 1000) / requests;
}

async function main() {
  const names = Object.keys(VARIANTS);
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) await timed(VARIANTS[name], 1000); // JIT warmup: instrumentation-http's first requests cost 100-300 µs each
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) results[name].push(await timed(VARIANTS[name], millis));
  }
  await provider.forceFlush();
  await provider.shutdown();
  if (logBytes === 0) throw new Error('pino-http wrote no access line');
  if (spansEnded === 0) throw new Error('the assembled stack ended no span: instrumentation-http did not trace the requests');
  if (spansExported !== spansEnded) throw new Error(`the batch processor exported ${spansExported} of ${spansEnded} spans`);
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
