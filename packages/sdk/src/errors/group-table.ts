/** Routes remembered per group: enough to see where a bug shows, bounded whatever the app's routes. */
export const MAX_GROUP_ROUTES = 20;
/** The sample stack kept per group is cut here: maxGroups × this bounds the table's memory. */
export const GROUP_STACK_LIMIT = 4096;

/** One error group: every event with the same fingerprint. Times are ms since the epoch. */
export interface ErrorGroup {
  readonly fingerprint: string;
  readonly type: string;
  /** The message of the first event of the group. */
  readonly message: string;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly count: number;
  /** Every route the group was seen on (captured during a request), first seen first, at most MAX_GROUP_ROUTES. */
  readonly routes: readonly string[];
  /** The frames the fingerprint was computed from, top first (empty when the message decided). */
  readonly frames: readonly string[];
  /** The stack of the first event, cut to GROUP_STACK_LIMIT characters; undefined without one. */
  readonly stack: string | undefined;
}

/** What the first event of a group contributes; later events only count, touch lastSeen and add routes. */
export interface GroupSample {
  readonly fingerprint: string;
  readonly type: string;
  readonly message: string;
  readonly frames: readonly string[];
  readonly stack: string | undefined;
}

interface MutableGroup {
  readonly fingerprint: string;
  readonly type: string;
  readonly message: string;
  readonly firstSeen: number;
  lastSeen: number;
  count: number;
  readonly routes: string[];
  readonly frames: readonly string[];
  readonly stack: string | undefined;
}

function copyOf(group: MutableGroup): ErrorGroup {
  return { ...group, routes: [...group.routes] };
}

/**
 * Groups by fingerprint, bounded: a Map kept in recency order (a hit is moved to the end),
 * so past `maxGroups` the least recently seen group is evicted. A flood of distinct
 * errors costs at most `maxGroups` entries.
 */
export class GroupTable {
  readonly #groups = new Map<string, MutableGroup>();
  readonly #maxGroups: number;
  #evicted = 0;
  #created = 0;

  constructor(maxGroups: number) {
    this.#maxGroups = maxGroups;
  }

  /** Counts one occurrence; returns the count of its group after it (1: the group is new). */
  record(sample: GroupSample, route: string | undefined, now: number): number {
    const groups = this.#groups;
    const existing = groups.get(sample.fingerprint);
    if (existing !== undefined) {
      groups.delete(sample.fingerprint);
      groups.set(sample.fingerprint, existing);
      existing.count++;
      existing.lastSeen = now;
      const routes = existing.routes;
      if (route !== undefined && routes.length < MAX_GROUP_ROUTES && !routes.includes(route)) routes.push(route);
      return existing.count;
    }
    if (groups.size >= this.#maxGroups) {
      const oldest = groups.keys().next().value as string;
      groups.delete(oldest);
      this.#evicted++;
    }
    const stack =
      sample.stack !== undefined && sample.stack.length > GROUP_STACK_LIMIT ? sample.stack.slice(0, GROUP_STACK_LIMIT) : sample.stack;
    groups.set(sample.fingerprint, {
      fingerprint: sample.fingerprint,
      type: sample.type,
      message: sample.message,
      firstSeen: now,
      lastSeen: now,
      count: 1,
      routes: route === undefined ? [] : [route],
      frames: sample.frames,
      stack,
    });
    this.#created++;
    return 1;
  }

  /** Copies of the groups, most recently seen first. */
  list(): ErrorGroup[] {
    const result: ErrorGroup[] = [];
    for (const group of this.#groups.values()) result.push(copyOf(group));
    return result.reverse();
  }

  /** A copy of one group, without touching its recency; undefined when unknown or evicted. */
  get(fingerprint: string): ErrorGroup | undefined {
    const group = this.#groups.get(fingerprint);
    return group === undefined ? undefined : copyOf(group);
  }

  get size(): number {
    return this.#groups.size;
  }

  /** Groups dropped to stay within maxGroups since the table was created. */
  get evicted(): number {
    return this.#evicted;
  }

  /** Groups opened since the table was created (an evicted fingerprint seen again opens a new one). */
  get created(): number {
    return this.#created;
  }
}
