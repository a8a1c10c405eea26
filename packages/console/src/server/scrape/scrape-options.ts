import { z } from 'zod';
import { ScrapeConfigError } from './scrape-errors.js';

export const DEFAULT_SCRAPE_INTERVAL_MS = 15_000;
/** Prometheus' default scrape_timeout (10 s) against its default interval (15 s… or 1 m). */
export const DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;
export const DEFAULT_SCRAPE_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_HEALTH_MAX_BODY_BYTES = 1024 * 1024;

/** A target's URL: http or https only (the console's `scrape` option takes the same). */
export const scrapeUrl = z.url({
  protocol: /^https?$/,
  error: (issue) => `an http:// or https:// URL (got ${JSON.stringify(issue.input)})`,
});
const target = z.union([scrapeUrl, z.object({ url: scrapeUrl, job: z.string().min(1).optional() }).strict()], {
  error: (issue) => `an http:// or https:// URL, or { url, job } (got ${JSON.stringify(issue.input)})`,
});

const schema = z
  .object({
    targets: z.array(target),
    intervalMs: z.number().int().positive().default(DEFAULT_SCRAPE_INTERVAL_MS),
    /** Default: 10 s, or two thirds of a shorter interval. */
    timeoutMs: z.number().int().positive().optional(),
    maxBodyBytes: z.number().int().positive().default(DEFAULT_SCRAPE_MAX_BODY_BYTES),
  })
  .strict();

export type PollOptionsInput = z.input<typeof schema>;

export interface ResolvedTarget {
  readonly url: URL;
  /** The configured name, else the target's host:port (Prometheus' `instance`). */
  readonly job: string;
}

export interface ResolvedPollOptions {
  readonly targets: readonly ResolvedTarget[];
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
}

/** Validates scrape and health-poll options once, at setup; a timeout must stay below the interval. */
export function resolvePollOptions(input: PollOptionsInput, what: string): ResolvedPollOptions {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
    throw new ScrapeConfigError(`Invalid ${what} options:\n  - ${lines.join('\n  - ')}`);
  }
  const { intervalMs, maxBodyBytes } = parsed.data;
  const timeoutMs = parsed.data.timeoutMs ?? Math.min(DEFAULT_SCRAPE_TIMEOUT_MS, Math.floor((intervalMs * 2) / 3));
  if (timeoutMs >= intervalMs) {
    throw new ScrapeConfigError(`Invalid ${what} options: timeoutMs (${timeoutMs}) must be below intervalMs (${intervalMs})`);
  }
  // One target per URL: the same URL given twice is scraped once.
  const byUrl = new Map<string, ResolvedTarget>();
  for (const entry of parsed.data.targets) {
    const url = new URL(typeof entry === 'string' ? entry : entry.url);
    if (!byUrl.has(url.href)) byUrl.set(url.href, { url, job: (typeof entry === 'string' ? undefined : entry.job) ?? hostPort(url) });
  }
  const targets = [...byUrl.values()];
  return { targets, intervalMs, timeoutMs, maxBodyBytes };
}

/** host:port with the scheme's default port written out, as Prometheus' `instance` label. */
export function hostPort(url: URL): string {
  return url.port === '' ? `${url.host}:${url.protocol === 'https:' ? 443 : 80}` : url.host;
}
