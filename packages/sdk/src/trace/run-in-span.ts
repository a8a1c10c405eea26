import { type Attributes, type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';

export interface SpanOptions {
  readonly attributes?: Attributes;
  readonly kind?: SpanKind;
}

/**
 * Marks the span as failed with the exception recorded (type, message, stack). `attributes`
 * join the exception event (error capture's fingerprint and event id; an `exception.type`
 * among them wins over the error's name).
 */
export function recordSpanError(span: Span, error: unknown, attributes?: Attributes): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  if (attributes === undefined) span.recordException(exception);
  else {
    span.addEvent('exception', {
      'exception.type': exception.name || 'Error',
      'exception.message': exception.message,
      // A thrown non-error has no stack of its own: the wrapper's would point here.
      ...(error instanceof Error && typeof error.stack === 'string' ? { 'exception.stacktrace': error.stack } : {}),
      ...attributes,
    });
  }
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
  span.setAttribute('error.type', exception.name || 'Error');
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Runs `fn` inside a new active span (a child of the current one): logs written inside
 * carry its span id, thrown errors and rejections are recorded and rethrown, and the span
 * ends when `fn` returns or settles.
 */
export function runInSpan<T>(tracer: Tracer, name: string, fn: (span: Span) => T, options: SpanOptions = {}): T {
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, (span) => {
    let result: T;
    try {
      result = fn(span);
    } catch (error) {
      recordSpanError(span, error);
      span.end();
      throw error;
    }
    if (!isPromiseLike(result)) {
      span.end();
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        recordSpanError(span, error);
        span.end();
        throw error;
      },
    ) as T;
  });
}
