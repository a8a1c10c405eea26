import type { Logger } from 'pino';
import { CAPTURED_ERROR_MESSAGE } from '../log/index.js';
import type { ErrorEvent, ErrorLevel, ErrorSink } from './error-event.js';

const PINO_LEVEL: Record<ErrorLevel, 'fatal' | 'error' | 'warn' | 'info' | 'debug'> = {
  fatal: 'fatal',
  error: 'error',
  warning: 'warn',
  info: 'info',
  debug: 'debug',
};

/**
 * Every event becomes one log line with its fingerprint and ids, so the log alone is an error
 * tracker: `event_id` finds it in Sentry, `trace_id` its trace, `fingerprint` its group. Written
 * through a record logger (never sampled, ids written explicitly: they come from the event,
 * whose request an adapter may report from outside that request's async context).
 */
export function createLogSink(logger: Logger): ErrorSink {
  return {
    name: 'log',
    send(event: ErrorEvent): void {
      const level = PINO_LEVEL[event.level];
      if (!logger.isLevelEnabled(level)) return;
      const request = event.request;
      const line: Record<string, unknown> = {
        event_id: event.eventId,
        fingerprint: event.fingerprint.id,
        error_type: event.type,
        error_code: event.fingerprint.code,
        mechanism: event.mechanism,
        handled: event.handled,
        count: event.count,
        request_id: request?.requestId,
        trace_id: event.traceId,
        span_id: event.spanId,
        user_id: event.userId,
        route: request?.route,
        method: request?.method,
        path: request?.path,
      };
      if (Object.keys(event.tags).length > 0) line.tags = event.tags;
      if (event.user !== undefined) line.user = event.user;
      if (event.extra !== undefined) line.extra = event.extra;
      if (event.kind === 'exception') {
        line.err = event.error;
        logger[level](line, CAPTURED_ERROR_MESSAGE);
      } else {
        line.captured_message = event.message;
        logger[level](line, 'message captured');
      }
    },
  };
}
