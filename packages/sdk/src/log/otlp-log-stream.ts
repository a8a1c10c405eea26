import { ExportRequestEncoder, LogRecordBatch, LogRecordEncoder, type ResourceInput, type ScopeInput } from '@sightline/otlp/encode';
import { bindToBackground, inBackground } from '../context/index.js';
import { type OtlpExportError, OtlpHttpSender, type UndeliveredReport } from '../trace/index.js';
import type { ManagedLogStream } from './destinations.js';
import { inSlices, SLICE_MS } from './in-slices.js';
import { LineQueue } from './line-queue.js';
import { millisToHrTime, pinoLineToLogRecord } from './pino-log-record.js';

const MAX_PENDING_LINES = 10_000;
/** Records per export request (OpenTelemetry's OTEL_BLRP_MAX_EXPORT_BATCH_SIZE default). */
const MAX_EXPORT_BATCH_SIZE = 512;
/** How often waiting lines are sent when fewer than a batch are waiting. */
const SCHEDULED_DELAY_MS = 1000;
/** The scope every record is exported under, as the logger OpenTelemetry's LoggerProvider gave us was named. */
const SCOPE: ScopeInput = { name: '@sightline/sdk' };

export interface OtlpLogStreamOptions {
  /** The OTLP/HTTP logs endpoint, e.g. `http://localhost:4318/v1/logs`. */
  readonly endpoint: string;
  readonly resource: ResourceInput;
  readonly headers?: Readonly<Record<string, string>>;
  /** Time one export may take, retries included. */
  readonly timeoutMs: number;
  /**
   * Lines dropped because MAX_PENDING_LINES were already waiting, reported from the export
   * loop (never from inside a write, which runs on the request path), summed since the last call.
   */
  readonly onQueueFull: (count: number) => void;
  /** An export given up while the process runs (at shutdown, see undelivered()). */
  readonly onExportError: (error: OtlpExportError) => void;
  /**
   * Paths under it are relative in the fingerprints of logged errors: the error tracker's root,
   * so a logged error and its capture group as one (default: the working directory, as there).
   */
  readonly root?: string;
  /** The event-loop time one slice of a batch's encoding may take (see inSlices); default SLICE_MS. */
  readonly sliceMs?: number;
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

/**
 * A pino destination that forwards lines to an OTLP/HTTP logs endpoint, through the same
 * sender as span export (retries, timeout, headers, bounded shutdown). Lines are only queued
 * on write; parsing and encoding happen when a batch is sent, off the request path, in the
 * root context and in slices of ~0.5 ms of the event loop, one request in flight at a time.
 * Past MAX_PENDING_LINES the oldest are dropped (and counted) rather than growing memory;
 * records whose export failed are counted too.
 */
export function createOtlpLogStream(options: OtlpLogStreamOptions): OtlpLogStream {
  const { endpoint, timeoutMs, headers } = options;
  const sender = new OtlpHttpSender({ url: endpoint, headers, timeoutMs, maxSockets: 1, items: 'log records', option: 'log.otlp' });
  const encoder = new LogRecordEncoder();
  const requests = new ExportRequestEncoder(options.resource, encoder);
  const batch = new LogRecordBatch();
  const root = options.root ?? process.cwd();
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const pending = new LineQueue(MAX_PENDING_LINES);
  let dropped = 0;
  /** Lines dropped from the full queue and not yet reported through onQueueFull. */
  let droppedUnreported = 0;
  let stopping = false;
  let undelivered = 0;
  let undeliveredReason = '';
  /** The running export loop, if any: it sends until no line is waiting. */
  let exporting: Promise<void> | undefined;

  const failed = (error: OtlpExportError) => {
    dropped += error.items;
    if (!stopping) return options.onExportError(error);
    undelivered += error.items;
    undeliveredReason = error.reason;
  };

  /**
   * Encodes up to a batch of waiting lines into one request body, in slices with a turn of the
   * event loop between them (see inSlices); undefined when none made a record.
   */
  const nextRequest = async (): Promise<{ body: Buffer; count: number } | undefined> => {
    const lines = pending.take(MAX_EXPORT_BATCH_SIZE);
    const observed = millisToHrTime(Date.now());
    batch.reset();
    await inSlices(
      lines,
      (line) => {
        const record = pinoLineToLogRecord(line, observed, root);
        if (record === undefined) return;
        try {
          batch.add(record, SCOPE, encoder);
        } catch {
          dropped++;
        }
      },
      sliceMs,
    );
    if (batch.count === 0) return undefined;
    return { body: requests.encode(batch), count: batch.count };
  };

  const reportQueueFull = () => {
    if (droppedUnreported === 0) return;
    const count = droppedUnreported;
    droppedUnreported = 0;
    options.onQueueFull(count);
  };

  const exportAll = async () => {
    while (pending.size > 0) {
      reportQueueFull();
      const request = await nextRequest();
      if (request === undefined) continue;
      const error = await sender.send(request.body, request.count);
      if (error !== undefined) failed(error);
    }
    reportQueueFull();
  };

  /** Starts the export loop unless it runs; resolves when no line is left waiting. */
  const exportPending = (): Promise<void> => {
    exporting ??= inBackground(exportAll).finally(() => {
      exporting = undefined;
    });
    return exporting;
  };
  const exportInBackground = bindToBackground(() => {
    void exportPending();
  });

  const timer = setInterval(exportInBackground, SCHEDULED_DELAY_MS);
  timer.unref();
  let shutdown: Promise<void> | undefined;
  const stop = async (flushMs: number) => {
    stopping = true;
    clearInterval(timer);
    sender.stopBy(flushMs);
    await exportPending();
    sender.close();
  };
  return {
    stream: {
      write(line: string) {
        // After shutdown (the shutdown report itself, say) there is no export left to queue for.
        if (stopping) return;
        if (pending.push(line)) {
          dropped++;
          droppedUnreported++;
        }
        // A full batch is sent without waiting for the timer, but never from inside write().
        if (pending.size === MAX_EXPORT_BATCH_SIZE && exporting === undefined) setImmediate(exportInBackground);
      },
    },
    async flush() {
      if (stopping) return;
      await exportPending();
    },
    // Nothing to do synchronously: lines wait in memory until an export sends them.
    flushSync() {},
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
