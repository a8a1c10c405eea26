import type { DuckDBConnection } from '@duckdb/node-api';

/** With 5 s ticks: a trim at least once a minute under constant querying. */
export const MAX_SKIPPED_TICKS = 11;

/**
 * Gives the memory DuckDB has freed back to the system. The Node build of DuckDB allocates with
 * glibc malloc (no jemalloc), whose arenas keep freed memory: the appenders' chunks of every group
 * commit, a query's hash tables, the blocks of a dropped partition. Under 90 s per phase of
 * flat-out ingest the part of the RSS outside V8 and DuckDB's buffer manager grew from 146 MiB
 * (idle) to 260-390 MiB, 195-245 MiB with these trims. DuckDB trims (malloc_trim) when its
 * memory limit is set, so re-setting the limit it already has returns the free pages without
 * changing anything else; run every `intervalMs` (0: never) while the store works, never while
 * it is idle (nothing new to return). A trim took 12-137 ms under flat-out ingest and slows the
 * queries that run meanwhile (malloc_trim locks each arena while it walks it): while someone
 * queries, ticks are skipped, at most `MAX_SKIPPED_TICKS` in a row.
 */
export class MemoryTrim {
  private readonly timer: NodeJS.Timeout | undefined;
  private trimmedAt = 0;
  private running: Promise<void> | null = null;
  private skipped = 0;
  /** Trims run and the time they took, for store stats. */
  readonly done = { count: 0, totalMs: 0 };

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly memoryLimit: string,
    intervalMs: number,
    /** A count that grows with the store's work (commits, queries answered): unchanged means idle. */
    private readonly activity: () => number,
    /** Whether an interactive query runs or ran a moment ago: a tick then waits for a quiet one. */
    private readonly querying: () => boolean = () => false,
  ) {
    if (intervalMs > 0) {
      this.timer = setInterval(() => void this.tick(), intervalMs);
      this.timer.unref();
    }
  }

  /** A timer's trim: skipped while someone queries, unless it has been skipped too often. */
  tick(): Promise<void> {
    if (this.querying() && this.skipped < MAX_SKIPPED_TICKS) {
      this.skipped++;
      return Promise.resolve();
    }
    this.skipped = 0;
    return this.trim();
  }

  trim(): Promise<void> {
    const activity = this.activity();
    if (this.running !== null || activity === this.trimmedAt) return this.running ?? Promise.resolve();
    this.trimmedAt = activity;
    this.running = this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    const started = performance.now();
    try {
      await this.connection.run(`SET memory_limit = '${this.memoryLimit.replaceAll("'", "''")}'`);
      this.done.count++;
      this.done.totalMs += performance.now() - started;
    } catch {
      // A failed trim frees nothing and harms nothing; the next tick tries again.
      this.trimmedAt = -1;
    }
  }

  /** Stops the ticks, waits for a trim under way, closes the connection. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    this.connection.closeSync();
  }
}
