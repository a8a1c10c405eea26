// The request pass's server span, in process: what one request's span costs from start to end
// (start in the extracted context, the request attributes, status and route at finish, end and
// OTLP encoding), through the SDK's Tracer/SpanImpl as the pass used to, and through the lean
// path (sampling first, a CompactSpan). Sampled and unsampled, interleaved rounds, medians.
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { ROOT_CONTEXT, type Span, SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { SpanBatch, SpanEncoder } from '@sightline/otlp/encode';
import { PooledIdGenerator } from '../packages/sdk/src/trace/pooled-id-generator.js';
import { PreciseClock } from '../packages/sdk/src/trace/precise-clock.js';
import { LeanServerSpans } from '../packages/sdk/src/trace/server-spans.js';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatFixed, formatRatio, printTable } from './lib/table.js';
import { measureRounds, parseRoundsArgs, type RoundsOptions } from './lib/timed-rounds.js';

const OPS = 1000;

/** What OtlpSpanProcessor does in onEnd: encode the span into the open batch (reset, not sent, when full). */
class EncodingProcessor implements SpanProcessor {
  readonly #encoder = new SpanEncoder();
  readonly #batch = new SpanBatch();
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & 1) === 0) return;
    this.#batch.add(span, this.#encoder);
    if (this.#batch.count >= 512) this.#batch.reset();
  }
  forceFlush = async () => {};
  shutdown = async () => {};
}

function request(): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = '/users/42';
  req.httpVersion = '1.1';
  req.headers = { 'user-agent': 'autocannon/8', host: 'localhost' };
  return req;
}

/** What the pass does at finish on a recording span. */
function finish(span: Span): void {
  if (span.isRecording()) {
    span.setAttribute('http.response.status_code', 200);
    span.setAttribute('http.route', '/users/:id');
    span.updateName('GET /users/:id');
  }
  span.end();
}

function setup(root: Sampler) {
  const resource = resourceFromAttributes({ 'service.name': 'bench' });
  const sampler = new ParentBasedSampler({ root });
  const idGenerator = new PooledIdGenerator();
  const processors = [new EncodingProcessor()];
  const provider = new TracerProvider({ resource, sampler, idGenerator, spanProcessors: processors });
  const tracer = provider.getTracer('@sightline/sdk');
  const lean = new LeanServerSpans({
    sampler,
    idGenerator,
    resource,
    instrumentationScope: (tracer as unknown as { instrumentationScope: ReadableSpan['instrumentationScope'] }).instrumentationScope,
    processors,
    clock: new PreciseClock(),
  });
  return { tracer, lean };
}

function variants() {
  const req = request();
  const socket = req.socket as { remoteAddress?: string };
  const list = [];
  for (const [label, root] of [
    ['sampled', new AlwaysOnSampler()],
    ['unsampled', new AlwaysOffSampler()],
  ] as const) {
    const { tracer, lean } = setup(root);
    list.push({
      name: `SDK Tracer, ${label}`,
      opsPerRun: OPS,
      run() {
        for (let i = 0; i < OPS; i++) {
          const span = tracer.startSpan('GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
          if (span.isRecording()) {
            span.setAttributes({
              'http.request.method': 'GET',
              'url.path': '/users/42',
              'url.scheme': 'http',
              'network.protocol.version': req.httpVersion,
              'client.address': socket.remoteAddress ?? '',
              'user_agent.original': req.headers['user-agent'] ?? '',
            });
          }
          finish(span);
        }
      },
    });
    list.push({
      name: `lean, ${label}`,
      opsPerRun: OPS,
      run() {
        for (let i = 0; i < OPS; i++) finish(lean.start(ROOT_CONTEXT, 'GET', 'GET', '/users/42', req));
      },
    });
  }
  return list;
}

export function runServerSpanBench(options: RoundsOptions): void {
  const list = variants();
  const rates = measureRounds(list, options);
  const nanos = (name: string) => 1e9 / median(rates.get(name) as number[]);
  printTable(
    `Server span, start to encoded end: ${options.rounds} rounds x ${options.millisPerRound} ms, medians`,
    ['variant', 'ns/request', 'vs SDK Tracer'],
    list.map((variant) => {
      const reference = variant.name.replace(/^lean/, 'SDK Tracer');
      return [variant.name, formatFixed(nanos(variant.name)), formatRatio(nanos(reference) / nanos(variant.name))];
    }),
    ['vs SDK Tracer: how many times faster than the same work through the SDK Tracer (higher is better).'],
  );
}

if (isEntryPoint(import.meta.url)) runServerSpanBench(parseRoundsArgs(process.argv.slice(2), 'span'));
