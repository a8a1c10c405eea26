import { z } from 'zod';
import { SightlineConfigError } from '../../sightline-error/index.js';
import type { CheckOutcome, CheckSettings, HealthCheck } from '../types.js';
import { parseCheckerOptions, settingsShape } from './checker-options.js';

export interface HttpDependencyCheckOptions extends CheckSettings {
  /** Default: the URL's host, e.g. `payments.internal:8080`. */
  readonly name?: string;
  /** Default GET. */
  readonly method?: 'GET' | 'HEAD';
  readonly headers?: Readonly<Record<string, string>>;
  /** Default: the global fetch (not observer.fetch: probes should not add client spans and metrics). */
  readonly fetch?: typeof globalThis.fetch;
}

const optionsSchema = z
  .object({
    ...settingsShape,
    method: z.enum(['GET', 'HEAD']).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    fetch: z.custom<typeof globalThis.fetch>((value) => typeof value === 'function', 'fetch must be a function').optional(),
  })
  .strict();

/** undici says only "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND) is what an operator needs. */
function failureReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Calls another service's endpoint (its /readyz, say). 2xx and 3xx are healthy; 4xx is
 * degraded (it answers, but not what we expect: a moved path, missing credentials); 5xx, a
 * network error or the timeout (the request is aborted) are unhealthy. Register it
 * `critical: false` when your service still serves without the dependency, so its failure
 * degrades your readiness instead of taking every replica out of the load balancer with it.
 */
export function httpDependencyCheck(url: string | URL, options: HttpDependencyCheckOptions = {}): HealthCheck {
  const parsed = parseCheckerOptions('httpDependencyCheck', optionsSchema, options);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new SightlineConfigError([`httpDependencyCheck url: expected an absolute http(s) URL, got ${JSON.stringify(String(url))}`]);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new SightlineConfigError([`httpDependencyCheck url: expected http: or https:, got ${target.protocol}`]);
  }
  const { name = target.host, method = 'GET', headers, fetch = globalThis.fetch, ...settings } = parsed;
  const href = target.href;
  return {
    ...(settings as CheckSettings),
    name,
    async check(signal): Promise<CheckOutcome | undefined> {
      let response: Response;
      try {
        response = await fetch(href, { method, ...(headers === undefined ? {} : { headers }), signal });
      } catch (error) {
        throw new Error(`request failed: ${failureReason(error)}`);
      }
      // Release the connection: the body is not needed.
      await response.body?.cancel().catch(() => {});
      const details = { status_code: response.status };
      if (response.status >= 500) return { status: 'unhealthy', message: `answered ${response.status}`, details };
      if (response.status >= 400) return { status: 'degraded', message: `answered ${response.status}`, details };
      return { status: 'healthy', details };
    },
  };
}
