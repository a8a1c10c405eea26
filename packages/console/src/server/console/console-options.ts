import { randomBytes } from 'node:crypto';
import { isLoopbackHost } from '@sightline/sdk/network';
import { z } from 'zod';
import { DEFAULT_LOG_LEVEL, LOG_LEVELS } from '../log/index.js';
import { scrapeUrl } from '../scrape/index.js';
import {
  type ConfigIssue,
  checkStoreOptions,
  DEFAULT_MAX_SIZE,
  DEFAULT_MEMORY_LIMIT,
  DEFAULT_RETENTION,
  parseSize,
  StoreConfigError,
  type StoreOptions,
} from '../store/index.js';

export const DEFAULT_UI_PORT = 18888;
export const DEFAULT_OTLP_PORT = 4318;
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
/**
 * The smallest `maxSize` retention keeps to: it drops sealed partitions only, and the active one
 * grows to maxSize / 8 (at least 1 MiB) before it is sealed; below 8 MiB that floor is more than an
 * eighth of the cap and the ~1.1x bound no longer follows (measured: a 1 MiB cap ended at 1.5 MiB).
 */
export const MIN_MAX_SIZE_BYTES = 8 * 2 ** 20;

export class ConsoleConfigError extends Error {
  override readonly name = 'ConsoleConfigError';
  readonly code = 'SL_CONSOLE_CONFIG_INVALID';
  /**
   * The options at fault, each with what is wrong in words that do not name it, so that
   * `sightline console` can name the flag its user typed; empty when the options as a whole are
   * (a database file and memory: true).
   */
  readonly issues: readonly ConfigIssue[];
  constructor(message: string, issues: readonly ConfigIssue[] = []) {
    super(message);
    this.issues = issues;
  }
}

function invalidOptions(issues: readonly ConfigIssue[]): ConsoleConfigError {
  const lines = issues.map((issue) => `${issue.option}: ${issue.problem}`);
  return new ConsoleConfigError(`Invalid console options:\n  - ${lines.join('\n  - ')}`, issues);
}

const port = z.number().int().min(0).max(65_535);

const schema = z
  .object({
    /** The DuckDB file; partitions live beside it. Omit with `memory: true`. */
    db: z.string().min(1).optional(),
    memory: z.boolean().default(false),
    retention: z.union([z.string(), z.number()]).default(DEFAULT_RETENTION),
    /** Cap of the files on disk (default 2 GiB, at least 8 MiB); memory mode has none (it keeps the newest rows). */
    maxSize: z.union([z.string(), z.number()]).optional(),
    /** DuckDB's memory cap (its cache of data blocks and the queries' working memory), e.g. `512MB`. */
    memoryLimit: z.union([z.string(), z.number()]).default(DEFAULT_MEMORY_LIMIT),
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(DEFAULT_UI_PORT),
    otlpPort: port.default(DEFAULT_OTLP_PORT),
    maxBodyBytes: z.number().int().positive().default(DEFAULT_MAX_BODY_BYTES),
    corsOrigins: z.array(z.string().min(1)).default([]),
    /**
     * Host names the UI/API answers to besides loopback ones while it has no token (a tunnel or
     * port forward that reaches it under another name); anything else gets 403 (DNS rebinding).
     */
    allowedHosts: z
      .array(z.string().regex(/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/, 'a host name without port, e.g. console.example.test'))
      .default([]),
    /** UI/API token; required (generated when absent) once `host` is not loopback. */
    token: z.string().min(16, 'a token needs at least 16 characters').optional(),
    /** OTLP ingest key: when set, exports must carry it. */
    ingestKey: z.string().min(16, 'an ingest key needs at least 16 characters').optional(),
    scrape: z.array(scrapeUrl).default([]),
    scrapeIntervalMs: z.number().int().min(1_000).default(15_000),
    /**
     * Alertmanager's base URL: the console sends it, every `alertIntervalMs`, an alert for each
     * error group that is new or came back after it was resolved, and for each SLO of `slo` whose
     * budget burns too fast (alerts/).
     */
    alertmanager: z.url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. http://127.0.0.1:9093' }).optional(),
    alertIntervalMs: z.number().int().min(500).default(30_000),
    /** How long an error group counts as new (and its alert fires) after its first occurrence. */
    newErrorForMs: z
      .number()
      .int()
      .min(1_000)
      .default(15 * 60_000),
    /** SLO spec files (sightline.slo.yaml or Sloth prometheus/v1) for the SLO page. */
    slo: z.array(z.string().min(1)).default([]),
    /** What the console writes to stderr: error, warn (scrape failures), info (a line per request), debug. */
    logLevel: z
      .enum(LOG_LEVELS, { error: (issue) => `one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(issue.input)})` })
      .default(DEFAULT_LOG_LEVEL),
  })
  .strict();

export type ConsoleOptions = z.input<typeof schema>;
export type ResolvedConsoleOptions = z.output<typeof schema> & {
  tokenGenerated: boolean;
  /** What the store is opened with, already checked by the store's own rules. */
  store: StoreOptions;
};

/**
 * The options with their defaults, every one checked (the store's by the store's own rules)
 * before anything is opened or made: a bad retention fails here, not once a database exists.
 */
export function resolveConsoleOptions(options: ConsoleOptions): ResolvedConsoleOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    throw invalidOptions(parsed.error.issues.map((issue) => ({ option: issue.path.join('.') || '(options)', problem: issue.message })));
  }
  const { maxSize, issues } = checkStorePlace(parsed.data);
  const { port, otlpPort } = parsed.data;
  if (port !== 0 && port === otlpPort) {
    issues.push({ option: 'otlpPort', problem: `the same port as the UI and API (${port}): the OTLP receiver needs its own` });
  }
  const { db, memory, retention, memoryLimit } = parsed.data;
  const store: StoreOptions = memory ? { memory: true, retention, memoryLimit } : { path: db as string, retention, maxSize, memoryLimit };
  try {
    checkStoreOptions(store);
  } catch (error) {
    if (!(error instanceof StoreConfigError) || error.issues.length === 0) throw error;
    // Every option at fault at once; the store finds a bad maxSize too, in the same words.
    const known = new Set(issues.map((issue) => `${issue.option}\n${issue.problem}`));
    issues.push(...error.issues.filter((issue) => !known.has(`${issue.option}\n${issue.problem}`)));
  }
  if (issues.length > 0) throw invalidOptions(issues);
  const resolved = { ...parsed.data, maxSize, store };
  if (resolved.token === undefined && !isLoopbackHost(resolved.host)) {
    // Never serve telemetry unauthenticated beyond loopback: make a token and print it.
    return { ...resolved, token: randomBytes(24).toString('base64url'), tokenGenerated: true };
  }
  return { ...resolved, tokenGenerated: false };
}

/**
 * Either a file or memory (anything else throws), and a size cap only for a file (at least
 * MIN_MAX_SIZE_BYTES): the cap it gets, and what is wrong with it.
 */
function checkStorePlace({ db, memory, maxSize }: z.output<typeof schema>): {
  maxSize: string | number | undefined;
  issues: ConfigIssue[];
} {
  if (db !== undefined && memory) {
    throw new ConsoleConfigError(
      'Invalid console options: give a database file (db) or memory: true, not both (memory mode writes no file)',
    );
  }
  if (memory) {
    if (maxSize === undefined) return { maxSize: undefined, issues: [] };
    throw new ConsoleConfigError(
      'Invalid console options: maxSize caps the database files on disk and means nothing with memory: true (memory mode drops its oldest rows past a row cap instead)',
    );
  }
  if (db === undefined) throw new ConsoleConfigError('Invalid console options: give a database file (db) or memory: true');
  const cap = maxSize ?? DEFAULT_MAX_SIZE;
  let bytes: number;
  try {
    bytes = parseSize(cap, 'maxSize');
  } catch (error) {
    if (error instanceof StoreConfigError) return { maxSize: cap, issues: [...error.issues] };
    throw error;
  }
  if (bytes >= MIN_MAX_SIZE_BYTES) return { maxSize: cap, issues: [] };
  const problem = `at least 8MiB (the newest partition is never dropped and grows to an eighth of the cap, at least 1 MiB, so a smaller cap cannot hold), got ${JSON.stringify(cap)}`;
  return { maxSize: cap, issues: [{ option: 'maxSize', problem }] };
}
