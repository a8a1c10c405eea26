// Where the console's RSS goes over a run: `/api/store`'s memory figures (anonymous and file-backed
// RSS, V8 heaps of the main thread and the store worker, their external memory, DuckDB's buffer
// manager by tag) and the partition count, polled every few seconds, so a growing RSS can be put
// down to one of them.
import type { StoreMemory } from '@sightline/console/store';

interface MemorySample {
  readonly seconds: number;
  readonly memory: StoreMemory;
  readonly partitions: number;
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
      this.samples.push({ seconds: (performance.now() - this.started) / 1000, memory, partitions: partitions.length });
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
    const mib = (bytes: number | null) => (bytes === null ? '-' : (bytes / MiB).toFixed(0));
    return {
      header: [
        's',
        'RSS',
        'anon',
        'file',
        'main heap',
        'main ext',
        'worker heap',
        'worker ext',
        'DuckDB',
        'rest',
        'partitions',
        'DuckDB top tags',
      ],
      rows: picked.map(({ seconds, memory: m, partitions }) => {
        const accounted =
          m.mainHeapCommittedBytes + m.mainExternalBytes + m.workerHeapCommittedBytes + m.workerExternalBytes + m.duckdbBytes;
        return [
          seconds.toFixed(0),
          mib(m.rssBytes),
          mib(m.rssAnonBytes),
          mib(m.rssFileBytes),
          mib(m.mainHeapCommittedBytes),
          mib(m.mainExternalBytes),
          mib(m.workerHeapCommittedBytes),
          mib(m.workerExternalBytes),
          mib(m.duckdbBytes),
          mib((m.rssAnonBytes ?? m.rssBytes) - accounted),
          String(partitions),
          m.duckdbByTag
            .slice(0, 3)
            .map((t) => `${t.tag} ${(t.bytes / MiB).toFixed(0)}`)
            .join(', '),
        ];
      }),
      failures: this.failures,
      trims: this.samples.at(-1)?.memory.trims ?? { count: 0, totalMs: 0 },
    };
  }
}
