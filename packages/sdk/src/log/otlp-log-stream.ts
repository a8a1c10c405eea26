import {
  ExportRequestEncoder,
  type HrTime,
  LogRecordBatch,
  LogRecordEncoder,
  type ResourceInput,
  type ScopeInput,
} from '@sightline/otlp/encode';
import { bindToBackground, inBackground } from '../context/index.js';
import { type OtlpExportError, OtlpHttpSender, type UndeliveredReport } from '../trace/index.js';
import type { ManagedLogStream } from './destinations.js';
import { inSlices, SLICE_MS } from './in-slices.js';
import { LineQueue } from './line-queue.js';
import { millisToHrTime, pinoLineToLogRecord } from './pino-log-record.js';

const MAX_PENDING_LINES = 10_000;
/** Records per export request (OpenTelemetry's OTEL_BLRP_MAX_EXPORT_BATCH_SIZE default). */
const MAX_EXPORT_BATCH_SIZE = 512;
/** How long fewer than a batch of lines wait for more after the first of them before they are sent. */
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
 * on write and sent a second after the first of them (at once when a batch is full), so an idle
 * stream arms no timer. Parsing and encoding happen when a batch is sent, off the request path,
 * in the root context and in slices of ~0.5 ms of the event loop, one request in flight at a time.
 * Past MAX_PENDING_LINES the oldest are dropped (and counted) rather than growing memory;
 * records whose export failed are counted too.
 */
export function createOtlpLogStream(options: OtlpLogStreamOptions): OtlpLogStream {
  return new OtlpLogExport(options);
}

class OtlpLogExport implements OtlpLogStream {
  readonly stream: { write(line: string): void };
  readonly #options: OtlpLogStreamOptions;
  readonly #sender: OtlpHttpSender;
  readonly #encoder = new LogRecordEncoder();
  readonly #requests: ExportRequestEncoder;
  readonly #batch = new LogRecordBatch();
  readonly #root: string;
  readonly #sliceMs: number;
  readonly #pending = new LineQueue(MAX_PENDING_LINES);
  /** Armed by a line written while none is armed, cleared when it fires: an idle stream never wakes the process. */
  #timer: NodeJS.Timeout | undefined;
  readonly #exportInBackground = bindToBackground(() => {
    void this.#exportPending();
  });
  readonly #exportOnTimer = bindToBackground(() => {
    this.#timer = undefined;
    void this.#exportPending();
  });
  #dropped = 0;
  /** Lines dropped from the full queue and not yet reported through onQueueFull. */
  #droppedUnreported = 0;
  #stopping = false;
  #undelivered = 0;
  #undeliveredReason = '';
  /** The running export loop, if any: it sends until no line is waiting. */
  #exporting: Promise<void> | undefined;
  #shutdown: Promise<void> | undefined;

  constructor(options: OtlpLogStreamOptions) {
    const { endpoint, timeoutMs, headers } = options;
    this.#options = options;
    this.#sender = new OtlpHttpSender({ url: endpoint, headers, timeoutMs, maxSockets: 1, items: 'log records', option: 'log.otlp' });
    this.#requests = new ExportRequestEncoder(options.resource, this.#encoder);
    this.#root = options.root ?? process.cwd();
    this.#sliceMs = options.sliceMs ?? SLICE_MS;
    this.stream = { write: (line) => this.#write(line) };
  }

  async flush(): Promise<void> {
    if (this.#stopping) return;
    await this.#exportPending();
  }

  /** Nothing to do synchronously: lines wait in memory until an export sends them. */
  flushSync(): void {}

  shutdown(flushMs: number): Promise<void> {
    this.#shutdown ??= this.#stop(flushMs);
    return this.#shutdown;
  }

  close(): Promise<void> {
    return this.shutdown(CLOSE_FLUSH_MS);
  }

  undelivered(): UndeliveredReport | undefined {
    if (this.#undelivered === 0) return undefined;
    return { count: this.#undelivered, reason: this.#undeliveredReason, endpoint: this.#options.endpoint };
  }

  droppedLines(): number {
    return this.#dropped;
  }

  #write(line: string): void {
    // After shutdown (the shutdown report itself, say) there is no export left to queue for.
    if (this.#stopping) return;
    if (this.#pending.push(line)) {
      this.#dropped++;
      this.#droppedUnreported++;
    }
    // A full batch is sent without waiting for the timer, but never from inside write().
    if (this.#pending.size === MAX_EXPORT_BATCH_SIZE && this.#exporting === undefined) setImmediate(this.#exportInBackground);
    else if (this.#timer === undefined) this.#timer = setTimeout(this.#exportOnTimer, SCHEDULED_DELAY_MS).unref();
  }

  async #stop(flushMs: number): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#timer);
    this.#sender.stopBy(flushMs);
    await this.#exportPending();
    this.#sender.close();
  }

  /** Starts the export loop unless it runs; resolves when no line is left waiting. */
  #exportPending(): Promise<void> {
    this.#exporting ??= inBackground(() => this.#exportAll()).finally(() => {
      this.#exporting = undefined;
    });
    return this.#exporting;
  }

  async #exportAll(): Promise<void> {
    while (this.#pending.size > 0) {
      this.#reportQueueFull();
      const request = await this.#nextRequest();
      if (request === undefined) continue;
      const error = await this.#sender.send(request.body, request.count);
      if (error !== undefined) this.#failed(error);
    }
    this.#reportQueueFull();
  }

  /**
   * Encodes up to a batch of waiting lines into one request body, in slices with a turn of the
   * event loop between them (see inSlices); undefined when none made a record.
   */
  async #nextRequest(): Promise<{ body: Buffer; count: number } | undefined> {
    const lines = this.#pending.take(MAX_EXPORT_BATCH_SIZE);
    const observed = millisToHrTime(Date.now());
    const batch = this.#batch;
    batch.reset();
    await inSlices(lines, (line) => this.#add(line, observed), this.#sliceMs);
    if (batch.count === 0) return undefined;
    return { body: this.#requests.encode(batch), count: batch.count };
  }

  #add(line: string, observed: HrTime): void {
    const record = pinoLineToLogRecord(line, observed, this.#root);
    if (record === undefined) return;
    try {
      this.#batch.add(record, SCOPE, this.#encoder);
    } catch {
      this.#dropped++;
    }
  }

  #reportQueueFull(): void {
    if (this.#droppedUnreported === 0) return;
    const count = this.#droppedUnreported;
    this.#droppedUnreported = 0;
    this.#options.onQueueFull(count);
  }

  #failed(error: OtlpExportError): void {
    this.#dropped += error.items;
    if (!this.#stopping) {
      this.#options.onExportError(error);
      return;
    }
    this.#undelivered += error.items;
    this.#undeliveredReason = error.reason;
  }
}
