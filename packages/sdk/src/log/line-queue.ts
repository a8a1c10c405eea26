/**
 * A bounded first-in first-out queue of log lines: pushing onto a full queue drops the oldest
 * line in O(1) (a ring, not Array#shift over thousands of lines on the request path).
 */
export class LineQueue {
  readonly #lines: (string | undefined)[];
  #head = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#lines = new Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Adds a line; returns true when the queue was full and its oldest line was dropped for it. */
  push(line: string): boolean {
    const capacity = this.capacity;
    if (this.#size < capacity) {
      this.#lines[(this.#head + this.#size++) % capacity] = line;
      return false;
    }
    this.#lines[this.#head] = line;
    this.#head = (this.#head + 1) % capacity;
    return true;
  }

  /** Removes and returns up to `count` of the oldest lines, oldest first. */
  take(count: number): string[] {
    const taken = Math.min(count, this.#size);
    const out = new Array<string>(taken);
    const capacity = this.capacity;
    for (let i = 0; i < taken; i++) {
      const index = (this.#head + i) % capacity;
      out[i] = this.#lines[index] as string;
      this.#lines[index] = undefined;
    }
    this.#head = (this.#head + taken) % capacity;
    this.#size -= taken;
    return out;
  }
}
