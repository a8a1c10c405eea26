// Where the console's RSS goes over a run: `/api/store`'s memory figures (V8 heaps of the main
// thread and the store worker, their external memory, DuckDB's buffer manager by tag) and the
// partition count, polled every few seconds, so a growing RSS can be put down to one of them.
import type { StoreMemory } from '@sightline/console/store';

interface MemorySample {
  readonly seconds: number;
  readonly rss: number;
  readonly mainHeap: number;
  readonly mainExternal: number;
  readonly workerHeap: number;
  readonly workerExternal: number;
  readonly duckdb: number;
  readonly duckdbTemporary: number;
  readonly partitions: number;
  readonly topTags: string;
}

/** The part of `/api/store`'s answer read here (its memory figures are plain numbers, as the store gives them). */
interface StoreAnswer {
  partitions: unknown[];
  memory: StoreMemory;
}

const MiB = 2 ** 20;

export class MemoryTimeline {
  private readonly samples: MemorySample[] = [];
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;
  private inFlight = false;
  private failures = 0;
  private trims = { count: 0, totalMs: 0 };

  constructor(
    private readonly url: string,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.sample(), intervalMs);
    this.timer.unref();
    void this.sample();
  }

  private async sample(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      const response = await fetch(`${this.url}/api/store`, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { memory, partitions } = (await response.json()) as StoreAnswer;
      this.trims = memory.trims;
      this.samples.push({
        seconds: (performance.now() - this.started) / 1000,
        rss: memory.rssBytes,
        mainHeap: memory.mainHeapBytes,
        mainExternal: memory.mainExternalBytes,
        workerHeap: memory.workerHeapBytes,
        workerExternal: memory.workerExternalBytes,
        duckdb: memory.duckdbBytes,
        duckdbTemporary: memory.duckdbTemporaryBytes,
        partitions: partitions.length,
        topTags: memory.duckdbByTag
          .slice(0, 3)
          .map((t) => `${t.tag} ${(t.bytes / MiB).toFixed(0)}`)
          .join(', '),
      });
    } catch {
      this.failures++;
    } finally {
      this.inFlight = false;
    }
  }

  /** About `rows` samples spread evenly over the run, as table rows (MiB), and how many polls failed. */
  stop(rows: number): { header: string[]; rows: string[][]; failures: number; trims: { count: number; totalMs: number } } {
    clearInterval(this.timer);
    const picked =
      this.samples.length <= rows
        ? this.samples
        : Array.from({ length: rows }, (_, i) => this.samples[Math.round((i / (rows - 1)) * (this.samples.length - 1))] as MemorySample);
    const mib = (bytes: number) => (bytes / MiB).toFixed(0);
    return {
      header: [
        's',
        'RSS',
        'main heap',
        'main ext',
        'worker heap',
        'worker ext',
        'DuckDB',
        'DuckDB temp',
        'rest',
        'partitions',
        'DuckDB top tags',
      ],
      rows: picked.map((s) => [
        s.seconds.toFixed(0),
        mib(s.rss),
        mib(s.mainHeap),
        mib(s.mainExternal),
        mib(s.workerHeap),
        mib(s.workerExternal),
        mib(s.duckdb),
        mib(s.duckdbTemporary),
        mib(s.rss - s.mainHeap - s.mainExternal - s.workerHeap - s.workerExternal - s.duckdb),
        String(s.partitions),
        s.topTags,
      ]),
      failures: this.failures,
      trims: this.trims,
    };
  }
}
