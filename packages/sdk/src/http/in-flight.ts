/** The links a request's state carries while it is in flight: set at construction, so its shape never changes. */
export interface InFlightLinks {
  previousInFlight: InFlightLinks | undefined;
  nextInFlight: InFlightLinks | undefined;
}

/** What the shutdown and the debug server read of the requests in flight. */
export interface InFlightView<T> extends Iterable<T> {
  readonly size: number;
}

/**
 * The requests in flight, as a list threaded through their states: adding and removing one
 * is four field writes, where a Set hashed every state on the way in and out (the largest
 * single cost of the request pass's finish in a CPU profile). Iteration may remove the item
 * it is at.
 */
export class InFlightRequests<T extends InFlightLinks> implements InFlightView<T> {
  #first: T | undefined;
  #last: T | undefined;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(item: T): void {
    item.previousInFlight = this.#last;
    item.nextInFlight = undefined;
    if (this.#last === undefined) this.#first = item;
    else this.#last.nextInFlight = item;
    this.#last = item;
    this.#size++;
  }

  /** Removes `item`; false when it was not in the list (already removed). */
  delete(item: T): boolean {
    const previous = item.previousInFlight as T | undefined;
    const next = item.nextInFlight as T | undefined;
    if (previous === undefined && this.#first !== item) return false;
    if (previous === undefined) this.#first = next;
    else previous.nextInFlight = next;
    if (next === undefined) this.#last = previous;
    else next.previousInFlight = previous;
    item.previousInFlight = undefined;
    item.nextInFlight = undefined;
    this.#size--;
    return true;
  }

  *[Symbol.iterator](): Iterator<T> {
    let item = this.#first;
    while (item !== undefined) {
      const next = item.nextInFlight as T | undefined;
      yield item;
      item = next;
    }
  }
}
