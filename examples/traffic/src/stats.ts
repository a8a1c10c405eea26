/** Latencies and outcomes of the requests sent so far; percentiles over a bounded reservoir. */
export class TrafficStats {
  sent = 0;
  completed = 0;
  /** Network failures and 5xx answers. */
  serverErrors = 0;
  clientErrors = 0;
  /** Ticks skipped because maxInFlight requests were already pending. */
  skipped = 0;
  readonly byStatus = new Map<string, number>();
  readonly #latencies: number[] = [];
  readonly #capacity: number;
  #seen = 0;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  record(status: number | 'network-error', latencyMs: number, random: () => number = Math.random): void {
    this.completed++;
    const key = String(status);
    this.byStatus.set(key, (this.byStatus.get(key) ?? 0) + 1);
    if (status === 'network-error' || status >= 500) this.serverErrors++;
    else if (status >= 400) this.clientErrors++;
    // Reservoir sampling keeps an unbiased sample of every latency seen, in bounded memory.
    this.#seen++;
    if (this.#latencies.length < this.#capacity) this.#latencies.push(latencyMs);
    else {
      const slot = Math.floor(random() * this.#seen);
      if (slot < this.#capacity) this.#latencies[slot] = latencyMs;
    }
  }

  /** The p-th percentile (0–100) latency in ms, nearest-rank; NaN before any request completed. */
  percentile(p: number): number {
    if (this.#latencies.length === 0) return Number.NaN;
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank] as number;
  }
}
