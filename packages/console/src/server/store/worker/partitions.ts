import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { WorkerConfig } from '../options.js';
import type { PartitionStats } from '../queries.js';
import type { Gate } from './gate.js';
import { migrate } from './schema.js';
import type { TraceIdFilter } from './trace-id-filter.js';

/**
 * Time slices of the store, each its own DuckDB database ATTACHed to the main one: a file
 * `<db>.d/p000001.duckdb` on disk, an in-memory database in memory mode. Writes go to the newest
 * (active) partition only; retention DETACHes and deletes whole oldest partitions, so disk is
 * really freed (DELETE + CHECKPOINT leaves the file large).
 */
export interface Partition {
  /** Catalog alias, also the file's base name: `p` + 6 digits. Our identifier, never user input. */
  name: string;
  file: string | null;
  createdMs: number;
  minTime: bigint | null;
  maxTime: bigint | null;
  rows: number;
  /** The trace ids a sealed partition holds (built after sealing, and after open); unset: not known yet. */
  traceIds?: TraceIdFilter;
}

const NAME = /^p(\d{6})\.duckdb$/;
const TABLES = ['spans', 'logs', 'metric_points', 'scrape_samples'] as const;
const TIME_COLUMNS: Record<(typeof TABLES)[number], string> = {
  spans: 'Timestamp',
  logs: 'Timestamp',
  metric_points: 'Timestamp',
  scrape_samples: 'Timestamp',
};

/** A file's size, 0 when it is missing (a sealed partition has no WAL): checked after every commit, so no throw for that case. */
function fileBytes(file: string): number {
  try {
    return statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    return 0;
  }
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export class PartitionSet {
  readonly list: Partition[] = [];
  private nextNumber = 1;
  private readonly directory: string | null;
  /** Called with each partition rotation seals (its rows final from then on). */
  onSealed: ((partition: Partition) => void) | undefined;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly config: WorkerConfig,
    private readonly gate: Gate,
  ) {
    this.directory = config.path === null ? null : `${config.path}.d`;
  }

  get active(): Partition {
    return this.list[this.list.length - 1]!;
  }

  async open(nowMs: number): Promise<void> {
    if (this.directory !== null) {
      mkdirSync(this.directory, { recursive: true });
      const names = readdirSync(this.directory)
        .filter((name) => NAME.test(name))
        .sort();
      for (const fileName of names) {
        const name = fileName.slice(0, -'.duckdb'.length);
        this.nextNumber = Number(name.slice(1)) + 1;
        await this.attach(name, nowMs);
      }
    }
    if (this.list.length === 0) await this.create(nowMs);
  }

  private async attach(name: string, nowMs: number): Promise<Partition> {
    const file = this.directory === null ? null : join(this.directory, `${name}.duckdb`);
    await this.connection.run(`ATTACH ${file === null ? "':memory:'" : quoteLiteral(file)} AS ${name}`);
    await migrate(this.connection, name, nowMs);
    const partition: Partition = { name, file, createdMs: nowMs, minTime: null, maxTime: null, rows: 0 };
    await this.measure(partition);
    this.list.push(partition);
    return partition;
  }

  /** Time range, row count and creation time of a partition opened from disk. */
  private async measure(partition: Partition): Promise<void> {
    const parts = TABLES.map(
      (table) => `SELECT min(${TIME_COLUMNS[table]}) lo, max(${TIME_COLUMNS[table]}) hi, count(*) n FROM ${partition.name}.${table}`,
    );
    const result = await this.connection.runAndReadAll(
      `SELECT min(lo), max(hi), sum(n), (SELECT max(CreatedMs) FROM ${partition.name}.partition_info) FROM (${parts.join(' UNION ALL ')})`,
    );
    const [lo, hi, n, created] = result.getRows()[0] ?? [];
    partition.minTime = typeof lo === 'bigint' ? lo : null;
    partition.maxTime = typeof hi === 'bigint' ? hi : null;
    partition.rows = Number(n ?? 0);
    if (typeof created === 'bigint') partition.createdMs = Number(created);
  }

  async create(nowMs: number): Promise<Partition> {
    const name = `p${String(this.nextNumber++).padStart(6, '0')}`;
    return this.attach(name, nowMs);
  }

  /** Seals the active partition (its WAL folded in by a CHECKPOINT) and starts a new one. */
  async rotate(nowMs: number): Promise<Partition> {
    const sealed = this.active;
    await this.connection.run(`CHECKPOINT ${sealed.name}`);
    const created = await this.create(nowMs);
    this.onSealed?.(sealed);
    return created;
  }

  /**
   * The partitions that may hold rows of `traceId` among `candidates`: the active one always,
   * a sealed one unless its trace-id filter says no.
   */
  mayHoldTrace(candidates: Partition[], traceId: string): Partition[] {
    const active = this.active;
    return candidates.filter((p) => p === active || p.traceIds === undefined || p.traceIds.mayContain(traceId));
  }

  async drop(partition: Partition): Promise<void> {
    if (partition === this.active) throw new Error('the active partition is never dropped');
    // Out of the list inside the exclusive section: a query let in as it ends must not see a detached partition.
    await this.gate.exclusive(async () => {
      await this.connection.run(`DETACH ${partition.name}`);
      this.list.splice(this.list.indexOf(partition), 1);
    });
    if (partition.file !== null) {
      rmSync(partition.file, { force: true });
      rmSync(`${partition.file}.wal`, { force: true });
    }
  }

  bytes(partition: Partition): number {
    return partition.file === null ? 0 : fileBytes(partition.file) + fileBytes(`${partition.file}.wal`);
  }

  bytesOnDisk(): number {
    if (this.config.path === null) return 0;
    let total = fileBytes(this.config.path) + fileBytes(`${this.config.path}.wal`);
    for (const partition of this.list) total += this.bytes(partition);
    return total;
  }

  totalRows(): number {
    let total = 0;
    for (const partition of this.list) total += partition.rows;
    return total;
  }

  /** Partitions whose rows may fall in [since, until]; those with no rows are skipped. */
  overlapping(since: bigint | undefined, until: bigint | undefined): Partition[] {
    return this.list.filter(
      (p) =>
        p.minTime !== null &&
        p.maxTime !== null &&
        (since === undefined || p.maxTime >= since) &&
        (until === undefined || p.minTime <= until),
    );
  }

  stats(): PartitionStats[] {
    return this.list.map((p) => ({
      name: p.name,
      bytes: this.bytes(p),
      rows: p.rows,
      minTimeUnixNano: p.minTime,
      maxTimeUnixNano: p.maxTime,
      active: p === this.active,
      traceIdFilter: p.traceIds !== undefined,
    }));
  }
}
