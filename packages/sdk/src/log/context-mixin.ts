import { type Context, context, trace } from '@opentelemetry/api';
import { getRequestContext } from '../context/index.js';

/**
 * pino `mixin`: adds request_id, trace_id, span_id and user_id to every line written in a
 * request's async context, including lines from loggers that know nothing of the request.
 * pino merges the line's own fields *into* the object returned here, so it must be fresh
 * each call (a shared object would collect every line's fields). `active` lets a caller that
 * already looked the context up (the logMethod hook) spare the second AsyncLocalStorage read.
 */
export function contextMixin(active: Context = context.active()): object {
  const request = getRequestContext(active);
  const span = trace.getSpan(active);
  if (request !== undefined) {
    const fields = request.logFields;
    return {
      request_id: fields.request_id,
      trace_id: fields.trace_id,
      span_id: span === undefined || span === request.span ? fields.span_id : span.spanContext().spanId,
      user_id: fields.user_id,
    };
  }
  if (span === undefined) return {};
  const spanContext = span.spanContext();
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
