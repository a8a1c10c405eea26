import { getRequestContext, type RequestContext } from '../context/index.js';

/** One log line of the request, as recorded: the merge object is kept by reference, read only at capture. */
interface Entry {
  level: number;
  message: string | undefined;
  fields: object | undefined;
  time: number;
}

/** A breadcrumb as it reaches an error event. */
export interface Breadcrumb {
  /** pino level label: `info`, `warn`… */
  readonly level: string;
  readonly message: string;
  /** ms since the epoch. */
  readonly timestamp: number;
  /** Up to a few small top-level fields of the line (strings, numbers, booleans), secrets censored. */
  readonly data?: Record<string, string | number | boolean>;
}

const LEVEL_LABELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const MAX_FIELDS = 8;
const MAX_STRING = 200;
const SKIPPED_FIELDS = new Set(['err', 'error', 'msg', 'level', 'time']);

/**
 * The last `capacity` log lines of one request. Filling it allocates one entry per line; once
 * full, the oldest entry is overwritten in place, so a chatty request allocates nothing more.
 */
export class BreadcrumbRing {
  readonly #entries: Entry[] = [];
  readonly #capacity: number;
  #next = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  push(level: number, message: string | undefined, fields: object | undefined, time: number): void {
    const entries = this.#entries;
    if (entries.length < this.#capacity) {
      entries.push({ level, message, fields, time });
      return;
    }
    const entry = entries[this.#next] as Entry;
    entry.level = level;
    entry.message = message;
    entry.fields = fields;
    entry.time = time;
    this.#next = (this.#next + 1) % this.#capacity;
  }

  /** Oldest first; `censor` gets the small field object of each line (the log redaction). */
  snapshot(censor: (fields: Record<string, unknown>) => Record<string, unknown>): Breadcrumb[] {
    const entries = this.#entries;
    const result: Breadcrumb[] = [];
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[(this.#next + i) % entries.length] as Entry;
      const data = entry.fields === undefined ? undefined : smallFields(entry.fields, censor);
      result.push({
        level: LEVEL_LABELS[entry.level] ?? String(entry.level),
        message: entry.message ?? (entry.fields instanceof Error ? entry.fields.message : ''),
        timestamp: entry.time,
        ...(data === undefined ? {} : { data }),
      });
    }
    return result;
  }
}

function smallFields(
  fields: object,
  censor: (fields: Record<string, unknown>) => Record<string, unknown>,
): Record<string, string | number | boolean> | undefined {
  if (fields instanceof Error) return undefined;
  let picked: Record<string, unknown> | undefined;
  let count = 0;
  for (const key in fields) {
    if (count >= MAX_FIELDS) break;
    if (SKIPPED_FIELDS.has(key)) continue;
    const value = (fields as Record<string, unknown>)[key];
    if (typeof value === 'string') {
      picked ??= {};
      picked[key] = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      picked ??= {};
      picked[key] = value;
    } else continue;
    count++;
  }
  return picked === undefined ? undefined : (censor(picked) as Record<string, string | number | boolean>);
}

/** The request's recent log lines, for its captured errors; undefined before its first line. */
export function breadcrumbsOf(request: RequestContext): BreadcrumbRing | undefined {
  // Only recordBreadcrumb() sets the slot, always to a ring.
  return request.breadcrumbs as BreadcrumbRing | undefined;
}

/**
 * The logger's line tap (wired by observer/) for every line at an enabled level: records it on
 * the current request's ring (created on its first line). Outside a request it does nothing.
 */
export function recordBreadcrumb(
  args: readonly unknown[],
  level: number,
  capacity: number,
  request: RequestContext | undefined = getRequestContext(),
): void {
  if (request === undefined) return;
  const first = args[0];
  let message: string | undefined;
  let fields: object | undefined;
  if (typeof first === 'string') {
    message = first;
  } else {
    if (typeof first === 'object' && first !== null) fields = first;
    const second = args[1];
    if (typeof second === 'string') message = second;
  }
  let ring = request.breadcrumbs as BreadcrumbRing | undefined;
  if (ring === undefined) {
    ring = new BreadcrumbRing(capacity);
    request.breadcrumbs = ring;
  }
  ring.push(level, message, fields, Date.now());
}
