import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Attributes,
  type Context,
  defaultTextMapGetter,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  type TextMapPropagator,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { Logger } from 'pino';
import { contextWithRequest, createRequestContext, kLineKeys, type RequestContext } from '../context/index.js';
import type { DirectLineWriter } from '../log/index.js';
import { ACCESS_LINE_MESSAGES, jsonMilliseconds, jsonNumber, jsonString } from '../log/index.js';
import type { HttpServerMetrics } from '../metrics/index.js';
import { PathTable } from '../paths/index.js';
import { safeThrown } from '../thrown/index.js';
import { recordSpanError, type ServerSpans, setServerOutcome, TracerServerSpans } from '../trace/index.js';
import { type InFlightLinks, InFlightRequests, type InFlightView } from './in-flight.js';
import { rejectedRequestId, resolveRequestId } from './request-id.js';
import { type RequestIdStamp, stampRequestId } from './request-id-header.js';
import { REQUEST_LINE_KEYS, requestLogLine, requestLogMembers } from './request-log-line.js';
import { type BodyCounter, countBodyBytes, responseBodyBytes } from './response-body-size.js';
import { type RouteMatcher, UNMATCHED_ROUTE } from './route-template.js';
import { serverSpanName } from './span-name.js';

/**
 * The status a request whose client left before any response was sent is counted and logged
 * with (access line, RED metrics, APM, SLOs): nginx's "client closed request", a 4xx (the
 * server did not fail), never the 200 Node's response holds by default. Its span gets no
 * `http.response.status_code` (none was sent) and `error.type: aborted`.
 */
const CLIENT_CLOSED_REQUEST = 499;
/**
 * The status of a request the server itself cut before answering (its connection closed when the
 * shutdown's drain timed out): the server's failure, counted as one (5xx, ERROR span with
 * `error.type: drain_timeout`), never as the client's 499.
 */
const CUT_AT_SHUTDOWN = 503;
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);
const kState = Symbol('sightline.requestState');
const INVALID_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
/** Every key an access line without an error can hold: all scalars (see kLineKeys). */
const ACCESS_LINE_KEYS: readonly string[] = Object.freeze([
  ...REQUEST_LINE_KEYS,
  ...['bytes', 'duration_ms', 'remote_address', 'user_agent', 'aborted', 'cut_at_shutdown', 'request_id_rejected'],
]);
const COMPLETED = ACCESS_LINE_MESSAGES.completed;
const SLOW = ACCESS_LINE_MESSAGES.slow;

export interface RequestPassOptions {
  readonly tracer: Tracer;
  /** How server spans start (tracing's lean path); through `tracer` when omitted. */
  readonly serverSpans?: ServerSpans;
  /** False when tracing is off: the pass then starts no span at all. */
  readonly tracingEnabled: boolean;
  /** Extracts the incoming trace context; the global propagator when omitted. */
  readonly propagator?: TextMapPropagator;
  readonly metrics: HttpServerMetrics | undefined;
  readonly accessLogger: Logger;
  /**
   * Writes the access line without pino's per-line work where that gives pino's bytes
   * (LoggerSetup.directAccessLines); without it, or when it declines, the line goes through `accessLogger`.
   */
  readonly directAccessLines?: (keys: readonly string[], messages: readonly string[]) => DirectLineWriter | undefined;
  readonly slowRequestMs: number;
  readonly requestIdHeader: string;
  readonly ignorePaths: readonly string[];
  /** For node:http: resolves a path to a template when the handler did not set one (`http.routes`). */
  readonly routeMatcher?: RouteMatcher;
  /** Contains a failure inside the pass (never thrown into the request). */
  readonly onInternalError: (component: string, error: unknown) => void;
}

/** One request in flight; hung on the response object so listeners need no closures. */
export interface RequestState {
  readonly request: RequestContext;
  readonly context: Context;
  readonly method: string;
  readonly path: string;
  readonly startedAt: number;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Framework-specific route lookup at the end of the request (Express knows it only then). */
  readonly routeOf: RouteLookup | undefined;
  /** The incoming request id when it was not reused (too long, bad characters), truncated and sanitized. */
  readonly requestIdRejected: string | undefined;
  error: unknown;
  /** What the error listeners said of `error` (the error tracker: its group's fingerprint and type). */
  errorAttributes: Attributes | undefined;
  /** Cut by the server (cutInFlight(): the shutdown's drain timed out), not left by its client. */
  cut: boolean;
  readonly pass: RequestPass;
}

/** The state as the pass builds it: it also counts the response's body bytes, echoes the request id and links the in-flight list. */
type CountingState = RequestState & BodyCounter & RequestIdStamp & InFlightLinks;

/** What a finished request came to, handed to finish listeners (APM, error capture). */
export interface RequestOutcome {
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
  /** False when the client went away before the response was fully written. */
  readonly completed: boolean;
}

/**
 * Extension points of the pass, for capabilities layered on it (health drain, APM, error
 * capture, debug dumps). Listeners run inside the pass's try/catch: a throw is reported as an
 * internal error, never into the request. Keep them cheap: they run on every request.
 */
export interface RequestPassListener {
  /** After the state is built, before the handler runs (in the caller's context). */
  onBegin?(state: RequestState, res: ServerResponse): void;
  /** After the span ended and metrics were observed, before the access line. */
  onFinish?(state: RequestState, outcome: RequestOutcome, res: ServerResponse): void;
  /**
   * When an adapter records a server error, before it joins the span: attributes returned are
   * added to the span's exception event (error capture adds its event's fingerprint and id).
   */
  onError?(state: RequestState, error: unknown): Attributes | undefined;
}

type ErrorListener = (state: RequestState, error: unknown) => Attributes | undefined;

/** A module-level function (not a per-request closure) reading the template off `req`. */
export type RouteLookup = (req: IncomingMessage) => string | undefined;

type StatefulResponse = ServerResponse & { [kState]?: CountingState };

function onResponseClose(this: StatefulResponse): void {
  const state = this[kState];
  if (state === undefined) return;
  this[kState] = undefined;
  state.pass.finish(state, this);
}

function contentLength(value: string | number | string[] | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') return Number(value);
  return Number.NaN;
}

/**
 * The single per-request pass behind every adapter: request id, trace context and server
 * span, metrics and the access log line. Adapters translate framework objects into
 * begin()/setRoute()/recordError() calls; everything else happens here, once.
 */
export class RequestPass {
  readonly #options: RequestPassOptions;
  /** `http.ignorePaths` and the probe paths. */
  readonly #ignore: PathTable<true>;
  readonly #idHeader: string;
  readonly #propagator: TextMapPropagator;
  readonly #serverSpans: ServerSpans;
  readonly #accessLines: DirectLineWriter | undefined;
  readonly #inFlight = new InFlightRequests<CountingState>();
  #beginListeners: ((state: RequestState, res: ServerResponse) => void)[] = [];
  #finishListeners: ((state: RequestState, outcome: RequestOutcome, res: ServerResponse) => void)[] = [];
  #errorListeners: ErrorListener[] = [];
  #idleWaiters: (() => void)[] = [];

  constructor(options: RequestPassOptions) {
    this.#options = options;
    this.#propagator = options.propagator ?? propagation;
    this.#serverSpans = options.serverSpans ?? new TracerServerSpans(options.tracer);
    this.#ignore = new PathTable(options.ignorePaths.map((path) => [path, true] as const));
    this.#idHeader = options.requestIdHeader;
    this.#accessLines = options.directAccessLines?.(ACCESS_LINE_KEYS, [COMPLETED, SLOW]);
  }

  /** Adds hooks run on every request; returns a function removing them. */
  addListener(listener: RequestPassListener): () => void {
    const onBegin = listener.onBegin?.bind(listener);
    const onFinish = listener.onFinish?.bind(listener);
    const onError = listener.onError?.bind(listener);
    if (onBegin) this.#beginListeners = [...this.#beginListeners, onBegin];
    if (onFinish) this.#finishListeners = [...this.#finishListeners, onFinish];
    if (onError) this.#errorListeners = [...this.#errorListeners, onError];
    return () => {
      this.#beginListeners = this.#beginListeners.filter((fn) => fn !== onBegin);
      this.#finishListeners = this.#finishListeners.filter((fn) => fn !== onFinish);
      this.#errorListeners = this.#errorListeners.filter((fn) => fn !== onError);
    };
  }

  /** Requests begun and not yet finished (ignored paths are not tracked). */
  get inFlight(): InFlightView<RequestState> {
    return this.#inFlight;
  }

  /**
   * Marks every request in flight as cut by the server, before the shutdown closes their
   * connections (the drain timed out): each is then counted as CUT_AT_SHUTDOWN when its
   * response closes. Resolves once all of them finished (at most `waitMs`), so their spans and
   * access lines are written before the telemetry is flushed.
   */
  async cutInFlight(waitMs: number): Promise<void> {
    for (const state of this.#inFlight) state.cut = true;
    if (this.#inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.whenIdle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  /** Resolves once no request is in flight (at once when none is). */
  whenIdle(): Promise<void> {
    if (this.#inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Starts the pass; undefined for ignored paths. Run the rest of the request in `state.context`. */
  begin(req: IncomingMessage, res: ServerResponse, routeOf?: RouteLookup): RequestState | undefined {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    if (this.#ignore.get(url, 0, query === -1 ? url.length : query) === true) return undefined;
    const path = query === -1 ? url : url.slice(0, query);

    const options = this.#options;
    const rawMethod = req.method ?? 'GET';
    const method = KNOWN_METHODS.has(rawMethod) ? rawMethod : '_OTHER';
    const incomingId = req.headers[this.#idHeader];
    const requestId = resolveRequestId(incomingId);

    const parent =
      req.headers.traceparent === undefined ? ROOT_CONTEXT : this.#propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
    const request = this.#requestContext(parent, requestId, method, rawMethod, path, req);
    const state: CountingState = {
      request,
      context: contextWithRequest(parent, request, options.tracingEnabled),
      method,
      path,
      startedAt: performance.now(),
      req,
      res,
      routeOf,
      requestIdRejected: incomingId === undefined || incomingId === requestId ? undefined : rejectedRequestId(incomingId),
      error: undefined,
      errorAttributes: undefined,
      cut: false,
      pass: this,
      bodyBytes: 0,
      write: res.write,
      end: res.end,
      idHeader: this.#idHeader,
      writeHead: res.writeHead,
      headObject: undefined,
      previousInFlight: undefined,
      nextInFlight: undefined,
    };
    if (options.metrics) options.metrics.activeRequests++;
    (res as StatefulResponse)[kState] = state;
    countBodyBytes(res, state);
    stampRequestId(res, state);
    // `on`, not `once`: once() allocates a wrapper per call; the handler clears the state itself.
    res.on('close', onResponseClose);
    this.#inFlight.add(state);
    if (this.#beginListeners.length > 0) this.#notifyBegun(state, res);
    return state;
  }

  /** The request's ids and span: the server span when tracing is on; a propagated one's ids (or none) when off. */
  #requestContext(
    parent: Context,
    requestId: string,
    method: string,
    rawMethod: string,
    path: string,
    req: IncomingMessage,
  ): RequestContext {
    if (this.#options.tracingEnabled) {
      const span = this.#serverSpans.start(parent, method, rawMethod, path, req);
      return createRequestContext(requestId, span, this.#serverSpans.idsValid ? true : undefined);
    }
    // Tracing off: no span to build, but a propagated trace id still reaches the log lines.
    const propagated = trace.getSpan(parent);
    return createRequestContext(requestId, propagated ?? INVALID_SPAN, propagated === undefined ? false : undefined);
  }

  #notifyBegun(state: RequestState, res: ServerResponse): void {
    const listeners = this.#beginListeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        (listeners[i] as (state: RequestState, res: ServerResponse) => void)(state, res);
      } catch (error) {
        this.#options.onInternalError('http', error);
      }
    }
  }

  /** Sets the route template (adapters with a router, or the app itself). */
  setRoute(state: RequestState, template: string | undefined): void {
    if (template !== undefined && template !== '') state.request.route = template;
  }

  /**
   * The route template as far as it is known now: set on the request (a router, the app), else
   * the framework's lookup on `req` (Express knows it only late), else the `http.routes` match.
   * The one lookup: the access line, the error tracker, the debug toggle and the event-loop view ask it.
   */
  routeNow(state: RequestState): string | undefined {
    return state.request.route ?? state.routeOf?.(state.req) ?? this.#options.routeMatcher?.match(state.path);
  }

  /** The state of the request this response belongs to, while it is in flight. */
  stateOf(res: ServerResponse): RequestState | undefined {
    return (res as StatefulResponse)[kState];
  }

  /** A server error of the request (adapters leave 4xx errors out): on its span, its access line, to error listeners. */
  recordError(state: RequestState, thrown: unknown): void {
    const error = safeThrown(thrown);
    state.error = error;
    let attributes: Attributes | undefined;
    const listeners = this.#errorListeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        const added = (listeners[i] as ErrorListener)(state, error);
        if (added !== undefined) attributes = attributes === undefined ? added : { ...attributes, ...added };
      } catch (failure) {
        this.#options.onInternalError('http', failure);
      }
    }
    state.errorAttributes = attributes;
    if (state.request.span.isRecording()) recordSpanError(state.request.span, error, attributes);
  }

  finish(state: RequestState, res: ServerResponse): void {
    try {
      this.#finish(state as CountingState, res);
    } catch (error) {
      this.#options.onInternalError('http', error);
    }
    this.#inFlight.delete(state as CountingState);
    if (this.#inFlight.size === 0 && this.#idleWaiters.length > 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  #finish(state: CountingState, res: ServerResponse): void {
    const durationMs = performance.now() - state.startedAt;
    // A client that left before any response was sent got no status: res.statusCode still holds
    // the default 200 (or what the handler meant to send), which would count it as a success.
    const answered = res.headersSent;
    const status = answered ? res.statusCode : state.cut ? CUT_AT_SHUTDOWN : CLIENT_CLOSED_REQUEST;
    // Read once: a stream getter (a megamorphic load inside) the span, the listeners and the line ask.
    const completed = res.writableFinished;
    const route = this.routeNow(state);
    const span = state.request.span;
    const sampled = span.isRecording();
    if (sampled) completeSpan(span, state, status, answered, completed, route);
    span.end();

    const responseBytes = responseBodyBytes(state.method, status, state);
    const label = route ?? UNMATCHED_ROUTE;
    const metrics = this.#options.metrics;
    if (metrics) {
      metrics.activeRequests--;
      recordRequestMetrics(metrics, state, label, status, durationMs / 1000, responseBytes, sampled ? span : undefined);
    }
    if (this.#finishListeners.length > 0) this.#notifyFinished(state, res, { route: label, status, durationMs, completed });
    this.#writeAccessLine(state, label, status, responseBytes, durationMs, completed);
  }

  #notifyFinished(state: RequestState, res: ServerResponse, outcome: RequestOutcome): void {
    const listeners = this.#finishListeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        (listeners[i] as (state: RequestState, outcome: RequestOutcome, res: ServerResponse) => void)(state, outcome, res);
      } catch (error) {
        this.#options.onInternalError('http', error);
      }
    }
  }

  /** The access line: written directly when it carries no error, through the access logger otherwise. */
  #writeAccessLine(
    state: RequestState,
    route: string,
    status: number,
    responseBytes: number,
    durationMs: number,
    completed: boolean,
  ): void {
    const options = this.#options;
    const logger = options.accessLogger;
    const level = status >= 500 ? 'error' : durationMs >= options.slowRequestMs ? 'warn' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const message = level === 'warn' ? SLOW : COMPLETED;
    const direct = this.#accessLines;
    if (direct !== undefined && state.error === undefined) {
      const members = accessLineMembers(state, route, status, responseBytes, durationMs, completed);
      if (direct.write(logger.levels.values[level] as number, members, message)) return;
    }
    const line = requestLogLine(state, route, status);
    line.bytes = responseBytes;
    line.duration_ms = Math.round(durationMs * 1000) / 1000;
    line.remote_address = state.req.socket.remoteAddress;
    line.user_agent = state.req.headers['user-agent'];
    if (!completed) {
      line.aborted = true;
      if (state.cut) line.cut_at_shutdown = true;
    }
    if (state.requestIdRejected !== undefined) line.request_id_rejected = state.requestIdRejected;
    if (state.error === undefined) line[kLineKeys] = ACCESS_LINE_KEYS;
    else addErrorFields(line, state);
    logger[level](line, message);
  }
}

/** The sampled server span's closing attributes and status (semantic conventions: the status code only when a response was sent). */
function completeSpan(
  span: Span,
  state: CountingState,
  status: number,
  answered: boolean,
  completed: boolean,
  route: string | undefined,
): void {
  setServerOutcome(span, answered ? status : undefined, route);
  if (route !== undefined) span.updateName(serverSpanName(state.method, route));
  if (state.cut && !completed) {
    span.setAttribute('error.type', 'drain_timeout');
    if (state.error === undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: 'cut at shutdown: the drain timed out' });
  } else if (status >= 500) {
    // A recorded error already set the status, with its message: setting it again drops the message.
    if (state.error === undefined) {
      span.setAttribute('error.type', String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  } else if (!completed) {
    span.setAttribute('error.type', 'aborted');
  }
}

/** RED and size histograms; a sampled request's duration carries its trace as an exemplar. */
function recordRequestMetrics(
  metrics: HttpServerMetrics,
  state: RequestState,
  route: string,
  status: number,
  seconds: number,
  responseBytes: number,
  sampledSpan: Span | undefined,
): void {
  const series = metrics.route(state.method, route);
  const statusSeries = series.status(status);
  if (sampledSpan === undefined) statusSeries.duration.observe(seconds);
  else {
    const spanContext = sampledSpan.spanContext();
    statusSeries.duration.observeWithExemplar(seconds, spanContext.traceId, spanContext.spanId);
  }
  statusSeries.responseSize.observe(responseBytes);
  const requestBytes = contentLength(state.req.headers['content-length']);
  if (requestBytes >= 0) series.requestSize().observe(requestBytes);
}

/**
 * The group the error tracker counted the error in, named as on its own line: the access line,
 * the app's line and the capture of one throw are one group, a thrown non-error too.
 */
function addErrorFields(line: ReturnType<typeof requestLogLine>, state: RequestState): void {
  line.err = state.error;
  const fingerprint = state.errorAttributes?.['sightline.error.fingerprint'];
  const type = state.errorAttributes?.['exception.type'];
  if (typeof fingerprint === 'string' && typeof type === 'string') {
    line.fingerprint = fingerprint;
    line.error_type = type;
  }
}

/** The access line's fields as JSON members, in the order of the object the pino path builds below. */
function accessLineMembers(
  state: RequestState,
  route: string,
  status: number,
  bytes: number,
  durationMs: number,
  completed: boolean,
): string {
  let members = `${requestLogMembers(state, route, status)},"bytes":${jsonNumber(bytes)},"duration_ms":${jsonMilliseconds(durationMs)}`;
  const remoteAddress = state.req.socket.remoteAddress;
  if (remoteAddress !== undefined) members += `,"remote_address":${jsonString(remoteAddress)}`;
  const userAgent = state.req.headers['user-agent'];
  if (userAgent !== undefined) members += `,"user_agent":${jsonString(userAgent)}`;
  if (!completed) members += state.cut ? ',"aborted":true,"cut_at_shutdown":true' : ',"aborted":true';
  if (state.requestIdRejected !== undefined) members += `,"request_id_rejected":${jsonString(state.requestIdRejected)}`;
  return members;
}
