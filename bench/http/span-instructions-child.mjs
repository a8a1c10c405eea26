// One variant of span-instructions.ts, run under callgrind: `node span-instructions-child.mjs
// <variant> <spans> <warmup>`. Builds, ends and encodes server spans as the request pass and the
// span processor do (or as the floor does, or only the loop around them), `warmup` first, then
// zeroes callgrind's counters, runs `spans` more and has callgrind dump: the dump holds the
// measured spans alone. The built packages (dist), plain node: nothing here is TypeScript.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { AlwaysOnSampler, ParentBasedSampler } from '@opentelemetry/sdk-trace';
import { SpanBatch, SpanEncoder } from '../../packages/otlp/dist/encode/index.js';
import { serverSpanName } from '../../packages/sdk/dist/http/span-name.js';
import { PooledIdGenerator } from '../../packages/sdk/dist/trace/pooled-id-generator.js';
import { PreciseClock } from '../../packages/sdk/dist/trace/precise-clock.js';
import { LeanServerSpans, setServerOutcome } from '../../packages/sdk/dist/trace/server-spans.js';

const require = createRequire(import.meta.url);
const { SpanExport, spanParts } = require('./floor/span-export.cjs');
const { takeId, idPool: pool, ids } = require('./floor/floor-listener.cjs');

const [variant = '', spansArg = '', warmupArg = ''] = process.argv.slice(2);
const spans = Number(spansArg);
const warmup = Number(warmupArg);
if (!['sightline', 'floor', 'loop'].includes(variant) || !(spans > 0) || !(warmup >= 0)) {
  throw new Error(`usage: span-instructions-child.mjs sightline|floor|loop <spans> <warmup>, not ${process.argv.slice(2).join(' ')}`);
}

const METHOD = 'GET';
const ROUTE = '/users/:id';
/** Requests as node:http hands them over: 4,096 of them, reused round-robin (the heap stays small). */
const REQUESTS = Array.from({ length: 4096 }, (_, i) => {
  const url = `/users/${i % 1000}?expand=orders`;
  return {
    url,
    httpVersion: '1.1',
    socket: { encrypted: undefined, remoteAddress: '::ffff:127.0.0.1' },
    headers: { 'user-agent': 'curl/8.5.0' },
  };
});
const pathOf = (req) => req.url.slice(0, req.url.indexOf('?'));

/** Sightline: the lean server span, the request pass's closing attributes, the processor's encoding. */
function sightline() {
  const encoder = new SpanEncoder();
  let batch = new SpanBatch();
  const exporter = {
    onStart() {},
    onEnd(span) {
      if (batch.count >= 512) batch = new SpanBatch();
      batch.add(span, encoder);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const serverSpans = new LeanServerSpans({
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    rootSampler: new AlwaysOnSampler(),
    idGenerator: new PooledIdGenerator(),
    resource: { attributes: {} },
    instrumentationScope: { name: '@sightline/sdk' },
    processors: [exporter],
    clock: new PreciseClock(),
  });
  return (req) => {
    const span = serverSpans.start(ROOT_CONTEXT, METHOD, METHOD, pathOf(req), req);
    setServerOutcome(span, 200, ROUTE);
    span.updateName(serverSpanName(METHOD, ROUTE));
    span.end();
  };
}

/** The floor: its ids (hex of its random pool, floor-listener.cjs), its response state, SpanExport.add. */
function floor() {
  const exporter = new SpanExport('http://127.0.0.1:9/v1/traces', [['service.name', 'bench']], '@sightline/sdk', ids);
  clearInterval(exporter.timer);
  const parts = spanParts(METHOD, ROUTE);
  return (req) => {
    const startedAt = performance.now();
    const spanAt = takeId(8);
    const spanFill = ids.fills;
    const traceAt = takeId(16);
    const state = {
      traceAt: ids.fills === spanFill ? traceAt : -1,
      spanAt,
      idFill: ids.fills,
      req,
      path: pathOf(req),
      traceId: pool.toString('hex', traceAt, traceAt + 16),
      spanId: pool.toString('hex', spanAt, spanAt + 8),
      parentSpanId: '',
      startUnixMs: Date.now(),
      startedAt,
      writableFinished: true,
    };
    if (exporter.count >= 500) {
      exporter.current.pos = 0;
      exporter.count = 0;
      exporter.queued = 0;
    }
    exporter.add(state, parts, 200, performance.now());
  };
}

const one = variant === 'sightline' ? sightline() : variant === 'floor' ? floor() : (req) => pathOf(req);
function run(from, count) {
  for (let i = from; i < from + count; i++) one(REQUESTS[i & 4095]);
}

run(0, warmup);
execFileSync('callgrind_control', ['--zero', String(process.pid)], { stdio: 'ignore' });
run(warmup, spans);
execFileSync('callgrind_control', ['--dump', String(process.pid)], { stdio: 'ignore' });
