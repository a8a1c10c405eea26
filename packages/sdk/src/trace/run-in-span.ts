import { type Attributes, type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { errorType, fingerprintError } from '../fingerprint/index.js';
import { censorSecretsInText } from '../secrets/index.js';
import { safeThrown, thrownString } from '../thrown/index.js';

export interface SpanOptions {
  readonly attributes?: Attributes;
  readonly kind?: SpanKind;
}

/**
 * Marks the span as failed with the exception recorded (type, message, stack) as the error
 * tracker names it: the class name as `exception.type` (OpenTelemetry's recordException() would
 * write the error's `code` there) and the tracker's fingerprint, so one throw recorded on every
 * span it unwinds through is one error group, with the tracker's capture of it. `attributes`
 * join the exception event and win (the request pass gives the tracker's own fingerprint and
 * event id).
 */
export function recordSpanError(span: Span, thrown: unknown, attributes?: Attributes): void {
  const error = safeThrown(thrown);
  const given = attributes?.['exception.message'];
  const message = typeof given === 'string' ? given : thrownString(error);
  const type = (attributes?.['exception.type'] as string | undefined) ?? errorType(error);
  const event: Attributes = {
    'exception.type': type,
    'exception.message': message,
    // A thrown non-error has no stack of its own: a wrapper's would point here.
    ...(error instanceof Error && typeof error.stack === 'string' ? { 'exception.stacktrace': error.stack } : {}),
    // From the message as thrown: the tracker's fingerprint of the same throw.
    ...(attributes?.['sightline.error.fingerprint'] === undefined
      ? { 'sightline.error.fingerprint': fingerprintError(error, message, process.cwd()).id }
      : {}),
    ...attributes,
  };
  // As spans carry them: without URL credentials or secret parameters (secrets/).
  for (const key of ['exception.message', 'exception.stacktrace']) {
    const text = event[key];
    if (typeof text === 'string') event[key] = censorSecretsInText(text);
  }
  span.addEvent('exception', event);
  span.setStatus({ code: SpanStatusCode.ERROR, message: censorSecretsInText(message) });
  span.setAttribute('error.type', type);
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
