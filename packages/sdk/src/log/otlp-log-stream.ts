import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import type { AnyValueMap, SeverityNumber } from '@opentelemetry/api-logs';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { Resource } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { bindToBackground, inBackground } from '../context/index.js';
import { type OtlpExportError, OtlpHttpSender, type UndeliveredReport } from '../trace/index.js';
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

export interface OtlpLogStreamOptions {
  /** The OTLP/HTTP logs endpoint, e.g. `http://localhost:4318/v1/logs`. */
  readonly endpoint: string;
  readonly resource: Resource;
  readonly headers?: Readonly<Record<string, string>>;
  /** Time one export may take, retries included. */
  readonly timeoutMs: number;
  /** Lines dropped because MAX_PENDING_LINES were already waiting. */
  readonly onQueueFull: (count: number) => void;
  /** An export given up while the process runs (at shutdown, see undelivered()). */
  readonly onExportError: (error: OtlpExportError) => void;
}

/** A pino destination for OTLP logs, with a shutdown that is bounded and reports what it could not send. */
export interface OtlpLogStream extends ManagedLogStream {
  /**
   * Stops intake and flushes within `flushMs` (an unreachable collector fails at once, a
   * hanging one is abandoned at the deadline). Idempotent; close() calls it when nobody did.
   */
  shutdown(flushMs: number): Promise<void>;
  /** Records the shutdown flush could not deliver; undefined when it delivered everything. */
  undelivered(): UndeliveredReport | undefined;
  /** Lines that never reached the collector: queue overflow and failed exports. */
  droppedLines(): number;
}

/** close() without an earlier shutdown(): the flush bound then. */
const CLOSE_FLUSH_MS = 1000;

/** Sends the batches of OTel's BatchLogRecordProcessor through our sender: same retries, same bounded shutdown. */
class SenderLogExporter implements LogRecordExporter {
  readonly #sender: OtlpHttpSender;
  readonly #onFailed: (error: OtlpExportError) => void;

  constructor(sender: OtlpHttpSender, onFailed: (error: OtlpExportError) => void) {
    this.#sender = sender;
    this.#onFailed = onFailed;
  }

  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    const bytes = ProtobufLogsSerializer.serializeRequest(records) ?? new Uint8Array();
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    inBackground(() =>
      this.#sender.send(body, records.length).then((error) => {
        if (error === undefined) return done({ code: ExportResultCode.SUCCESS });
        this.#onFailed(error);
        done({ code: ExportResultCode.FAILED, error });
      }),
    );
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

/**
 * A pino destination that forwards lines to an OTLP/HTTP logs endpoint. Lines are only
 * queued on write; parsing and conversion happen on a timer, off the request path and in the
 * root context. Past MAX_PENDING_LINES the oldest are dropped (and counted) rather than
 * growing memory; records whose export failed are counted too.
 */
export function createOtlpLogStream(options: OtlpLogStreamOptions): OtlpLogStream {
  const { endpoint, resource, timeoutMs, headers } = options;
  const sender = new OtlpHttpSender({ url: endpoint, headers, timeoutMs, maxSockets: 1, items: 'log records' });
  let dropped = 0;
  let stopping = false;
  let undelivered = 0;
  let undeliveredReason = '';
  const exporter = new SenderLogExporter(sender, (error) => {
    dropped += error.items;
    if (!stopping) return options.onExportError(error);
    undelivered += error.items;
    undeliveredReason = error.reason;
  });
  const provider = new LoggerProvider({
    resource,
    processors: [
      // Our sender bounds each export; the processor's own timeout only backs it up.
      new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 1000, exportTimeoutMillis: timeoutMs + 1000 }),
    ],
  });
  const logger = provider.getLogger('@sightline/sdk');
  let pending: string[] = [];
  const drain = bindToBackground(() => {
    const lines = pending;
    pending = [];
    for (const line of lines) emitLine(line);
  });
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
  let shutdown: Promise<void> | undefined;
  const stop = async (flushMs: number) => {
    stopping = true;
    clearInterval(timer);
    drain();
    sender.stopBy(flushMs);
    await provider.shutdown();
    sender.close();
  };
  return {
    stream: {
      write(line: string) {
        // After shutdown (the shutdown report itself, say) there is no export left to queue for.
        if (stopping) return;
        if (pending.length >= MAX_PENDING_LINES) {
          pending.shift();
          dropped++;
          options.onQueueFull(1);
        }
        pending.push(line);
      },
    },
    async flush() {
      if (stopping) return;
      drain();
      await inBackground(() => provider.forceFlush());
    },
    flushSync() {
      if (!stopping) drain();
    },
    shutdown(flushMs) {
      shutdown ??= stop(flushMs);
      return shutdown;
    },
    close() {
      shutdown ??= stop(CLOSE_FLUSH_MS);
      return shutdown;
    },
    undelivered: () => (undelivered === 0 ? undefined : { count: undelivered, reason: undeliveredReason, endpoint }),
    droppedLines: () => dropped,
  };
}
