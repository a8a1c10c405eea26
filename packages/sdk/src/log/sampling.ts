/**
 * zap-style sampling: within each tick, the first `initial` lines with the same level and
 * message are kept, then one in every `thereafter`. Counters live in a bounded map that is
 * swapped out every tick, so memory stays flat whatever the message variety.
 */
export interface SamplingOptions {
  readonly initial: number;
  readonly thereafter: number;
  readonly tickMs: number;
}

const MAX_KEYS_PER_TICK = 4096;

export class LogSampler {
  readonly #initial: number;
  readonly #thereafter: number;
  readonly #tickMs: number;
  readonly #now: () => number;
  #counts = new Map<string, number>();
  #tickEnds = 0;

  constructor(options: SamplingOptions, now: () => number = Date.now) {
    this.#initial = options.initial;
    this.#thereafter = options.thereafter;
    this.#tickMs = options.tickMs;
    this.#now = now;
  }

  /** True when the line should be written. */
  keep(level: number, message: string): boolean {
    const now = this.#now();
    if (now >= this.#tickEnds) {
      this.#tickEnds = now + this.#tickMs;
      if (this.#counts.size > 0) this.#counts = new Map();
    }
    const key = level + message;
    const count = (this.#counts.get(key) ?? 0) + 1;
    if (count === 1 && this.#counts.size >= MAX_KEYS_PER_TICK) return true; // too varied to track: never drop unknown keys
    this.#counts.set(key, count);
    if (count <= this.#initial) return true;
    return (count - this.#initial) % this.#thereafter === 0;
  }
}
