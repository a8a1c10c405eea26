import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { QueryCancelledError } from '../errors.js';
import type { WorkerConfig } from '../options.js';
import type { QueryArgs, QueryKind } from '../protocol.js';
import type { StoreMemory, WorkerStats } from '../queries.js';
import { CREATE_EPISODES_TABLE, recordAlertEpisodes } from './alert-episodes.js';
import { CREATE_STATES_TABLE, setErrorStatus } from './error-queries.js';
import { exportParquet } from './export-parquet.js';
import { Gate } from './gate.js';
import { CREATE_INCIDENT_TABLES, changeIncident, declareIncident } from './incidents.js';
import { makeFolder } from './make-folder.js';
import { MemoryTrim } from './memory-trim.js';
import { type Partition, PartitionSet } from './partitions.js';
import { QueryPriority } from './query-priority.js';
import { QueryToken } from './query-token.js';
import { isReadQuery, readQueryOf } from './read-queries.js';
import { Serial } from './serial.js';
import { TraceIdFilter } from './trace-id-filter.js';
import type { CommitListener, Writer as WriterType } from './writer.js';
import { Writer } from './writer.js';

const READER_CONNECTIONS = 2;
/** The longest one wait of ingest for running queries (see QueryPriority). */
const QUERY_PRIORITY_MAX_WAIT_MS = 50;
/** A memory trim waits for this long without interactive queries (see MemoryTrim). */
const QUERYING_QUIET_MS = 1_000;

/**
 * The worker's DuckDB: one instance, a writer connection (appenders, commits, ATTACH/DETACH) and
 * a small pool of reader connections (one per concurrent query: several concurrent runs on one
 * connection have crashed Node, node-neo#142).
 */
export class Database {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];
  /** Incidents are changed one change at a time: two at once would conflict in DuckDB (one incident row), and a person waits on each. */
  private readonly incidentWrites = new Serial();
  /** Queries not yet answered, by the client's id: what `cancel` can stop. */
  private readonly tokens = new Map<number, QueryToken>();
  /** Every query under way: close waits for them (a connection closed under a running statement takes the process down). */
  private readonly inflight = new Set<Promise<unknown>>();
  /** Queries cancelled before they started, and while they ran. */
  private readonly cancelled = { skipped: 0, stopped: 0 };
  private indexing: Promise<void> = Promise.resolve();
  private answered = 0;
  private readonly trim: MemoryTrim;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writerConnection: DuckDBConnection,
    readers: DuckDBConnection[],
    readonly partitions: PartitionSet,
    readonly writer: WriterType,
    readonly queries: QueryPriority,
    private readonly gate: Gate,
    private readonly config: WorkerConfig,
    private readonly indexer: DuckDBConnection,
    trimConnection: DuckDBConnection,
  ) {
    this.idle = readers;
    this.trim = new MemoryTrim(
      trimConnection,
      duckdbSize(config.memoryLimitBytes),
      config.memoryTrimIntervalMs,
      () => this.writer.commits + this.answered,
      () => this.queries.recentlyBusy(QUERYING_QUIET_MS),
    );
  }

  /**
   * Builds the trace-id filters of sealed partitions that have none, one at a time on the
   * indexer's own connection (queries keep their readers). A partition dropped meanwhile, or a
   * failed read, is skipped: without a filter a partition is simply always read.
   */
  indexTraceIds(partitions: Partition[]): void {
    this.indexing = this.indexing.then(async () => {
      for (const partition of partitions) {
        if (partition.traceIds !== undefined || !this.partitions.list.includes(partition)) continue;
        try {
          partition.traceIds = await this.gate.shared(() => TraceIdFilter.build(this.indexer, partition.name));
        } catch {
          // Detached between the check and the read, or the read failed: the partition stays unfiltered.
        }
      }
    });
  }

  static async open(config: WorkerConfig, nowMs: number, listener: CommitListener): Promise<Database> {
    if (config.path !== null) makeFolder(dirname(config.path));
    const instance = await DuckDBInstance.create(config.path ?? ':memory:', {
      memory_limit: duckdbSize(config.memoryLimitBytes),
      // Keeps WAL replay after a crash short, and the WAL's share of the size cap small.
      wal_autocheckpoint: `${config.walAutocheckpointBytes}B`,
      autoinstall_known_extensions: 'false',
    });
    const connection = await instance.connect();
    await connection.run(CREATE_STATES_TABLE);
    await connection.run(CREATE_EPISODES_TABLE);
    for (const statement of CREATE_INCIDENT_TABLES) await connection.run(statement);
    const gate = new Gate();
    const partitions = new PartitionSet(connection, config, gate);
    await partitions.open(nowMs);
    const queries = new QueryPriority(QUERY_PRIORITY_MAX_WAIT_MS);
    const writer = new Writer(connection, partitions, config, listener, queries);
    writer.lastNowMs = nowMs;
    await writer.init();
    const readers: DuckDBConnection[] = [];
    for (let i = 0; i < READER_CONNECTIONS; i++) readers.push(await instance.connect());
    const database = new Database(
      instance,
      connection,
      readers,
      partitions,
      writer,
      queries,
      gate,
      config,
      await instance.connect(),
      await instance.connect(),
    );
    partitions.onSealed = (sealed) => database.indexTraceIds([sealed]);
    database.indexTraceIds(partitions.list.slice(0, -1));
    return database;
  }

  /**
   * Stops the query the client sent with `id` (its caller went away): it fails with
   * QueryCancelledError, before it starts or by interrupting DuckDB. Unknown ids (answered
   * already) are ignored.
   */
  cancel(id: number): void {
    this.tokens.get(id)?.cancel();
  }

  /** Runs a query the client sent with `id`, cancellable by that id until it settles. */
  answer(id: number, kind: QueryKind, args: QueryArgs[QueryKind]): Promise<unknown> {
    const answered = this.answerQuery(id, kind, args);
    this.inflight.add(answered);
    const settled = () => this.inflight.delete(answered);
    answered.then(settled, settled);
    return answered;
  }

  private async answerQuery(id: number, kind: QueryKind, args: QueryArgs[QueryKind]): Promise<unknown> {
    const token = new QueryToken();
    this.tokens.set(id, token);
    try {
      return await this.query(kind, args, token);
    } catch (error) {
      if (error instanceof QueryCancelledError) this.cancelled[token.started ? 'stopped' : 'skipped']++;
      throw error;
    } finally {
      this.tokens.delete(id);
      // The live feed's row counts poll (every second while a UI is open) is not work worth a trim.
      if (kind !== 'stats' && kind !== 'rowCounts') this.answered++;
    }
  }

  /**
   * Runs `work` on a reader. An interactive query goes before ingest (QueryPriority); exports
   * (long on purpose) and the store's own counters (a poll each second while a UI is open: they
   * would keep the store "querying" for MemoryTrim) do not.
   */
  private withReader<T>(work: (connection: DuckDBConnection) => Promise<T>, token: QueryToken, interactive = true): Promise<T> {
    return interactive ? this.queries.run(() => this.onReader(work, token)) : this.onReader(work, token);
  }

  private async onReader<T>(work: (connection: DuckDBConnection) => Promise<T>, token: QueryToken): Promise<T> {
    token.check();
    const connection = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
    try {
      return await this.gate.shared(() => token.run(connection, work));
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }

  query(kind: QueryKind, args: QueryArgs[QueryKind], token = new QueryToken()): Promise<unknown> {
    const withReader = <T>(work: (connection: DuckDBConnection) => Promise<T>, interactive = true) =>
      this.withReader(work, token, interactive);
    if (isReadQuery(kind)) {
      const read = readQueryOf(kind);
      return withReader((c) => read(c, this.partitions, args));
    }
    switch (kind) {
      case 'recordAlertEpisodes': {
        const { change, nowMs } = args as QueryArgs['recordAlertEpisodes'];
        return withReader((c) => recordAlertEpisodes(c, change, nowMs - this.config.retentionMs), false);
      }
      case 'setErrorStatus':
        return withReader((c) => setErrorStatus(c, args as QueryArgs['setErrorStatus']), false);
      case 'declareIncident': {
        const { declaration, nowMs } = args as QueryArgs['declareIncident'];
        return this.incidentWrites.run(() => withReader((c) => declareIncident(c, declaration, nowMs), false));
      }
      case 'changeIncident': {
        const { id, change, nowMs } = args as QueryArgs['changeIncident'];
        return this.incidentWrites.run(() => withReader((c) => changeIncident(c, id, change, nowMs), false));
      }
      case 'stats':
        return withReader((c) => this.stats(c), false);
      case 'rowCounts':
        return withReader((c) => this.rowCounts(c), false);
      case 'exportParquet':
        return withReader((c) => exportParquet(c, this.partitions, args as QueryArgs['exportParquet']), false);
      case 'maintain':
        return this.writer.maintain((args as QueryArgs['maintain']).nowMs);
    }
  }

  /** The rows stored in every partition, by table: all the live feed needs (no memory readings). */
  private async rowCounts(connection: DuckDBConnection): Promise<WorkerStats['rows']> {
    const counts = this.partitions.list.map(
      (p) =>
        `SELECT (SELECT count(*) FROM ${p.name}.spans) s, (SELECT count(*) FROM ${p.name}.logs) l, (SELECT count(*) FROM ${p.name}.metric_points) m, (SELECT count(*) FROM ${p.name}.scrape_samples) x`,
    );
    const reader = await connection.runAndReadAll(`SELECT sum(s), sum(l), sum(m), sum(x) FROM (${counts.join(' UNION ALL ')})`);
    const [spans, logs, metricPoints, scrapeSamples] = (reader.getRows()[0] ?? []).map((value) => Number(value ?? 0));
    return { spans: spans ?? 0, logs: logs ?? 0, metricPoints: metricPoints ?? 0, scrapeSamples: scrapeSamples ?? 0 };
  }

  private async stats(connection: DuckDBConnection): Promise<WorkerStats> {
    return {
      mode: this.config.path === null ? 'memory' : 'file',
      bytesOnDisk: this.partitions.bytesOnDisk(),
      partitions: this.partitions.stats(),
      rows: await this.rowCounts(connection),
      commits: this.writer.commits,
      cancelledQueries: { ...this.cancelled },
      lastMaintenanceError: this.writer.maintenanceError,
      memory: { ...(await workerMemory(connection)), duckdbLimitBytes: this.config.memoryLimitBytes, trims: { ...this.trim.done } },
    };
  }

  async close(): Promise<void> {
    // The client sends nothing after close: the queries it sent before are answered first.
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    await this.writer.close();
    await this.writer.exclusive(async () => {
      await this.gate.exclusive(async () => {
        for (const partition of this.partitions.list) {
          if (partition.file !== null) await this.writerConnection.run(`CHECKPOINT ${partition.name}`);
        }
      });
    });
    await this.indexing;
    await this.trim.close();
    for (const connection of this.idle) connection.closeSync();
    this.indexer.closeSync();
    this.writerConnection.closeSync();
    this.instance.closeSync();
  }
}

/** This worker's V8 memory and DuckDB's buffer manager, by tag (the tags using memory, largest first). */
async function workerMemory(connection: DuckDBConnection): Promise<Omit<WorkerStats['memory'], 'trims' | 'duckdbLimitBytes'>> {
  const reader = await connection.runAndReadAll(
    'SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory() ORDER BY memory_usage_bytes DESC',
  );
  const byTag: StoreMemory['duckdbByTag'] = [];
  let duckdbBytes = 0;
  let duckdbTemporaryBytes = 0;
  for (const [tag, bytes, temporary] of reader.getRows()) {
    duckdbBytes += Number(bytes);
    duckdbTemporaryBytes += Number(temporary);
    if (Number(bytes) > 0) byTag.push({ tag: String(tag), bytes: Number(bytes) });
  }
  const own = process.memoryUsage();
  return {
    workerHeapBytes: own.heapUsed,
    workerHeapCommittedBytes: own.heapTotal,
    workerExternalBytes: own.external,
    duckdbBytes,
    duckdbTemporaryBytes,
    duckdbByTag: byTag,
  };
}

/** A size in bytes as DuckDB reads it (`<n>B`): the size syntax users write is ours (parseSize), not DuckDB's. */
function duckdbSize(bytes: number): string {
  return `${bytes}B`;
}
