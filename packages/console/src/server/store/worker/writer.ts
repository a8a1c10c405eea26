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

/** A connection the writer builds transactions on, with its appenders (for one partition). */
interface Lane {
  readonly connection: DuckDBConnection;
  readonly appenders: Map<AppendTable, DuckDBAppender>;
  partition: Partition | null;
}

/** A transaction built on a lane: what it holds, and what its commit changes. */
interface Transaction {
  readonly lane: Lane;
  readonly partition: Partition;
  readonly appends: PendingAppend[];
  readonly firstSeq: bigint;
  minTime: bigint | null;
  maxTime: bigint | null;
  rows: number;
}

/**
 * Group commit, pipelined on two connections ("lanes"). While one transaction commits (DuckDB
 * writes its WAL off this thread), the next one is built on the other lane: it takes every
 * append that arrives until that commit ends, then commits in its turn. Commits end in the
 * order their transactions began, and only after COMMIT returns (WAL written and fsynced) are
 * the appends reported committed. An idle writer starts after `commitIntervalMs` (0: the next
 * macrotask), or at once when `commitMaxRows` rows wait. Maintenance (rotation, retention) runs
 * on the same chain with no transaction open.
 */
export class Writer {
  private pending: PendingAppend[] = [];
  private pendingRows = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  /** A transaction is being built (it takes what arrives until the commit before it ends). */
  private building = false;
  private chain: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private readonly lanes: Lane[];
  private nextLane = 0;
  /** The last COMMIT started, settled once its appends are reported. */
  private inflight: Promise<void> = Promise.resolve();
  /** Wakes a transaction waiting for the commit before it when an append arrives. */
  private arrived: (() => void) | null = null;
  private nextLogSeq = 1n;
  private maintenanceQueued = false;
  commits = 0;
  /** The client's clock at the last maintenance; new partitions record it as their creation time. */
  lastNowMs = Date.now();
  maintenanceError: string | null = null;

  constructor(
    /** The connection partitions are created, checkpointed and dropped on, and a second one. */
    connections: readonly [DuckDBConnection, DuckDBConnection],
    private readonly partitions: PartitionSet,
    private readonly config: WorkerConfig,
    private readonly listener: CommitListener,
    private readonly queries: QueryPriority,
  ) {
    this.lanes = connections.map((connection) => ({ connection, appenders: new Map(), partition: null }));
  }

  async init(): Promise<void> {
    const parts = this.partitions.list.map((p) => `SELECT max(Seq) s FROM ${p.name}.logs`);
    const result = await this.lanes[0]!.connection.runAndReadAll(`SELECT coalesce(max(s), 0) FROM (${parts.join(' UNION ALL ')})`);
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
    if (this.arrived !== null) this.arrived();
    else if (this.pendingRows >= this.config.commitMaxRows) this.scheduleFlush();
    // A transaction being built takes it; when it commits, what is left starts the next one.
    else if (this.building || this.timer !== null || this.flushQueued) return;
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

  /** Runs `task` on the chain with no transaction open (rotation, retention, close). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.onChain(async () => {
      await this.inflight;
      return task();
    });
  }

  private onChain<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Commits everything pending and waits for it (and for what a failed commit retries). */
  async drain(): Promise<void> {
    this.clearTimer();
    this.scheduleFlush();
    for (;;) {
      const chain = this.chain;
      await chain;
      await this.inflight;
      if (chain === this.chain && this.pending.length === 0) return;
      if (this.pending.length > 0) this.scheduleFlush();
    }
  }

  private scheduleFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    void this.onChain(async () => {
      // A running query goes first (bounded wait); appends arriving meanwhile join this commit.
      await this.queries.idle();
      this.flushQueued = false;
      this.clearTimer();
      if (this.pending.length === 0) return;
      this.building = true;
      try {
        await this.buildAndCommit();
      } finally {
        this.building = false;
        // What arrived after the transaction stopped taking appends goes next, at once: it is
        // built while this one commits.
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

  /**
   * Builds a transaction on the next lane from what is pending, taking what arrives until the
   * commit before it ends, then starts its COMMIT (awaited by `inflight`, not here).
   */
  private async buildAndCommit(): Promise<void> {
    const previous = this.inflight;
    let previousEnded = false;
    const ended = previous.then(() => {
      previousEnded = true;
    });
    const transaction = await this.begin(this.lanes[this.nextLane++ % this.lanes.length]!);
    try {
      for (;;) {
        await this.appendPending(transaction);
        if (previousEnded && this.pending.length === 0) break;
        if (!previousEnded && this.pending.length === 0) {
          await new Promise<void>((resolve) => {
            this.arrived = resolve;
            void ended.then(resolve);
          });
          this.arrived = null;
        }
      }
      this.flush(transaction);
    } catch (error) {
      this.arrived = null;
      await this.rollback(transaction);
      // One bad append must not fail its neighbours: retry each alone, so only it is rejected.
      if (transaction.appends.length === 1) this.listener.failed([transaction.appends[0]!.id], error);
      else for (const append of transaction.appends) await this.commitAlone(append);
      return;
    }
    this.inflight = this.commit(transaction);
  }

  private async begin(lane: Lane): Promise<Transaction> {
    await this.openAppenders(lane);
    const active = this.partitions.active;
    await lane.connection.run('BEGIN TRANSACTION');
    return { lane, partition: active, appends: [], firstSeq: this.nextLogSeq, minTime: null, maxTime: null, rows: 0 };
  }

  /** Appends what is pending to the transaction. Synchronous in slices: between them, queries'
   * results (and new appends) are handled, and a running query gets the CPU first. */
  private async appendPending(transaction: Transaction): Promise<void> {
    let sinceYield = 0;
    while (this.pending.length > 0) {
      if (sinceYield >= YIELD_EVERY_ROWS) {
        sinceYield = 0;
        // The flushed rows stay in this transaction until COMMIT.
        this.flush(transaction);
        await new Promise((resolve) => setImmediate(resolve));
        await this.queries.idle();
        continue;
      }
      const append = this.pending.shift()!;
      this.pendingRows -= append.batch.rows;
      this.appendOne(transaction, append);
      sinceYield += append.batch.rows;
    }
  }

  private appendOne(transaction: Transaction, append: PendingAppend): void {
    const { batch } = append;
    transaction.appends.push(append);
    this.nextLogSeq = appendPrepared(this.appender(transaction.lane, batch.table), batch, this.nextLogSeq);
    if (batch.minTime !== null && (transaction.minTime === null || batch.minTime < transaction.minTime))
      transaction.minTime = batch.minTime;
    if (batch.maxTime !== null && (transaction.maxTime === null || batch.maxTime > transaction.maxTime))
      transaction.maxTime = batch.maxTime;
    transaction.rows += batch.rows;
  }

  private flush(transaction: Transaction): void {
    for (const appender of transaction.lane.appenders.values()) appender.flushSync();
  }

  /** COMMIT (the commit before it has ended); then reports it, and queues maintenance when it is due. Never throws. */
  private async commit(transaction: Transaction): Promise<void> {
    const ids = transaction.appends.map((append) => append.id);
    try {
      await transaction.lane.connection.run('COMMIT');
    } catch (error) {
      await this.rollback(transaction, false);
      if (ids.length === 1) this.listener.failed(ids, error);
      else
        void this.onChain(async () => {
          for (const append of transaction.appends) await this.commitAlone(append);
        });
      return;
    }
    this.commits++;
    const { partition, minTime, maxTime } = transaction;
    if (minTime !== null && (partition.minTime === null || minTime < partition.minTime)) partition.minTime = minTime;
    if (maxTime !== null && (partition.maxTime === null || maxTime > partition.maxTime)) partition.maxTime = maxTime;
    partition.rows += transaction.rows;
    this.listener.committed(ids);
    if (!this.maintenanceQueued && this.maintenanceDue()) {
      this.maintenanceQueued = true;
      void this.exclusive(async () => {
        this.maintenanceQueued = false;
        try {
          await this.afterCommit();
        } catch (error) {
          // Rotation or retention failing (disk full, a locked file) must not kill the writer: the
          // rows are committed; the next commit tries again. stats() shows the error.
          this.maintenanceError = error instanceof Error ? error.message : String(error);
        }
      });
    }
  }

  /** A transaction that failed: rolled back, its lane's appenders dropped (and, while nothing
   * else took log cursors after it, its cursors given back). */
  private async rollback(transaction: Transaction, reuseSeq = true): Promise<void> {
    if (reuseSeq) this.nextLogSeq = transaction.firstSeq;
    await transaction.lane.connection.run('ROLLBACK').catch(() => undefined);
    this.closeAppenders(transaction.lane);
  }

  private async commitAlone(append: PendingAppend): Promise<void> {
    await this.inflight;
    const transaction = await this.begin(this.lanes[this.nextLane++ % this.lanes.length]!);
    try {
      this.appendOne(transaction, append);
      this.flush(transaction);
    } catch (error) {
      await this.rollback(transaction);
      this.listener.failed([append.id], error);
      return;
    }
    this.inflight = this.commit(transaction);
    await this.inflight;
  }

  private appender(lane: Lane, table: AppendTable): DuckDBAppender {
    const existing = lane.appenders.get(table);
    if (existing !== undefined) return existing;
    throw new Error(`no appender for ${table}`);
  }

  private async openAppenders(lane: Lane): Promise<void> {
    const active = this.partitions.active;
    if (lane.partition === active) return;
    this.closeAppenders(lane);
    for (const table of Object.keys(TABLE_NAMES) as AppendTable[]) {
      lane.appenders.set(table, await lane.connection.createAppender(TABLE_NAMES[table], 'main', active.name));
    }
    lane.partition = active;
  }

  private closeAppenders(lane: Lane): void {
    for (const appender of lane.appenders.values()) {
      try {
        // clear() first: closing flushes, and rows left by a failed commit must not be written.
        appender.clear();
        appender.closeSync();
      } catch {
        // An appender whose flush failed refuses to close; it is dropped with its rows.
      }
    }
    lane.appenders.clear();
    lane.partition = null;
  }

  private closeAllAppenders(): void {
    for (const lane of this.lanes) this.closeAppenders(lane);
  }

  private maintenanceDue(): boolean {
    return this.activeFull() || this.overCaps();
  }

  private activeFull(): boolean {
    const { partitions, config } = this;
    return config.path === null
      ? partitions.active.rows >= config.maxRows / 8
      : partitions.bytes(partitions.active) >= config.partitionMaxBytes;
  }

  private overCaps(): boolean {
    const { partitions, config } = this;
    return config.path === null ? partitions.totalRows() > config.maxRows : partitions.bytesOnDisk() > config.maxSizeBytes;
  }

  /** Rotation by size (or rows in memory mode) and retention by size, after a commit. */
  private async afterCommit(): Promise<void> {
    if (this.activeFull()) {
      this.closeAllAppenders();
      await this.partitions.rotate(this.lastNowMs);
    }
    await this.enforceCaps();
  }

  async enforceCaps(): Promise<void> {
    const { partitions } = this;
    while (partitions.list.length > 1 && this.overCaps()) await partitions.drop(partitions.list[0]!);
  }

  /** Rotation by age of the active partition and retention by age, with the client's clock. */
  maintain(nowMs: number): Promise<void> {
    return this.exclusive(async () => {
      this.lastNowMs = nowMs;
      const { partitions, config } = this;
      if (nowMs - partitions.active.createdMs >= config.partitionMaxAgeMs && partitions.active.rows > 0) {
        this.closeAllAppenders();
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
    await this.exclusive(async () => this.closeAllAppenders());
  }
}
