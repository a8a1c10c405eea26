/** One error group: every event with the same fingerprint. Times are ms since the epoch. */
export interface ErrorGroup {
  readonly fingerprint: string;
  readonly type: string;
  /** The message of the first event of the group. */
  readonly message: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly count: number;
  /** The route of the most recent event, when it was captured during a request. */
  readonly route: string | undefined;
}

type MutableGroup = { -readonly [K in keyof ErrorGroup]: ErrorGroup[K] };

/**
 * Groups by fingerprint, bounded: a Map kept in recency order (a hit is moved to the end),
 * so past `maxGroups` the least recently seen group is evicted. A flood of distinct
 * errors costs at most `maxGroups` entries.
 */
export class GroupTable {
  readonly #groups = new Map<string, MutableGroup>();
  readonly #maxGroups: number;
  #evicted = 0;

  constructor(maxGroups: number) {
    this.#maxGroups = maxGroups;
  }

  /** Counts one occurrence; returns the group as it stands after it. */
  record(fingerprint: string, type: string, message: string, route: string | undefined, now: number): ErrorGroup {
    const groups = this.#groups;
    const existing = groups.get(fingerprint);
    if (existing !== undefined) {
      groups.delete(fingerprint);
      groups.set(fingerprint, existing);
      existing.count++;
      existing.lastSeen = now;
      if (route !== undefined) existing.route = route;
      return existing;
    }
    if (groups.size >= this.#maxGroups) {
      const oldest = groups.keys().next().value as string;
      groups.delete(oldest);
      this.#evicted++;
    }
    const group: MutableGroup = { fingerprint, type, message, firstSeen: now, lastSeen: now, count: 1, route };
    groups.set(fingerprint, group);
    return group;
  }

  /** Copies of the groups, most recently seen first. */
  list(): ErrorGroup[] {
    const result: ErrorGroup[] = [];
    for (const group of this.#groups.values()) result.push({ ...group });
    return result.reverse();
  }

  get size(): number {
    return this.#groups.size;
  }

  /** Groups dropped to stay within maxGroups since the table was created. */
  get evicted(): number {
    return this.#evicted;
  }
}
