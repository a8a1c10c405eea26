import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import type { AnyValueMap, SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { Resource } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { ManagedLogStream } from './destinations.js';

const SEVERITY: Record<number, { number: SeverityNumber; text: string }> = {
  10: { number: 1, text: 'TRACE' },
  20: { number: 5, text: 'DEBUG' },
  30: { number: 9, text: 'INFO' },
  40: { number: 13, text: 'WARN' },
  50: { number: 17, text: 'ERROR' },
  60: { number: 21, text: 'FATAL' },
};

const MAX_PENDING_LINES = 10_000;
/** Fields that become the record's own fields rather than attributes. */
const CONSUMED = new Set(['level', 'time', 'msg', 'trace_id', 'span_id', 'pid', 'hostname']);

/**
 * A pino destination that forwards lines to an OTLP/HTTP logs endpoint. Lines are only
 * queued on write; parsing and conversion happen on a timer, off the request path.
 * Past MAX_PENDING_LINES the oldest are dropped (and counted) rather than growing memory.
 */
export function createOtlpLogStream(endpoint: string, resource: Resource, onDropped: (count: number) => void): ManagedLogStream {
  const provider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: endpoint }), scheduledDelayMillis: 1000 })],
  });
  const logger = provider.getLogger('@sightline/sdk');
  let pending: string[] = [];

  const drain = () => {
    const lines = pending;
    pending = [];
    for (const line of lines) emitLine(line);
  };

  const emitLine = (line: string) => {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const severity = SEVERITY[record.level as number];
    const attributes: AnyValueMap = {};
    for (const [key, value] of Object.entries(record)) {
      if (CONSUMED.has(key) || value === undefined) continue;
      attributes[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : (value as string | number | boolean);
    }
    const traceId = record.trace_id;
    const spanId = record.span_id;
    const context =
      typeof traceId === 'string' && typeof spanId === 'string'
        ? trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED })
        : ROOT_CONTEXT;
    logger.emit({
      timestamp: typeof record.time === 'number' ? record.time : Date.now(),
      severityNumber: severity?.number,
      severityText: severity?.text,
      body: typeof record.msg === 'string' ? record.msg : '',
      attributes,
      context,
    });
  };

  const timer = setInterval(drain, 500);
  timer.unref();

  return {
    stream: {
      write(line: string) {
        if (pending.length >= MAX_PENDING_LINES) {
          pending.shift();
          onDropped(1);
        }
        pending.push(line);
      },
    },
    async flush() {
      drain();
      await provider.forceFlush();
    },
    flushSync() {
      drain();
    },
    async close() {
      clearInterval(timer);
      drain();
      await provider.shutdown();
    },
  };
}
