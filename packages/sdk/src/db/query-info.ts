import { sanitizeSql } from './sanitize-sql.js';
import { summarizeSql } from './summarize-sql.js';

/** Everything a query's telemetry needs from its text, worked out once per distinct text. */
export interface QueryInfo {
  /** `db.query.text`: literals replaced by `?`. */
  readonly text: string;
  readonly operation: string | undefined;
  readonly collection: string | undefined;
  /** `{operation} {collection}`, else `{operation}`, else the system name (semconv span naming). */
  readonly spanName: string;
}

export const DB_SYSTEM = 'postgresql';

export function describeQuery(sql: string): QueryInfo {
  const text = sanitizeSql(sql);
  const { operation, collection } = summarizeSql(text);
  const spanName = operation === undefined ? DB_SYSTEM : collection === undefined ? operation : `${operation} ${collection}`;
  return { text, operation, collection, spanName };
}

/** Longer texts are described every time rather than pinned in memory. */
const MAX_CACHED_TEXT = 4096;

/**
 * A bounded cache of described queries keyed by the raw text: apps repeat a small set of
 * parameterised statements, so a query usually costs one Map lookup instead of a scan.
 * When full, the oldest entry goes (insertion order), which keeps a flood of one-off texts
 * (inline literals) from growing memory.
 */
export class QueryInfoCache {
  readonly #entries = new Map<string, QueryInfo>();
  readonly #capacity: number;

  constructor(capacity = 500) {
    this.#capacity = capacity;
  }

  get(sql: string): QueryInfo {
    let info = this.#entries.get(sql);
    if (info !== undefined) return info;
    info = describeQuery(sql);
    if (sql.length <= MAX_CACHED_TEXT) {
      if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value as string);
      this.#entries.set(sql, info);
    }
    return info;
  }

  get size(): number {
    return this.#entries.size;
  }
}
