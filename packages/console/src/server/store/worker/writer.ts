import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { WorkerConfig } from '../options.js';
import type { AppendTable, PreparedAppend } from '../protocol.js';
import { appendPrepared } from './append-rows.js';
import type { Partition, PartitionSet } from './partitions.js';
import type { QueryPriority } from './query-priority.js';

export interface PendingAppend {
  id: number;
  batch: PreparedAppend;
}

export interface CommitListener {
  committed(ids: number[]): void;
  failed(ids: number[], error: unknown): void;
  /**
   * Called as a transaction starts: rows that are on their way (bodies received but not decoded
   * yet) are enqueued now, and join it instead of waiting for the next one.
   */
  gather?(): void;
}

/** Rows appended between yields to the worker's event loop (~10-20 ms of appending). */
const YIELD_EVERY_ROWS = 2_000;

const TABLE_NAMES: Record<AppendTable, string> = {
  spans: 'spans',
  logs: 'logs',
  metricPoints: 'metric_points',
  scrapeSamples: 'scrape_samples',
  exceptions: 'exceptions',
};

/**
 * Group commit. While a transaction commits, new appends gather; when it ends they are all written
 * in the next ONE transaction (appenders flushed inside BEGIN … COMMIT). An idle writer starts
 * after `commitIntervalMs` (0: the next macrotask), or at once when `commitMaxRows` rows wait.
 * Only after COMMIT returns (WAL written and fsynced) are the appends reported committed. Commits
 * and maintenance (rotation, retention) run one at a time on a single chain.
 */
export class Writer {
  private pending: PendingAppend[] = [];
  private pendingRows = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private committing = false;
  private chain: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private appenders = new Map<AppendTable, DuckDBAppender>();
  private appenderPartition: Partition | null = null;
  private nextLogSeq = 1n;
  commits = 0;
  /** The client's clock at the last maintenance; new partitions record it as their creation time. */
  lastNowMs = Date.now();
  maintenanceError: string | null = null;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly partitions: PartitionSet,
    private readonly config: WorkerConfig,
    private readonly listener: CommitListener,
    private readonly queries: QueryPriority,
  ) {}

  async init(): Promise<void> {
    const parts = this.partitions.list.map((p) => `SELECT max(Seq) s FROM ${p.name}.logs`);
    const result = await this.connection.runAndReadAll(`SELECT coalesce(max(s), 0) FROM (${parts.join(' UNION ALL ')})`);
    const afterStored = BigInt(result.getRows()[0]?.[0] as bigint) + 1n;
    // Log cursors (Seq) also go past any an earlier process handed out: an in-memory store (or a
    // deleted file) starts empty, and a tail reconnecting with that process's cursor (its
    // Last-Event-ID, or the UI's newest line) would stay silent until the count passed it. A
    // thousand per millisecond of wall time is ahead of any run that stored fewer lines than that.
    const afterEarlierRuns = BigInt(Date.now()) * 1_000n;
    this.nextLogSeq = afterStored > afterEarlierRuns ? afterStored : afterEarlierRuns;
  }

  enqueue(append: PendingAppend): void {
    this.pending.push(append);
    this.pendingRows += append.batch.rows;
    if (this.pendingRows >= this.config.commitMaxRows) this.scheduleFlush();
    // While a commit runs, appends gather; the commit's end starts the next one (see flush).
    else if (this.committing || this.timer !== null || this.flushQueued) return;
    else if (this.config.commitIntervalMs === 0) {
      // Idle writer: one macrotask lets the messages that arrived together join this transaction.
      this.timer = setImmediate(() => {
        this.timer = null;
        this.scheduleFlush();
      });
    } else {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.scheduleFlush();
      }, this.config.commitIntervalMs);
    }
  }

  /** Runs `task` on the commit chain (rotation, retention): never in the middle of a commit. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Commits everything pending and waits for it. */
  drain(): Promise<void> {
    this.clearTimer();
    this.scheduleFlush();
    return this.chain;
  }

  private scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    void this.exclusive(async () => {
      // A running query goes first (bounded wait); appends arriving meanwhile join this commit.
      await this.queries.idle();
      this.flushQueued = false;
      this.clearTimer();
      // Committing before gathering: what gather() enqueues waits for this transaction, not a timer.
      this.committing = true;
      this.listener.gather?.();
      const batch = this.pending;
      this.pending = [];
      this.pendingRows = 0;
      if (batch.length === 0) {
        this.committing = false;
        return;
      }
      try {
        await this.commit(batch);
        this.listener.committed(batch.map((append) => append.id));
      } catch (error) {
        if (batch.length === 1) this.listener.failed([batch[0]!.id], error);
        // One bad append must not fail its neighbours: retry each alone, so only it is rejected.
        else for (const append of batch) await this.commitAlone(append);
      }
      try {
        await this.afterCommit();
      } catch (error) {
        // Rotation or retention failing (disk full, a locked file) must not kill the writer: the
        // rows are committed; the next commit tries again. stats() shows the error.
        this.maintenanceError = error instanceof Error ? error.message : String(error);
      } finally {
        this.committing = false;
        // What gathered during this commit goes next, at once: the writer never idles with work queued.
        if (this.pending.length > 0) this.scheduleFlush();
      }
    });
  }

  private clearTimer(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer as NodeJS.Timeout);
    clearImmediate(this.timer as NodeJS.Immediate);
    this.timer = null;
  }

  private async commitAlone(append: PendingAppend): Promise<void> {
    try {
      await this.commit([append]);
      this.listener.committed([append.id]);
    } catch (error) {
      this.listener.failed([append.id], error);
    }
  }

  private appender(table: AppendTable): DuckDBAppender {
    const existing = this.appenders.get(table);
    if (existing !== undefined) return existing;
    throw new Error(`no appender for ${table}`);
  }

  private async openAppenders(): Promise<void> {
    const active = this.partitions.active;
    if (this.appenderPartition === active) return;
    this.closeAppenders();
    for (const table of Object.keys(TABLE_NAMES) as AppendTable[]) {
      this.appenders.set(table, await this.connection.createAppender(TABLE_NAMES[table], 'main', active.name));
    }
    this.appenderPartition = active;
  }

  private closeAppenders(): void {
    for (const appender of this.appenders.values()) {
      try {
        // clear() first: closing flushes, and rows left by a failed commit must not be written.
        appender.clear();
        appender.closeSync();
      } catch {
        // An appender whose flush failed refuses to close; it is dropped with its rows.
      }
    }
    this.appenders.clear();
    this.appenderPartition = null;
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    await this.openAppenders();
    const active = this.partitions.active;
    let minTime = active.minTime;
    let maxTime = active.maxTime;
    let rows = 0;
    const touched = new Set<AppendTable>();
    const firstSeq = this.nextLogSeq;
    await this.connection.run('BEGIN TRANSACTION');
    try {
      let sinceYield = 0;
      for (const { batch: prepared } of batch) {
        const appender = this.appender(prepared.table);
        touched.add(prepared.table);
        // Appending and flushing are synchronous: flush and yield between slices so queries'
        // results (and new appends) are handled while a large transaction is built, instead of
        // waiting behind all of it (the flushed rows stay in this transaction until COMMIT); a
        // running query gets the CPU before the next slice.
        if (sinceYield >= YIELD_EVERY_ROWS) {
          sinceYield = 0;
          for (const table of touched) this.appender(table).flushSync();
          await new Promise((resolve) => setImmediate(resolve));
          await this.queries.idle();
        }
        sinceYield += prepared.rows;
        this.nextLogSeq = appendPrepared(appender, prepared, this.nextLogSeq);
        if (prepared.minTime !== null && (minTime === null || prepared.minTime < minTime)) minTime = prepared.minTime;
        if (prepared.maxTime !== null && (maxTime === null || prepared.maxTime > maxTime)) maxTime = prepared.maxTime;
        rows += prepared.rows;
      }
      for (const table of touched) this.appender(table).flushSync();
      await this.connection.run('COMMIT');
    } catch (error) {
      this.nextLogSeq = firstSeq;
      await this.connection.run('ROLLBACK').catch(() => undefined);
      this.closeAppenders();
      throw error;
    }
    this.commits++;
    active.minTime = minTime;
    active.maxTime = maxTime;
    active.rows += rows;
  }

  /** Rotation by size (or rows in memory mode) and retention by size, after each commit. */
  private async afterCommit(): Promise<void> {
    const { partitions, config } = this;
    const full =
      config.path === null ? partitions.active.rows >= config.maxRows / 8 : partitions.bytes(partitions.active) >= config.partitionMaxBytes;
    if (full) {
      this.closeAppenders();
      await partitions.rotate(this.lastNowMs);
    }
    await this.enforceCaps();
  }

  async enforceCaps(): Promise<void> {
    const { partitions, config } = this;
    const over = () => (config.path === null ? partitions.totalRows() > config.maxRows : partitions.bytesOnDisk() > config.maxSizeBytes);
    while (partitions.list.length > 1 && over()) await partitions.drop(partitions.list[0]!);
  }

  /** Rotation by age of the active partition and retention by age, with the client's clock. */
  maintain(nowMs: number): Promise<void> {
    return this.exclusive(async () => {
      this.lastNowMs = nowMs;
      const { partitions, config } = this;
      if (nowMs - partitions.active.createdMs >= config.partitionMaxAgeMs && partitions.active.rows > 0) {
        this.closeAppenders();
        await partitions.rotate(nowMs);
      }
      const horizon = BigInt(Math.floor(nowMs - config.retentionMs)) * 1_000_000n;
      for (const partition of [...partitions.list]) {
        if (partition === partitions.active) continue;
        if (partition.maxTime === null || partition.maxTime < horizon) await partitions.drop(partition);
      }
      await this.enforceCaps();
    });
  }

  async close(): Promise<void> {
    await this.drain();
    await this.exclusive(async () => this.closeAppenders());
  }
}
