/** Events over a window: all of them, and the bad ones (the SLI's errors). */
export interface EventCounts {
  total: number;
  bad: number;
}

/** `slot mod length`, non-negative for any slot number. */
const ringIndex = (slot: number, length: number) => ((slot % length) + length) % length;

/**
 * Good/bad event counts in fixed time slots, in a ring: memory is two arrays of `slots`
 * numbers whatever the traffic, and nothing is kept per request. Rotation is lazy (no timer):
 * the slot a timestamp falls in is computed on add() and on read, and slots that time has
 * left behind are cleared then. Timestamps are milliseconds on one monotonic clock
 * (performance.now(), the request pass's); a late one is counted in the current slot.
 */
export class CountRing {
  readonly slotMs: number;
  readonly #total: Float64Array;
  readonly #bad: Float64Array;
  /** The slot number (timestamp / slotMs) the current index holds. */
  #head = Number.NEGATIVE_INFINITY;
  #index = 0;
  /** Where the current slot ends: add() mostly compares against this and increments. */
  #endsAt = Number.NEGATIVE_INFINITY;

  /** `slots` must hold the longest window read plus one (the partly filled current slot). */
  constructor(slotMs: number, slots: number) {
    if (!(slotMs > 0) || !Number.isInteger(slots) || slots < 2) throw new RangeError(`bad ring: ${slots} slots of ${slotMs} ms`);
    this.slotMs = slotMs;
    this.#total = new Float64Array(slots);
    this.#bad = new Float64Array(slots);
  }

  /** How long a window this ring can answer for. */
  get spanMs(): number {
    return (this.#total.length - 1) * this.slotMs;
  }

  add(nowMs: number, bad: boolean): void {
    if (nowMs >= this.#endsAt) this.#advance(nowMs);
    const index = this.#index;
    this.#total[index] = (this.#total[index] as number) + 1;
    if (bad) this.#bad[index] = (this.#bad[index] as number) + 1;
  }

  /**
   * The events of the `windowMs` up to `nowMs`, added into `into`: the current slot so far,
   * the whole slots before it, and of the oldest slot the share still inside the window
   * (events taken as spread evenly over a slot), so the window is `windowMs` long, not a
   * whole number of slots. Counts can therefore be fractional.
   */
  sum(windowMs: number, nowMs: number, into: EventCounts): EventCounts {
    if (windowMs > this.spanMs) throw new RangeError(`window of ${windowMs} ms is longer than the ring's ${this.spanMs} ms`);
    this.#advance(nowMs);
    if (this.#head === Number.NEGATIVE_INFINITY) return into;
    const slotMs = this.slotMs;
    const length = this.#total.length;
    const elapsed = Math.min(Math.max(nowMs - this.#head * slotMs, 0), slotMs);
    let rest = windowMs - elapsed;
    let slot = this.#head;
    let weight = 1;
    for (;;) {
      const index = ringIndex(slot, length);
      into.total += (this.#total[index] as number) * weight;
      into.bad += (this.#bad[index] as number) * weight;
      if (rest <= 0) break;
      slot--;
      weight = rest >= slotMs ? 1 : rest / slotMs;
      rest -= slotMs;
    }
    return into;
  }

  #advance(nowMs: number): void {
    const slot = Math.floor(nowMs / this.slotMs);
    if (slot <= this.#head) return;
    const length = this.#total.length;
    const steps = slot - this.#head;
    // Clear every slot skipped over (all of them after a long quiet spell), then move the head.
    const clear = steps >= length || !Number.isFinite(steps) ? length : steps;
    for (let i = 1; i <= clear; i++) {
      const index = ringIndex(slot - clear + i, length);
      this.#total[index] = 0;
      this.#bad[index] = 0;
    }
    this.#head = slot;
    this.#index = ringIndex(slot, length);
    this.#endsAt = (slot + 1) * this.slotMs;
  }
}
