import { BIGINT, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { StoreQueryError } from '../errors.js';
import type { Partition } from './partitions.js';

/**
 * Parameterised SQL over partitions. User values only ever travel as `$n` parameters; the only
 * text spliced into SQL is our own partition aliases, table and column names.
 */
export class Params {
  readonly values: DuckDBValue[] = [];
  /**
   * The parameters' types: a bigint as BIGINT, the columns' type (nanosecond times, durations).
   * Left to infer, node-api binds every bigint as HUGEINT, and `Timestamp // $1` then divides
   * 128-bit integers row by row: a log volume over 2 M lines took 490 ms instead of 54.
   */
  readonly types: (DuckDBType | undefined)[] = [];
  /** Adds a value and returns its placeholder (`$1`, `$2`…); a placeholder may be used many times. */
  add(value: DuckDBValue): string {
    this.values.push(value);
    this.types.push(typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX ? BIGINT : undefined);
    return `$${this.values.length}`;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * `SELECT columns FROM p.table WHERE where` for each partition, glued with UNION ALL; `columns`
 * may differ per partition (a row's identity: the partition's name with its rowid).
 */
export function unionAll(
  partitions: Partition[],
  table: string,
  columns: string | ((partition: Partition) => string),
  where: string[],
): string {
  const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  const columnsOf = typeof columns === 'string' ? () => columns : columns;
  return partitions.map((p) => `SELECT ${columnsOf(p)} FROM ${p.name}.${table}${clause}`).join(' UNION ALL ');
}

/** A JSON path for one attribute key: `$."http.route"`. Keys with `"` or `\` are refused. */
export function attributePath(key: string): string {
  if (key === '' || /["\\]/.test(key)) throw new StoreQueryError(`attribute key ${JSON.stringify(key)}: must be non-empty without " or \\`);
  return `$."${key}"`;
}

/** True when JSON.stringify would escape a character of `value` (quote, backslash, control, surrogate). */
function escapedInJson(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}

/**
 * `attributes[key] = value` (as text) on a JSON text column. A plain substring test on the raw
 * text runs first: it is ~10x cheaper than extracting from JSON and rejects most rows, and it is
 * only added when the value appears verbatim in the JSON (no escaped characters), so it never
 * drops a match.
 */
export function attributeEquals(column: string, key: string, value: string, params: Params): string {
  const exact = `json_extract_string(${column}, ${params.add(attributePath(key))}) = ${params.add(value)}`;
  if (value === '' || escapedInJson(value)) return exact;
  return `contains(${column}, ${params.add(value)}) AND ${exact}`;
}

export async function rows(connection: DuckDBConnection, sql: string, params: Params): Promise<Record<string, DuckDBValue>[]> {
  const reader = await connection.runAndReadAll(sql, params.values, params.types as DuckDBType[]);
  return reader.getRowObjects();
}

export function clampLimit(limit: number | undefined, fallback: number, max = 1000): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) throw new StoreQueryError(`limit: expected a positive integer, got ${limit}`);
  return Math.min(limit, max);
}

export const text = (value: DuckDBValue): string => (typeof value === 'string' ? value : '');
export const textOrNull = (value: DuckDBValue): string | null => (typeof value === 'string' ? value : null);
export const num = (value: DuckDBValue): number => (typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : 0);
export const numOrNull = (value: DuckDBValue): number | null =>
  typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : null;
export const big = (value: DuckDBValue): bigint => (typeof value === 'bigint' ? value : BigInt(num(value)));
export const bigOrNull = (value: DuckDBValue): bigint | null => (typeof value === 'bigint' ? value : null);

/**
 * Seconds a RED rate is taken over: the window (or its recent end), or from the first request
 * stored in it when the data is younger than that (a console started 40 s ago shows 20 req/s, not
 * 0.2). At least 1 s.
 */
export function rateSeconds(window: { since: bigint; until: bigint }, dataStart: bigint): number {
  const start = dataStart > window.since ? dataStart : window.since;
  return Math.max(1, Number(window.until - start) / 1e9);
}

/**
 * A bucketed query's bucket in nanoseconds, checked against its window: at least 1 ns, at most
 * `maxBuckets` of them over since..until (`what` names the query and its parameter in the error).
 */
export function bucketNanos(window: { since: bigint; until: bigint }, bucketNs: bigint, maxBuckets: number, what: string): bigint {
  if (bucketNs <= 0n || (window.until - window.since) / bucketNs > BigInt(maxBuckets)) {
    throw new StoreQueryError(`${what} must make at most ${maxBuckets} buckets over the window`);
  }
  return bucketNs;
}

/** Runs `work` in a transaction on `connection`, rolled back if it throws. */
export async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    // A failed COMMIT has ended the transaction already.
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
