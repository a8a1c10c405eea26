import { context, propagation, SpanKind, SpanStatusCode, type TextMapPropagator, type Tracer, trace } from '@opentelemetry/api';
import type { BoundHistogramMetric } from '../metrics/index.js';
import { recordSpanError } from './run-in-span.js';

export type FetchFunction = typeof globalThis.fetch;

/** url.full without credentials (semconv requires they never be recorded). */
function sanitizeUrl(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = 'REDACTED';
  copy.password = 'REDACTED';
  return copy.href;
}

function toUrl(input: Parameters<FetchFunction>[0]): URL {
  if (input instanceof URL) return input;
  if (typeof input === 'string') return new URL(input);
  return new URL(input.url);
}

/**
 * A fetch that creates an HTTP client span (stable semconv attributes), injects W3C trace
 * context headers, and observes http_client_request_duration_seconds. No global patching:
 * the app calls it where it wants outbound calls traced.
 */
export function createTracedFetch(
  tracer: Tracer,
  duration: BoundHistogramMetric,
  base: FetchFunction = globalThis.fetch,
  propagator: TextMapPropagator = propagation,
): FetchFunction {
  return async function tracedFetch(input, init) {
    const url = toUrl(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const span = tracer.startSpan(method, {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': method,
        'url.full': sanitizeUrl(url),
        'server.address': url.hostname,
        'server.port': port,
      },
    });
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const spanContext = trace.setSpan(context.active(), span);
    propagator.inject(spanContext, headers, { set: (carrier, key, value) => carrier.set(key, value) });
    const started = performance.now();
    const labels = (status: string) => [method, url.hostname, String(port), status];
    try {
      const response = await context.with(spanContext, () => base(input, { ...init, method, headers }));
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 400) {
        span.setAttribute('error.type', String(response.status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      duration.series(labels(String(response.status))).observe((performance.now() - started) / 1000);
      return response;
    } catch (error) {
      recordSpanError(span, error);
      duration.series(labels('error')).observe((performance.now() - started) / 1000);
      throw error;
    } finally {
      span.end();
    }
  };
}
