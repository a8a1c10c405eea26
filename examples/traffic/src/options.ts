import { parseArgs } from 'node:util';
import { z } from 'zod';

export interface TrafficOptions {
  /** Base URL of the orders API. */
  readonly target: string;
  /** Requests started per second (open loop: the rate holds whatever the latency). */
  readonly rps: number;
  /** How long to run, in ms; 0 runs until stopped. */
  readonly durationMs: number;
  /** Share of requests made deliberately wrong (invalid bodies, unknown ids, too much stock). */
  readonly errorRate: number;
  /** Requests in flight at most; past it, ticks are skipped and counted. */
  readonly maxInFlight: number;
}

export class TrafficOptionsError extends Error {
  readonly code = 'SL_TRAFFIC_OPTIONS_INVALID';
  override readonly name = 'TrafficOptionsError';
}

/** `90`, `90s`, `2m`, `1h`, `500ms` → milliseconds; `0` means no limit. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) throw new TrafficOptionsError(`--duration: "${text}" is not a duration like 60s, 2m or 500ms`);
  const unit = match[2] ?? 's';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(Number(match[1]) * factor);
}

const schema = z.object({
  target: z.url('--target must be a URL like http://127.0.0.1:3000'),
  rps: z.number('--rps must be a number').positive('--rps must be above 0').max(10_000, '--rps must be at most 10000'),
  durationMs: z.number().int().nonnegative(),
  errorRate: z
    .number('--error-rate must be a number')
    .min(0, '--error-rate must be within [0, 1]')
    .max(1, '--error-rate must be within [0, 1]'),
  maxInFlight: z.number('--max-in-flight must be a number').int('--max-in-flight must be a whole number').positive(),
});

/** Parses and validates the command line; every problem is reported at once. */
export function parseTrafficOptions(args: readonly string[], env: Record<string, string | undefined> = process.env): TrafficOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        target: { type: 'string' },
        rps: { type: 'string' },
        duration: { type: 'string' },
        'error-rate': { type: 'string' },
        'max-in-flight': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new TrafficOptionsError((error as Error).message);
  }
  const text = (name: string, fallback: string) => (typeof values[name] === 'string' ? (values[name] as string) : fallback);
  const parsed = schema.safeParse({
    target: text('target', env.ORDERS_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    rps: Number(text('rps', '20')),
    durationMs: parseDuration(text('duration', '0')),
    errorRate: Number(text('error-rate', '0.05')),
    maxInFlight: Number(text('max-in-flight', '200')),
  });
  if (!parsed.success) throw new TrafficOptionsError(parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}
