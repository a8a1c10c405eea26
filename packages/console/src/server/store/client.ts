import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { OtlpFormat, OtlpSignal, PartialSuccess } from '@sightline/otlp';
import {
  decodeErrorFromWire,
  errorFromWire,
  QueryCancelledError,
  StoreClosedError,
  type StoreError,
  StoreOpenError,
  StoreOverloadedError,
  StoreWorkerCrashedError,
} from './errors.js';
import type { ExportedFile, ParquetExport } from './export-tables.js';
import type { IncidentChange, IncidentDeclaration } from './incidents.js';
import { type ResolvedOptions, resolveOptions, type StoreOptions } from './options.js';
import { residentSplit } from './process-memory.js';
import type { AppendRowsByTable, AppendTable, FromWorker, QueryArgs, QueryKind, ToWorker, WorkerData } from './protocol.js';
import type { AlertEpisodeChange, ErrorGroupStatusChange, StoreStats, WorkerStats } from './queries.js';
import { CancellableQueries, type QueryChannel, QueryMethods, type StoreQueries } from './query-methods.js';
import { estimateBytes } from './row-size.js';
import type { LogRow, MetricPointRow, ScrapeSampleRow, SpanRow } from './rows.js';

export interface AppendOptions {
  /** Bytes these rows stand for (e.g. the decompressed request body); estimated when absent. */
  bytes?: number;
}

export interface IngestOptions {
  /**
   * The caller gives the body away: when it is the whole of its ArrayBuffer (and not empty), that
   * buffer is moved to the worker instead of copied, and the caller's view is left empty.
   * Default false: the body is copied and stays the caller's.
   */
  readonly transfer?: boolean;
}

/** A view over all of a (non-shared, non-empty) ArrayBuffer: moving that buffer takes nothing else with it. */
function ownsItsBuffer(body: Uint8Array): boolean {
  return body.byteLength > 0 && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
}

export interface Store extends StoreQueries {
  /** Resolves once the rows are committed (durable); rejects at once with StoreOverloadedError when the queue is full. */
  appendSpans(rows: SpanRow[], options?: AppendOptions): Promise<void>;
  appendLogs(rows: LogRow[], options?: AppendOptions): Promise<void>;
  appendMetricPoints(rows: MetricPointRow[], options?: AppendOptions): Promise<void>;
  appendScrapeSamples(rows: ScrapeSampleRow[], options?: AppendOptions): Promise<void>;
  /**
   * Stores one OTLP/HTTP request body (decompressed), decoded in the worker. Resolves after
   * COMMIT with what was rejected as invalid (partial success), if anything; rejects with
   * OtlpDecodeError for a malformed body (nothing stored) or StoreOverloadedError when full.
   * With `transfer`, the body's own buffer is moved to the worker (see IngestOptions).
   */
  ingestOtlp(signal: OtlpSignal, format: OtlpFormat, body: Uint8Array, options?: IngestOptions): Promise<PartialSuccess | undefined>;
  /**
   * The same queries, cancelled when `signal` aborts (an HTTP client went away): each rejects at
   * once with QueryCancelledError, and the worker skips it or interrupts DuckDB, so an abandoned
   * query neither holds a reader nor holds ingest back behind it (QueryPriority).
   */
  cancellable(signal: AbortSignal): StoreQueries;
  stats(): Promise<StoreStats>;
  /** The rows stored, by table: `stats().rows` without the rest (what a once-a-second poll needs). */
  rowCounts(): Promise<StoreStats['rows']>;
  /** Writes each table's rows of a window as `<dir>/<table>.parquet` (DuckDB COPY, in the worker). */
  exportParquet(args: ParquetExport): Promise<ExportedFile[]>;
  /** Runs rotation by age and retention now (it also runs every `maintenanceIntervalMs`). */
  runRetention(): Promise<void>;
  /**
   * Marks an error group resolved, ignored or unresolved again. Kept apart from the time
   * partitions: retention drops a group's occurrences, never its status.
   */
  setErrorGroupStatus(fingerprint: string, status: ErrorGroupStatusChange): Promise<{ changedMs: number }>;
  /** Opens and closes episodes of the alert history (kept apart from the time partitions, pruned by retention once ended). */
  recordAlertEpisodes(change: AlertEpisodeChange): Promise<void>;
  /** Declares an incident (status investigating) and answers its id; kept apart from the time partitions, never dropped by retention. */
  declareIncident(declaration: IncidentDeclaration): Promise<number>;
  /** Changes an incident and says each change on its timeline; false when there is no such incident. */
  changeIncident(id: number, change: IncidentChange): Promise<boolean>;
  /** Stops intake, commits what is queued, checkpoints and closes. Idempotent. */
  close(): Promise<void>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  rows: number;
  bytes: number;
  /** What the worker rejected of an OTLP request; the ingest promise resolves with it. */
  partial?: PartialSuccess;
}

function startWorker(options: WorkerOptions): Worker {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.ts')) return new Worker(new URL('./worker/entry.js', import.meta.url), options);
  // Running from source (tests, `--conditions=sightline-source`): Node 20 does not apply `--import`
  // hooks to a worker's entry, so a small bootstrap registers tsx inside the worker first.
  // (tsx's own loader registers only on the main thread there; its ESM API registers anywhere.)
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./worker/entry.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

class WorkerStore extends QueryMethods implements Store, QueryChannel {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private queuedRows = 0;
  private queuedBytes = 0;
  private failure: StoreError | null = null;
  private closing: Promise<void> | null = null;
  /** The worker closed the database and said so: its exit is the end of close, not a crash. */
  private closedCleanly = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly worker: Worker,
    private readonly options: ResolvedOptions,
  ) {
    super();
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) => this.crash(new StoreWorkerCrashedError(`store worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => {
      // Ending the worker after it closed the database is the close itself (terminate() exits with 1).
      if (this.closedCleanly) return;
      if (this.closing === null || code !== 0) this.crash(new StoreWorkerCrashedError(`store worker exited with code ${code}`));
    });
    this.timer = setInterval(() => {
      this.runRetention().catch(() => undefined);
    }, options.maintenanceIntervalMs);
    this.timer.unref();
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'committed':
        for (const id of message.ids) this.settle(id, this.pending.get(id)?.partial, null);
        return;
      case 'partial': {
        const entry = this.pending.get(message.id);
        if (entry !== undefined) entry.partial = { rejected: message.rejected, errorMessage: message.errorMessage };
        return;
      }
      case 'writeFailed': {
        const error = errorFromWire(message.error);
        for (const id of message.ids) this.settle(id, undefined, error);
        return;
      }
      case 'result':
        this.settle(message.id, message.value, null);
        return;
      case 'failed':
        this.settle(message.id, undefined, decodeErrorFromWire(message.error) ?? errorFromWire(message.error));
        return;
      case 'closed':
        this.settle(message.id, undefined, null);
        return;
      default:
        return;
    }
  }

  private settle(id: number, value: unknown, error: Error | null): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    this.pending.delete(id);
    this.queuedRows -= entry.rows;
    this.queuedBytes -= entry.bytes;
    if (error === null) entry.resolve(value);
    else entry.reject(error);
  }

  private crash(error: StoreError): void {
    if (this.failure !== null) return;
    this.failure = error;
    clearInterval(this.timer);
    const entries = [...this.pending.values()];
    this.pending.clear();
    this.queuedRows = 0;
    this.queuedBytes = 0;
    for (const entry of entries) entry.reject(error);
  }

  private send<T>(message: ToWorker, rows = 0, bytes = 0): Promise<T> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(message.id, { resolve: resolve as (value: unknown) => void, reject, rows, bytes });
      this.queuedRows += rows;
      this.queuedBytes += bytes;
      this.worker.postMessage(message);
    });
  }

  private append<K extends AppendTable>(table: K, rows: AppendRowsByTable[K], options?: AppendOptions): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.closing !== null) return Promise.reject(new StoreClosedError());
    if (rows.length === 0) return Promise.resolve();
    const bytes = options?.bytes ?? estimateBytes(table, rows);
    const { maxQueuedRows, maxQueuedBytes } = this.options;
    // Admission is checked before anything is kept: under overload memory stays flat.
    if (this.queuedRows + rows.length > maxQueuedRows || this.queuedBytes + bytes > maxQueuedBytes) {
      return Promise.reject(
        new StoreOverloadedError(
          `store queue full (${this.queuedRows} rows, ${this.queuedBytes} bytes waiting for commit; limits ${maxQueuedRows} rows, ${maxQueuedBytes} bytes)`,
        ),
      );
    }
    return this.send({ type: 'append', id: this.nextId++, table, rows }, rows.length, bytes);
  }

  appendSpans(rows: SpanRow[], options?: AppendOptions): Promise<void> {
    return this.append('spans', rows, options);
  }
  appendLogs(rows: LogRow[], options?: AppendOptions): Promise<void> {
    return this.append('logs', rows, options);
  }
  appendMetricPoints(rows: MetricPointRow[], options?: AppendOptions): Promise<void> {
    return this.append('metricPoints', rows, options);
  }
  appendScrapeSamples(rows: ScrapeSampleRow[], options?: AppendOptions): Promise<void> {
    return this.append('scrapeSamples', rows, options);
  }

  ingestOtlp(signal: OtlpSignal, format: OtlpFormat, body: Uint8Array, options?: IngestOptions): Promise<PartialSuccess | undefined> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.closing !== null) return Promise.reject(new StoreClosedError());
    // Decoded rows take several times the wire size: admission counts the body at 4x. An idle
    // queue takes any body the receiver let through (its size limit bounds it): refusing it
    // would answer a retryable 503 that no retry can ever turn into a 200.
    const bytes = body.byteLength * 4;
    if (this.queuedBytes > 0 && this.queuedBytes + bytes > this.options.maxQueuedBytes) {
      return Promise.reject(
        new StoreOverloadedError(
          `store queue full (${this.queuedBytes} bytes waiting for commit; limit ${this.options.maxQueuedBytes} bytes)`,
        ),
      );
    }
    // Transferred, never cloned: the body itself when the caller gives it away and it is the whole
    // of its ArrayBuffer, else a copy (the caller's Buffer may be a view into a shared pool).
    const owned = options?.transfer === true && ownsItsBuffer(body) ? body : new Uint8Array(body);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, rows: 0, bytes });
      this.queuedBytes += bytes;
      const message: ToWorker = { type: 'ingest', id, signal, format, body: owned };
      this.worker.postMessage(message, [owned.buffer as ArrayBuffer]);
    });
  }

  protected query<T, K extends QueryKind>(kind: K, args: QueryArgs[K]): Promise<T> {
    return this.startQuery<T, K>(kind, args).answer;
  }

  /** Sends a query; `id` is what `cancel` takes. */
  startQuery<T, K extends QueryKind>(kind: K, args: QueryArgs[K]): { id: number; answer: Promise<T> } {
    const id = this.nextId++;
    if (this.closing !== null && this.failure === null) return { id, answer: Promise.reject(new StoreClosedError()) };
    return { id, answer: this.send<T>({ type: 'query', id, kind, args }) };
  }

  /** Rejects a query still unanswered with QueryCancelledError at once, and tells the worker to stop it. */
  cancel(id: number): void {
    if (!this.pending.has(id)) return;
    this.worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
    this.settle(id, undefined, new QueryCancelledError());
  }

  cancellable(signal: AbortSignal): StoreQueries {
    return new CancellableQueries(this, signal);
  }

  async stats(): Promise<StoreStats> {
    const stats = await this.query<WorkerStats, 'stats'>('stats', {});
    const main = process.memoryUsage();
    const split = residentSplit();
    return {
      ...stats,
      queuedRows: this.queuedRows,
      queuedBytes: this.queuedBytes,
      memory: {
        ...stats.memory,
        rssBytes: main.rss,
        rssAnonBytes: split?.anonBytes ?? null,
        rssFileBytes: split?.fileBytes ?? null,
        mainHeapBytes: main.heapUsed,
        mainHeapCommittedBytes: main.heapTotal,
        mainExternalBytes: main.external,
      },
    };
  }
  rowCounts(): Promise<StoreStats['rows']> {
    return this.query('rowCounts', {});
  }
  exportParquet(args: ParquetExport): Promise<ExportedFile[]> {
    return this.query('exportParquet', args);
  }
  runRetention(): Promise<void> {
    return this.query('maintain', { nowMs: this.options.clock() });
  }
  async setErrorGroupStatus(fingerprint: string, status: ErrorGroupStatusChange): Promise<{ changedMs: number }> {
    const nowMs = this.options.clock();
    await this.query('setErrorStatus', { fingerprint, status, nowMs });
    return { changedMs: nowMs };
  }
  recordAlertEpisodes(change: AlertEpisodeChange): Promise<void> {
    return this.query('recordAlertEpisodes', { change, nowMs: this.options.clock() });
  }
  declareIncident(declaration: IncidentDeclaration): Promise<number> {
    return this.query('declareIncident', { declaration, nowMs: this.options.clock() });
  }
  changeIncident(id: number, change: IncidentChange): Promise<boolean> {
    return this.query('changeIncident', { id, change, nowMs: this.options.clock() });
  }

  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    clearInterval(this.timer);
    if (this.failure !== null) {
      this.closing = this.worker.terminate().then(() => undefined);
      return this.closing;
    }
    const closed = this.send<void>({ type: 'close', id: this.nextId++ });
    this.closing = closed.then(
      () => {
        this.closedCleanly = true;
        return this.worker.terminate().then(() => undefined);
      },
      async (error: unknown) => {
        await this.worker.terminate();
        throw error;
      },
    );
    return this.closing;
  }
}

/** Starts the worker that owns DuckDB, opens (and migrates) the store, and resolves when it is ready. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const resolved = resolveOptions(options);
  const workerData: WorkerData = { config: resolved.worker, nowMs: resolved.clock() };
  const worker = startWorker({ workerData, resourceLimits: resolved.workerResourceLimits });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: FromWorker) => {
      if (message.type === 'ready') done(null);
      else if (message.type === 'openFailed') done(new StoreOpenError(message.error.message));
    };
    const onError = (error: Error) => done(new StoreOpenError(`store worker failed to start: ${error.message}`));
    const onExit = (code: number) => done(new StoreOpenError(`store worker exited with code ${code} while opening`));
    const done = (error: StoreError | null) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (error === null) resolve();
      else void worker.terminate().finally(() => reject(error));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  return new WorkerStore(worker, resolved);
}
