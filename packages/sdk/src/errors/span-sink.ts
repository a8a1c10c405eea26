import { type Span, SpanStatusCode } from '@opentelemetry/api';
import type { ErrorEvent, ErrorSink } from './error-event.js';

/**
 * OTLP: the exception event (OpenTelemetry's exception semantic conventions, what
 * `span.recordException` writes) plus the fingerprint and event id, and ERROR status, on the
 * span active where the app captured it. Request errors captured by the pass are already
 * recorded on their server span, which has ended by then: the pass gives no span here.
 */
export function createSpanSink(): ErrorSink {
  return {
    name: 'span',
    send(event: ErrorEvent, span: Span | undefined): void {
      if (span === undefined || !span.isRecording() || event.kind !== 'exception') return;
      const stack = (event.error as { stack?: unknown } | null)?.stack;
      span.addEvent('exception', {
        'exception.type': event.type,
        'exception.message': event.message,
        ...(typeof stack === 'string' ? { 'exception.stacktrace': stack } : {}),
        'sightline.error.fingerprint': event.fingerprint.id,
        'sightline.error.event_id': event.eventId,
      });
      span.setStatus({ code: SpanStatusCode.ERROR, message: event.message });
      span.setAttribute('error.type', event.type);
    },
  };
}
