import { TraceFlags } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { ExportRequestEncoder, SpanBatch, SpanEncoder } from '@sightline/otlp/encode';
import { bindToBackground, inBackground } from '../../context/index.js';
import { type OtlpExportError, OtlpHttpSender } from './otlp-http-sender.js';

/** Why spans never reached the collector: the queue was full, their export failed, or they could not be encoded. */
export const DROP_REASONS = ['queue-full', 'export-failed', 'encode-failed'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** What a shutdown could not deliver: how many items, why (the last failure), and where to. */
export interface UndeliveredReport {
  readonly count: number;
  readonly reason: string;
  readonly endpoint: string;
}

export interface OtlpSpanProcessorOptions {
  /** The OTLP/HTTP traces endpoint, e.g. `http://localhost:4318/v1/traces`. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Time one export may take, retries included. Default 10000. */
  readonly timeoutMs?: number;
  /**
   * Bound on shutdown()'s flush, well within the observer's shutdown budget: exports still
   * running then are abandoned and their spans reported as undelivered. Default 1000.
   */
  readonly shutdownFlushMs?: number;
  /** Spans waiting to be sent (the open batch and sealed ones) beyond which new spans are dropped. Default 2048. */
  readonly maxQueueSize?: number;
  /** Spans per request. Default 512. */
  readonly maxExportBatchSize?: number;
  /** How long a partial batch waits for more spans after its first one before it is sent. Default 1000. */
  readonly scheduledDelayMs?: number;
  /** Encoded once; every span is exported under it. */
  readonly resource: Resource;
  /** Requests in flight at once; further batches wait in the queue. Default 2. */
  readonly maxConcurrentExports?: number;
  readonly onDropped?: (count: number, reason: DropReason) => void;
  readonly onExportError?: (error: OtlpExportError) => void;
}

interface FlushWaiter {
  readonly through: number;
  readonly resolve: () => void;
}

/**
 * A SpanProcessor that encodes each sampled span to OTLP protobuf bytes as it ends, so the span
 * object dies young, and sends full batches off the request path (setImmediate, never inside
 * span.end()), a partial one `scheduledDelayMs` after its first span, over keep-alive HTTP with
 * retries. The timer runs only while spans wait (as OpenTelemetry's BatchSpanProcessor's does):
 * an idle process is never woken by it. It never throws into its callers: drops and failures go
 * to `onDropped` and `onExportError`.
 */
export class OtlpSpanProcessor implements SpanProcessor {
  readonly #sender: OtlpHttpSender;
  readonly #maxQueueSize: number;
  readonly #maxExportBatchSize: number;
  readonly #maxConcurrentExports: number;
  readonly #onDropped: OtlpSpanProcessorOptions['onDropped'];
  readonly #onExportError: OtlpSpanProcessorOptions['onExportError'];
  readonly #encoder = new SpanEncoder();
  readonly #shutdownFlushMs: number;
  readonly #scheduledDelayMs: number;
  /** Armed by the first span of an empty batch, cleared when it fires or the batch goes out. */
  #timer: NodeJS.Timeout | undefined;
  /** Every export starts from here, in the root context: never inside the request whose span filled a batch. */
  readonly #dispatchInBackground = bindToBackground(() => this.#dispatch());
  readonly #sendPendingInBackground = bindToBackground(() => {
    this.#timer = undefined;
    this.#sendPending();
  });
  #requests: ExportRequestEncoder | undefined;
  #current = new SpanBatch();
  readonly #sealed: SpanBatch[] = [];
  readonly #spare: SpanBatch[] = [];
  /** Sequence numbers of the batches being sent. */
  readonly #inFlight = new Set<number>();
  #flushWaiters: FlushWaiter[] = [];
  #lastSequence = 0;
  /** Spans in the open batch and the sealed ones not yet sent. */
  #queued = 0;
  #droppedQueueFull = 0;
  #droppedUnencodable = 0;
  #dispatchScheduled = false;
  #closed = false;
  #shutdown: Promise<void> | undefined;
  /** Spans whose export failed once shutdown began: reported once, by undelivered(). */
  #undelivered = 0;
  #undeliveredReason = '';

  constructor(options: OtlpSpanProcessorOptions) {
    this.#maxQueueSize = options.maxQueueSize ?? 2048;
    this.#maxExportBatchSize = Math.min(options.maxExportBatchSize ?? 512, this.#maxQueueSize);
    this.#maxConcurrentExports = options.maxConcurrentExports ?? 2;
    this.#onDropped = options.onDropped;
    this.#onExportError = options.onExportError;
    this.#shutdownFlushMs = options.shutdownFlushMs ?? 1000;
    this.#sender = new OtlpHttpSender({
      url: options.url,
      headers: options.headers,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxSockets: this.#maxConcurrentExports,
    });
    this.#scheduledDelayMs = options.scheduledDelayMs ?? 1000;
    this.#prepareResource(options.resource);
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.#closed || (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.#queued >= this.#maxQueueSize) {
      this.#droppedQueueFull++;
      return;
    }
    try {
      this.#current.add(span, this.#encoder);
    } catch {
      this.#droppedUnencodable++;
      return;
    }
    this.#queued++;
    if (this.#current.count < this.#maxExportBatchSize) {
      if (this.#timer === undefined) this.#timer = setTimeout(this.#sendPendingInBackground, this.#scheduledDelayMs).unref();
      return;
    }
    this.#seal();
    if (this.#dispatchScheduled) return;
    this.#dispatchScheduled = true;
    setImmediate(this.#dispatchInBackground);
  }

  /** Seals and sends everything pending; resolves once those exports finished, sent or failed. */
  forceFlush(): Promise<void> {
    if (this.#shutdown !== undefined) return this.#shutdown;
    return inBackground(() => this.#flush());
  }

  /**
   * Stops intake and flushes within shutdownFlushMs (an unreachable collector fails at once,
   * a hanging one is abandoned at the deadline), then stops the timer and closes the
   * connections. Idempotent. What could not be sent is counted (onDropped) and left for
   * undelivered() rather than reported one export at a time.
   */
  shutdown(): Promise<void> {
    this.#shutdown ??= inBackground(() => this.#close());
    return this.#shutdown;
  }

  /** Spans the shutdown flush could not deliver; undefined when it delivered everything. */
  undelivered(): UndeliveredReport | undefined {
    if (this.#undelivered === 0) return undefined;
    return { count: this.#undelivered, reason: this.#undeliveredReason, endpoint: this.#sender.url };
  }

  async #close(): Promise<void> {
    this.#closed = true;
    this.#sender.stopBy(this.#shutdownFlushMs);
    await this.#flush();
    this.#sender.close();
  }

  /** Async resource attributes (detectors) must settle before the resource is encoded, once. */
  #prepareResource(resource: Resource): void {
    if (!resource.asyncAttributesPending || resource.waitForAsyncAttributes === undefined) {
      this.#requests = new ExportRequestEncoder(resource, this.#encoder);
      return;
    }
    // waitForAsyncAttributes() never rejects (see Resource's contract).
    void resource.waitForAsyncAttributes().then(() => {
      this.#requests = new ExportRequestEncoder(resource, this.#encoder);
      this.#dispatchInBackground();
    });
  }

  #flush(): Promise<void> {
    this.#sendPending();
    const through = this.#lastSequence;
    if (this.#lowestOutstanding() > through) return Promise.resolve();
    return new Promise((resolve) => this.#flushWaiters.push({ through, resolve }));
  }

  #sendPending(): void {
    this.#seal();
    this.#dispatch();
  }

  #seal(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#current.count === 0) return;
    this.#current.sequence = ++this.#lastSequence;
    this.#sealed.push(this.#current);
    this.#current = this.#spare.pop() ?? new SpanBatch();
  }

  /** Starts exports while there are sealed batches and free slots; runs off the request path. */
  #dispatch(): void {
    this.#dispatchScheduled = false;
    this.#reportDrops();
    const requests = this.#requests;
    if (requests === undefined) return;
    while (this.#inFlight.size < this.#maxConcurrentExports && this.#sealed.length > 0) {
      const batch = this.#sealed.shift() as SpanBatch;
      const { sequence, count } = batch;
      this.#queued -= count;
      let body: Buffer | undefined;
      try {
        body = requests.encode(batch);
      } catch {
        this.#report(count, 'encode-failed');
      }
      batch.reset();
      if (this.#spare.length < 2) this.#spare.push(batch);
      if (body === undefined) continue;
      this.#inFlight.add(sequence);
      void this.#sender.send(body, count).then((error) => this.#exportDone(sequence, error));
    }
    this.#settleFlushes();
  }

  #exportDone(sequence: number, error: OtlpExportError | undefined): void {
    this.#inFlight.delete(sequence);
    if (error !== undefined) this.#report(error.items, 'export-failed', error);
    this.#dispatch();
  }

  #lowestOutstanding(): number {
    let lowest = this.#sealed[0]?.sequence ?? Number.POSITIVE_INFINITY;
    for (const sequence of this.#inFlight) lowest = Math.min(lowest, sequence);
    return lowest;
  }

  #settleFlushes(): void {
    if (this.#flushWaiters.length === 0) return;
    const lowest = this.#lowestOutstanding();
    const waiting = this.#flushWaiters.filter((waiter) => waiter.through >= lowest);
    for (const waiter of this.#flushWaiters) if (waiter.through < lowest) waiter.resolve();
    this.#flushWaiters = waiting;
  }

  /** Drops are counted on the hot path and reported from here, so onEnd never calls out. */
  #reportDrops(): void {
    if (this.#droppedQueueFull > 0) {
      const count = this.#droppedQueueFull;
      this.#droppedQueueFull = 0;
      this.#report(count, 'queue-full');
    }
    if (this.#droppedUnencodable > 0) {
      const count = this.#droppedUnencodable;
      this.#droppedUnencodable = 0;
      this.#report(count, 'encode-failed');
    }
  }

  /** A throwing callback must not stop the exports, and there is nobody left to tell. */
  #report(count: number, reason: DropReason, error?: OtlpExportError): void {
    try {
      this.#onDropped?.(count, reason);
    } catch {}
    if (error === undefined) return;
    if (this.#closed) {
      this.#undelivered += count;
      this.#undeliveredReason = error.reason;
      return;
    }
    try {
      this.#onExportError?.(error);
    } catch {}
  }
}
