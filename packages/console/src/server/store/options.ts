import type { ResourceLimits } from 'node:worker_threads';
import { z } from 'zod';
import { DEFAULT_MAX_SIZE, DEFAULT_MEMORY_LIMIT, DEFAULT_RETENTION } from './defaults.js';
import { type ConfigIssue, StoreConfigError } from './errors.js';

export interface StoreOptions {
  /** The main DuckDB file; partitions live beside it in `<path>.d/`. Omit with `memory: true`. */
  path?: string;
  /** Keep everything in memory (no files); oldest partitions evicted past `maxRows`. */
  memory?: boolean;
  /** Age after which whole partitions are dropped: `7d`, `12h`, or milliseconds. Default 7d. */
  retention?: string | number;
  /** Cap of everything on disk (files + WALs): `2GB`, `64MB`, or bytes. Default 2 GiB. */
  maxSize?: string | number;
  /** Memory mode: rows (all signals together) kept before the oldest partition is evicted. Default 1,000,000. */
  maxRows?: number;
  /**
   * DuckDB `memory_limit`, set at open: its cache of data blocks and the queries' working memory
   * (`512MB`, `1GiB` or bytes; at least 64 MiB). Default `512MB`.
   */
  memoryLimit?: string | number;
  /** A partition is rotated past this age. Default retention / 8. */
  partitionMaxAge?: string | number;
  /** Group commit: an idle writer commits at once when this many rows wait. Default 10,000. */
  commitMaxRows?: number;
  /**
   * …or this long after the first append arrived (0: the next macrotask). Appends arriving while a
   * commit runs always gather into the next transaction. Default 0: measured 70-87k spans/s vs
   * 38-41k at 25 ms with 8 clients (an idle wait per commit cycle caps what waiting clients send).
   */
  commitIntervalMs?: number;
  /** Bound of rows waiting for commit; past it appends reject with StoreOverloadedError. Default 100,000. */
  maxQueuedRows?: number;
  /** Bound of (estimated) bytes waiting for commit. Default 64 MiB. */
  maxQueuedBytes?: number;
  /** How often retention by age runs. Default 30 s. */
  maintenanceIntervalMs?: number;
  /**
   * How often, while the store works, the memory DuckDB freed goes back to the system (glibc
   * keeps it otherwise; see MemoryTrim). 0: never. Default 5 s.
   */
  memoryTrimIntervalMs?: number;
  /** Milliseconds since the epoch; injectable for retention tests. Default Date.now. */
  clock?: () => number;
  /** Limits of the worker thread that owns DuckDB. */
  workerResourceLimits?: ResourceLimits;
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

export function parseSize(value: string | number, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.floor(value);
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(value));
  const unit = SIZE_UNITS[(match?.[2] || 'b').toLowerCase()];
  if (!match || unit === undefined || Number(match[1]) <= 0) {
    throw StoreConfigError.of(field, `expected a size like 2GB, 512MiB or a number of bytes, got ${JSON.stringify(value)}`);
  }
  return Math.floor(Number(match[1]) * unit);
}

export function parseDuration(value: string | number, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/i.exec(String(value));
  const unit = DURATION_UNITS[(match?.[2] ?? '').toLowerCase()];
  if (!match || unit === undefined || Number(match[1]) <= 0) {
    throw StoreConfigError.of(field, `expected a duration like 7d, 12h, 30m or milliseconds, got ${JSON.stringify(value)}`);
  }
  return Number(match[1]) * unit;
}

const schema = z
  .object({
    path: z.string().min(1).optional(),
    memory: z.boolean().optional(),
    retention: z.union([z.string(), z.number()]).default(DEFAULT_RETENTION),
    maxSize: z.union([z.string(), z.number()]).default(DEFAULT_MAX_SIZE),
    maxRows: z.number().int().positive().default(1_000_000),
    memoryLimit: z.union([z.string(), z.number()]).default(DEFAULT_MEMORY_LIMIT),
    partitionMaxAge: z.union([z.string(), z.number()]).optional(),
    commitMaxRows: z.number().int().positive().default(10_000),
    commitIntervalMs: z.number().min(0).max(1000).default(0),
    maxQueuedRows: z.number().int().positive().default(100_000),
    maxQueuedBytes: z
      .number()
      .int()
      .positive()
      .default(64 * 2 ** 20),
    maintenanceIntervalMs: z.number().positive().default(30_000),
    memoryTrimIntervalMs: z.number().int().min(0).default(5000),
  })
  .loose();

/** What the worker needs: plain data only (it crosses postMessage). */
export interface WorkerConfig {
  path: string | null;
  retentionMs: number;
  maxSizeBytes: number;
  partitionMaxBytes: number;
  partitionMaxAgeMs: number;
  maxRows: number;
  /** DuckDB's memory_limit in bytes (handed over as `<n>B`: the size syntax is ours, not DuckDB's). */
  memoryLimitBytes: number;
  walAutocheckpointBytes: number;
  commitMaxRows: number;
  commitIntervalMs: number;
  memoryTrimIntervalMs: number;
}

export interface ResolvedOptions {
  worker: WorkerConfig;
  maxQueuedRows: number;
  maxQueuedBytes: number;
  maintenanceIntervalMs: number;
  clock: () => number;
  workerResourceLimits: ResourceLimits | undefined;
}

/** One issue as `store option X: problem`, several as a list: every option at fault named at once. */
function invalidOptions(issues: readonly ConfigIssue[]): StoreConfigError {
  if (issues.length === 1) return new StoreConfigError(`store option ${issues[0]!.option}: ${issues[0]!.problem}`, issues);
  const lines = issues.map((issue) => `${issue.option}: ${issue.problem}`);
  return new StoreConfigError(`store options:\n  - ${lines.join('\n  - ')}`, issues);
}

const MAX_PARTITION_BYTES = 256 * 2 ** 20;
const MIN_MEMORY_LIMIT_BYTES = 64 * 2 ** 20;

/**
 * Throws the StoreConfigError that openStore would, without starting anything: for a caller that
 * checks all of its options before it acts (the console, before its command line makes folders).
 */
export function checkStoreOptions(options: StoreOptions): void {
  resolveOptions(options);
}

/** The options given with a unit (durations, sizes), read; all that are wrong are named at once. */
function unitsOf(o: z.output<typeof schema>) {
  const issues: ConfigIssue[] = [];
  const read = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof StoreConfigError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };
  const retentionMs = read(() => parseDuration(o.retention, 'retention'));
  const maxSizeBytes = read(() => parseSize(o.maxSize, 'maxSize'));
  const memoryLimitBytes = read(() => parseSize(o.memoryLimit, 'memoryLimit'));
  const partitionMaxAgeMs = o.partitionMaxAge === undefined ? undefined : read(() => parseDuration(o.partitionMaxAge!, 'partitionMaxAge'));
  if (memoryLimitBytes !== undefined && memoryLimitBytes < MIN_MEMORY_LIMIT_BYTES) {
    issues.push({
      option: 'memoryLimit',
      problem: `at least 64MiB (DuckDB needs it for ingest and queries), got ${JSON.stringify(o.memoryLimit)}`,
    });
  }
  if (issues.length > 0 || retentionMs === undefined || maxSizeBytes === undefined || memoryLimitBytes === undefined) {
    throw invalidOptions(issues);
  }
  return { retentionMs, maxSizeBytes, memoryLimitBytes, partitionMaxAgeMs };
}

export function resolveOptions(options: StoreOptions): ResolvedOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    throw invalidOptions(parsed.error.issues.map((issue) => ({ option: issue.path.join('.'), problem: issue.message })));
  }
  const o = parsed.data;
  if (Boolean(o.path) === Boolean(o.memory)) throw new StoreConfigError('store options: give either `path` or `memory: true`');
  const { retentionMs, maxSizeBytes, memoryLimitBytes, partitionMaxAgeMs } = unitsOf(o);
  // A partition of cap/8 keeps the total within ~1.1x the cap: retention drops whole sealed
  // partitions until the total is back under the cap, so the excess is at most the active one.
  // At most 256 MiB: a lookup by trace id without a time hint reads the active partition's
  // TraceId column whole (sealed ones are skipped by their trace-id filters), and 256 MiB still
  // allows the 64 MiB WAL checkpoint that ingest needs.
  const partitionMaxBytes = Math.min(MAX_PARTITION_BYTES, Math.max(1 * 2 ** 20, Math.floor(maxSizeBytes / 8)));
  return {
    worker: {
      path: o.path ?? null,
      retentionMs,
      maxSizeBytes,
      partitionMaxBytes,
      partitionMaxAgeMs: partitionMaxAgeMs ?? retentionMs / 8,
      maxRows: o.maxRows,
      memoryLimitBytes,
      // The WAL counts against the cap and is replayed at open: a fraction of a partition, at most
      // 64 MiB. Each checkpoint rewrites the last, partly filled row group: measured with 4,096-row
      // commits, a 16 MiB WAL cost 12.9 µs CPU per span, 64 MiB 8.6 µs; replaying 72 MB took 0.44 s.
      walAutocheckpointBytes: Math.max(1 * 2 ** 20, Math.min(64 * 2 ** 20, Math.floor(partitionMaxBytes / 4))),
      commitMaxRows: o.commitMaxRows,
      commitIntervalMs: o.commitIntervalMs,
      memoryTrimIntervalMs: o.memoryTrimIntervalMs,
    },
    maxQueuedRows: o.maxQueuedRows,
    maxQueuedBytes: o.maxQueuedBytes,
    maintenanceIntervalMs: o.maintenanceIntervalMs,
    clock: options.clock ?? Date.now,
    workerResourceLimits: options.workerResourceLimits,
  };
}
