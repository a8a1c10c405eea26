import type { IncomingMessage } from 'node:http';
import {
  type Attributes,
  type Context,
  isSpanContextValid,
  type Link,
  ROOT_CONTEXT,
  SamplingDecision,
  type Span,
  SpanKind,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { IdGenerator, Sampler } from '@opentelemetry/sdk-trace';
import { CompactSpan, type SpanSite } from './compact-span.js';
import { PooledIdGenerator } from './pooled-id-generator.js';

/** The request pass's server span: started from the request as it arrives, in the extracted parent context. */
export interface ServerSpans {
  /**
   * True when every span start() returns has a valid context (W3C: hex ids, not all zeros), so the
   * request pass need not check it again; false when a tracer it does not own makes the spans.
   */
  readonly idsValid: boolean;
  /** `method` is the normalized one (`_OTHER` for unknown methods, `rawMethod` then kept as an attribute). */
  start(parent: Context, method: string, rawMethod: string, path: string, req: IncomingMessage): Span;
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});
const NO_LINKS: Link[] = Object.freeze([]) as unknown as Link[];

/**
 * The server span's closing attributes (semantic conventions: the status code only when a response
 * was sent, the route when known): a CompactSpan takes them with their keys written out, any other
 * span through setAttribute().
 */
export function setServerOutcome(span: Span, status: number | undefined, route: string | undefined): void {
  if (span instanceof CompactSpan) {
    span.setServerOutcome(status, route);
    return;
  }
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  if (route !== undefined) span.setAttribute('http.route', route);
}

/** How many keys requestAttributes() gives a request with this (normalized) method. */
function requestAttributeCount(method: string): number {
  return method === '_OTHER' ? 7 : 6;
}

/** The stable HTTP server semantic conventions known when a request arrives; every value a string. */
function requestAttributes(method: string, rawMethod: string, path: string, req: IncomingMessage): Attributes {
  const attributes: Attributes = {
    'http.request.method': method,
    'url.path': path,
    'url.scheme': (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
    'network.protocol.version': req.httpVersion,
    'client.address': req.socket.remoteAddress ?? '',
    'user_agent.original': req.headers['user-agent'] ?? '',
  };
  if (method === '_OTHER') attributes['http.request.method_original'] = rawMethod;
  return attributes;
}

/** Through any tracer (the app's own provider when Sightline attached to it): the attributes go in at start. */
export class TracerServerSpans implements ServerSpans {
  /** The app's tracer may be a no-op one, whose spans carry the invalid context. */
  readonly idsValid = false;
  readonly #tracer: Tracer;

  constructor(tracer: Tracer) {
    this.#tracer = tracer;
  }

  start(parent: Context, method: string, rawMethod: string, path: string, req: IncomingMessage): Span {
    return this.#tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: requestAttributes(method, rawMethod, path, req) }, parent);
  }
}

export interface LeanServerSpansOptions extends SpanSite {
  readonly sampler: Sampler;
  /**
   * When `sampler` is ParentBased around this root sampler: asked directly for a request with no
   * valid parent, which ParentBased would look up in the context again before asking it (~100 ns
   * a request on a busy server). Requests with a parent always go through `sampler`.
   */
  readonly rootSampler?: Sampler;
  /** A PooledIdGenerator also hands a sampled root span its ids' bytes (the encoder then skips reading hex). */
  readonly idGenerator: IdGenerator;
}

/**
 * Our own provider's server spans, decided before anything is built: the provider's sampler
 * (ParentBased(TraceIdRatio)) sees the ids and the parent as the SDK's Tracer would show them
 * (no attributes: the pass used to set them after start too). An unsampled request gets a
 * non-recording span around its ids (still propagated and on its log lines); a sampled one a
 * CompactSpan with its attributes in one object literal, encoded by the exporter at end.
 */
export class LeanServerSpans implements ServerSpans {
  /** Ids come from the IdGenerator (never all zeros, as OpenTelemetry's contract asks) or from a parent checked in start(). */
  readonly idsValid = true;
  readonly #site: SpanSite;
  readonly #sampler: Sampler;
  readonly #rootSampler: Sampler;
  readonly #ids: IdGenerator;
  /** The generator itself when it keeps its ids' bytes: words from any other source could spell other ids. */
  readonly #idWords: PooledIdGenerator | undefined;

  constructor(options: LeanServerSpansOptions) {
    this.#site = {
      resource: options.resource,
      instrumentationScope: options.instrumentationScope,
      processors: options.processors,
      clock: options.clock,
    };
    this.#sampler = options.sampler;
    this.#rootSampler = options.rootSampler ?? options.sampler;
    this.#ids = options.idGenerator;
    this.#idWords = options.idGenerator instanceof PooledIdGenerator ? options.idGenerator : undefined;
  }

  start(parent: Context, method: string, rawMethod: string, path: string, req: IncomingMessage): Span {
    // The root context (no traceparent came) holds no span: no lookup for the common request.
    const parentSpanContext = parent === ROOT_CONTEXT ? undefined : trace.getSpanContext(parent);
    const validParent = parentSpanContext !== undefined && isSpanContextValid(parentSpanContext) ? parentSpanContext : undefined;
    const traceId = validParent === undefined ? this.#ids.generateTraceId() : validParent.traceId;
    const spanId = this.#ids.generateSpanId();
    const sampler = validParent === undefined ? this.#rootSampler : this.#sampler;
    const result = sampler.shouldSample(parent, traceId, method, SpanKind.SERVER, NO_ATTRIBUTES, NO_LINKS);
    const traceState = result.traceState ?? validParent?.traceState;
    const traceFlags = result.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE;
    const spanContext = traceState === undefined ? { traceId, spanId, traceFlags } : { traceId, spanId, traceFlags, traceState };
    if (result.decision === SamplingDecision.NOT_RECORD) return trace.wrapSpanContext(spanContext);
    const attributes = requestAttributes(method, rawMethod, path, req);
    const count = result.attributes === undefined ? requestAttributeCount(method) : undefined;
    if (result.attributes !== undefined) Object.assign(attributes, result.attributes);
    const words = validParent === undefined ? this.#idWords?.idWordsOf(traceId, spanId) : undefined;
    return new CompactSpan(this.#site, spanContext, validParent, method, SpanKind.SERVER, attributes, count, words).started(parent);
  }
}
