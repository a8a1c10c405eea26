import { type Span, SpanStatusCode } from '@opentelemetry/api';
import type { ErrorEvent, ErrorSink } from './error-event.js';

/**
 * OTLP: the exception event (OpenTelemetry's exception semantic conventions, what
 * `span.recordException` writes) plus the fingerprint and event id, and ERROR status, on the
 * span active where the app captured it. Request errors captured by the pass are already
 * recorded on their server span, which has ended by then: the pass gives no span here.
 * A captured message becomes a `sightline.message` event on that span, its status untouched.
 */
export function createSpanSink(): ErrorSink {
  return {
    name: 'span',
    send(event: ErrorEvent, span: Span | undefined): void {
      if (span === undefined || !span.isRecording()) return;
      if (event.kind === 'message') {
        // A message is a note on the span, not a failure of it: its status stays as it is.
        span.addEvent('sightline.message', {
          'sightline.message.text': event.message,
          'sightline.message.level': event.level,
          'sightline.error.fingerprint': event.fingerprint.id,
          'sightline.error.event_id': event.eventId,
        });
        return;
      }
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
