import { randomBytes } from 'node:crypto';
import { isLoopbackHost } from '@sightline/sdk/network';
import { z } from 'zod';
import { DEFAULT_LOG_LEVEL, LOG_LEVELS } from '../log/index.js';

export const DEFAULT_UI_PORT = 18888;
export const DEFAULT_OTLP_PORT = 4318;
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

export class ConsoleConfigError extends Error {
  override readonly name = 'ConsoleConfigError';
  readonly code = 'SL_CONSOLE_CONFIG_INVALID';
}

const port = z.number().int().min(0).max(65_535);

const schema = z
  .object({
    /** The DuckDB file; partitions live beside it. Omit with `memory: true`. */
    db: z.string().min(1).optional(),
    memory: z.boolean().default(false),
    retention: z.union([z.string(), z.number()]).default('7d'),
    maxSize: z.union([z.string(), z.number()]).default('2GiB'),
    /** DuckDB's memory cap (its cache of data blocks and the queries' working memory), e.g. `512MB`. */
    memoryLimit: z.union([z.string(), z.number()]).default('512MB'),
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(DEFAULT_UI_PORT),
    otlpPort: port.default(DEFAULT_OTLP_PORT),
    maxBodyBytes: z.number().int().positive().default(DEFAULT_MAX_BODY_BYTES),
    corsOrigins: z.array(z.string().min(1)).default([]),
    /** UI/API token; required (generated when absent) once `host` is not loopback. */
    token: z.string().min(16, 'a token needs at least 16 characters').optional(),
    /** OTLP ingest key: when set, exports must carry it. */
    ingestKey: z.string().min(16, 'an ingest key needs at least 16 characters').optional(),
    scrape: z.array(z.url()).default([]),
    scrapeIntervalMs: z.number().int().min(1_000).default(15_000),
    /** SLO spec files (sightline.slo.yaml or Sloth prometheus/v1) for the SLO page. */
    slo: z.array(z.string().min(1)).default([]),
    /** What the console writes to stderr: error, warn (scrape failures), info (a line per request), debug. */
    logLevel: z
      .enum(LOG_LEVELS, { error: (issue) => `one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(issue.input)})` })
      .default(DEFAULT_LOG_LEVEL),
  })
  .strict();

export type ConsoleOptions = z.input<typeof schema>;
export type ResolvedConsoleOptions = z.output<typeof schema> & { tokenGenerated: boolean };

export function resolveConsoleOptions(options: ConsoleOptions): ResolvedConsoleOptions {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
    throw new ConsoleConfigError(`Invalid console options:\n  - ${lines.join('\n  - ')}`);
  }
  const resolved = parsed.data;
  if (resolved.db === undefined && !resolved.memory) {
    throw new ConsoleConfigError('Invalid console options: give a database file (db) or memory: true');
  }
  if (resolved.token === undefined && !isLoopbackHost(resolved.host)) {
    // Never serve telemetry unauthenticated beyond loopback: make a token and print it.
    return { ...resolved, token: randomBytes(24).toString('base64url'), tokenGenerated: true };
  }
  return { ...resolved, tokenGenerated: false };
}
