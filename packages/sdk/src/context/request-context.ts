import { type Context, context, createContextKey, isSpanContextValid, type Span } from '@opentelemetry/api';
import { RequestFrame } from './request-frame.js';

/**
 * The fields every log line written while serving a request carries. Built once per
 * request (and again only when the user id changes) so the logger mixin allocates nothing.
 * The three ids never need escaping in JSON (the access line quotes them as they are): a request
 * id is an accepted incoming one (letters, digits, `._:@/+=-`) or a fresh UUID, and trace and
 * span ids are lower-case hex, generated or checked by createRequestContext().
 */
export interface RequestLogFields {
  request_id: string;
  /** Absent when the request has no valid trace context (tracing off, nothing propagated). */
  trace_id?: string;
  span_id?: string;
  user_id?: string;
}

/** Per-request state shared by the logger, the metrics and the tracer. */
export interface RequestContext {
  readonly requestId: string;
  /** The server span; a non-recording span when the request is not sampled. */
  readonly span: Span;
  route: string | undefined;
  userId: string | undefined;
  logFields: RequestLogFields;
  /**
   * The error tracker's recent lines of this request; errors/ owns what it holds (context/
   * imports nothing). A field rather than a WeakMap beside the context: it is read on every
   * log line of the request, and the WeakMap lookup measured twice the cost of recording a line.
   */
  breadcrumbs: object | undefined;
}

/**
 * Request state rides in the OpenTelemetry context, so there is exactly one
 * AsyncLocalStorage (the context manager's) for spans, logs and request data.
 */
export const REQUEST_CONTEXT_KEY = createContextKey('sightline.request-context');

/**
 * `idsValid`: whether the span's ids are known to be valid (ids the SDK generated, a parent it
 * checked, or none at all); left out, they are checked here. The W3C check is two regular
 * expressions, about 0.4 us a request, spent for nothing on ids the caller made itself.
 */
export function createRequestContext(requestId: string, span: Span, idsValid?: boolean): RequestContext {
  const spanContext = span.spanContext();
  return {
    requestId,
    span,
    route: undefined,
    userId: undefined,
    breadcrumbs: undefined,
    logFields:
      (idsValid ?? isSpanContextValid(spanContext))
        ? { request_id: requestId, trace_id: spanContext.traceId, span_id: spanContext.spanId }
        : { request_id: requestId },
  };
}

/**
 * `withSpan` false (tracing off): the request's span is the propagated parent's, already in
 * `parent`, or none; setting it again would only copy the context once more per request.
 */
export function contextWithRequest(parent: Context, request: RequestContext, withSpan = true): Context {
  return new RequestFrame(parent, withSpan ? request.span : undefined, REQUEST_CONTEXT_KEY, request);
}

/** The request being served in the current async context, if any. */
export function getRequestContext(active: Context = context.active()): RequestContext | undefined {
  return active.getValue(REQUEST_CONTEXT_KEY) as RequestContext | undefined;
}

/** Tags the current request (its log lines and server span) with a user id. */
export function setRequestUser(userId: string): boolean {
  const request = getRequestContext();
  if (request === undefined) return false;
  request.userId = userId;
  request.logFields = { ...request.logFields, user_id: userId };
  request.span.setAttribute('user.id', userId);
  return true;
}
