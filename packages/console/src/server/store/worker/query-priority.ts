/**
 * Interactive queries before ingest. While a query runs, the worker's ingest work (decoding the
 * next body, appending a transaction's next slice, starting the next group commit) waits for it
 * to end, for at most `maxWaitMs` per wait, so ingest always makes progress. On a machine whose
 * cores ingest keeps busy, a query otherwise shares them with the writer and the commits and takes
 * several times its idle time. Queries that run long on purpose (a Parquet export) do not take
 * part: they would hold ingest back for their whole length.
 */
export class QueryPriority {
  private running = 0;
  private waiters: (() => void)[] = [];
  private lastEnded = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxWaitMs: number) {}

  /** Whether an interactive query is running. */
  get busy(): boolean {
    return this.running > 0;
  }

  /** Whether a query runs, or ended less than `ms` ago. */
  recentlyBusy(ms: number): boolean {
    return this.running > 0 || performance.now() - this.lastEnded < ms;
  }

  /**
   * Runs `work` before ingest. Ingest resumes a macrotask after the last query ends, not at once:
   * its result is handed on (posted to the main thread) first, instead of waiting behind the
   * next slice of appends (measured: 7.5 ms median, 51 ms at worst, under flat-out ingest).
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      if (this.running === 0) {
        this.lastEnded = performance.now();
        setImmediate(() => {
          if (this.running === 0) this.release();
        });
      }
    }
  }

  /** Resolves at once when no query runs; otherwise when the last one ends or after `maxWaitMs`. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve();
      }, this.maxWaitMs);
      this.waiters.push(done);
    });
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
