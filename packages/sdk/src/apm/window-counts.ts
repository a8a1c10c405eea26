import { BUCKET_COUNT } from './latency-buckets.js';

/** Apdex zones of one request: ≤ T, ≤ 4T, or slower (or failed). */
export const SATISFIED = 0;
export const TOLERATING = 1;
export const FRUSTRATED = 2;
export type ApdexZone = typeof SATISFIED | typeof TOLERATING | typeof FRUSTRATED;

/** What one window saw: counters, exact min/max and the latency buckets. */
export class WindowCounts {
  count = 0;
  errors = 0;
  satisfied = 0;
  tolerating = 0;
  sumMs = 0;
  minMs = Number.POSITIVE_INFINITY;
  maxMs = 0;
  /** Allocated on the first request, so a quiet slot or route costs a few numbers. */
  buckets: Uint32Array | Float64Array | undefined;
  readonly #wide: boolean;

  /** `wide`: Float64 counts, for the cumulative window that may pass 2^32 requests. */
  constructor(wide = false) {
    this.#wide = wide;
  }

  add(bucket: number, durationMs: number, error: boolean, zone: ApdexZone): void {
    this.count++;
    if (error) this.errors++;
    if (zone === SATISFIED) this.satisfied++;
    else if (zone === TOLERATING) this.tolerating++;
    this.sumMs += durationMs;
    if (durationMs < this.minMs) this.minMs = durationMs;
    if (durationMs > this.maxMs) this.maxMs = durationMs;
    if (this.buckets === undefined) this.buckets = this.#wide ? new Float64Array(BUCKET_COUNT) : new Uint32Array(BUCKET_COUNT);
    this.buckets[bucket] = (this.buckets[bucket] as number) + 1;
  }

  /** Adds `other` into this one; buckets only when asked (quantiles need them, Apdex does not). */
  merge(other: WindowCounts, withBuckets: boolean): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.errors += other.errors;
    this.satisfied += other.satisfied;
    this.tolerating += other.tolerating;
    this.sumMs += other.sumMs;
    if (other.minMs < this.minMs) this.minMs = other.minMs;
    if (other.maxMs > this.maxMs) this.maxMs = other.maxMs;
    if (withBuckets && other.buckets !== undefined) {
      if (this.buckets === undefined) this.buckets = new Float64Array(BUCKET_COUNT);
      const into = this.buckets;
      const from = other.buckets;
      for (let i = 0; i < BUCKET_COUNT; i++) into[i] = (into[i] as number) + (from[i] as number);
    }
  }

  clear(): void {
    this.count = 0;
    this.errors = 0;
    this.satisfied = 0;
    this.tolerating = 0;
    this.sumMs = 0;
    this.minMs = Number.POSITIVE_INFINITY;
    this.maxMs = 0;
    this.buckets?.fill(0); // keep the allocation: a busy route needs it again
  }
}

/** `slot mod length`, non-negative for any slot number. */
const ringIndex = (slot: number, length: number) => ((slot % length) + length) % length;

/**
 * A sliding window of `slots` sub-windows of `slotMs` each, in a ring. Rotation is lazy: the
 * slot a timestamp falls in is computed on record and on read, and slots that time has left
 * behind are cleared then. No timer. The window covers the current slot plus the slots - 1
 * before it, so it holds between (slots - 1)·slotMs and slots·slotMs of history.
 */
export class SlidingWindow {
  readonly slotMs: number;
  readonly #slots: WindowCounts[];
  /** The slot number (timestamp / slotMs) the ring's head holds. */
  #head = Number.NEGATIVE_INFINITY;
  /** The head slot and where it ends: most calls only compare against this. */
  #current: WindowCounts;
  #currentEndsAt = Number.NEGATIVE_INFINITY;

  constructor(slotMs: number, slots: number) {
    this.slotMs = slotMs;
    this.#slots = Array.from({ length: slots }, () => new WindowCounts());
    this.#current = this.#slots[0] as WindowCounts;
  }

  /** The slot to record into at `nowMs` (a late timestamp goes to the current slot). */
  at(nowMs: number): WindowCounts {
    if (nowMs < this.#currentEndsAt) return this.#current;
    const slot = Math.floor(nowMs / this.slotMs);
    if (slot > this.#head) this.#advance(slot);
    return this.#current;
  }

  /** Adds the whole window, as of `nowMs`, into `into`. */
  mergeInto(into: WindowCounts, nowMs: number, withBuckets: boolean): void {
    this.at(nowMs);
    for (const slot of this.#slots) into.merge(slot, withBuckets);
  }

  #advance(slot: number): void {
    const ring = this.#slots;
    const steps = slot - this.#head;
    // Clear every slot skipped over (all of them after a long quiet spell), then move the head.
    const clear = steps >= ring.length || !Number.isFinite(steps) ? ring.length : steps;
    for (let i = 1; i <= clear; i++) (ring[ringIndex(slot - clear + i, ring.length)] as WindowCounts).clear();
    this.#head = slot;
    this.#current = ring[ringIndex(slot, ring.length)] as WindowCounts;
    this.#currentEndsAt = (slot + 1) * this.slotMs;
  }
}
