import type { AvailableMetrics } from '@sightline/slo';
import { readExposition } from '@sightline/slo';
import { connectionReason } from '../../connection-reason.js';
import { CliError } from '../../errors.js';
import { prometheusApiUrl } from './prometheus-url.js';

/** GET `url` as text; a refused connection or non-2xx answer is a CliError naming the URL. */
export async function fetchText(url: string, signal: AbortSignal | undefined, accept: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept }, signal: signal ?? AbortSignal.timeout(10_000) });
  } catch (error) {
    // fetch's own message is "fetch failed": the reason is its cause's.
    const cause = ((error as Error).cause ?? error) as NodeJS.ErrnoException;
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    const where = parsed === undefined ? url : `${parsed.origin}${parsed.pathname}`;
    const reason = connectionReason(cause, parsed?.hostname ?? url);
    throw new CliError('SL_CLI_TARGET_UNREACHABLE', `cannot reach ${where} (${reason})`, { cause: error });
  }
  if (!response.ok) throw new CliError('SL_CLI_REQUEST_FAILED', `${url} answered HTTP ${response.status}`);
  return response.text();
}

/** A service's `/metrics` (Prometheus text or OpenMetrics): names and bucket bounds. */
export async function metricsEndpoint(url: string, signal?: AbortSignal): Promise<AvailableMetrics> {
  return readExposition(await fetchText(url, signal, 'text/plain;version=0.0.4, */*;q=0.1'), url);
}

/** The metric names a Prometheus server holds (its `__name__` values). */
export async function prometheusNames(base: string, signal?: AbortSignal): Promise<AvailableMetrics> {
  const url = prometheusApiUrl(base, '/api/v1/label/__name__/values').toString();
  const body = JSON.parse(await fetchText(url, signal, 'application/json')) as { status?: string; data?: unknown };
  if (body.status !== 'success' || !Array.isArray(body.data))
    throw new CliError('SL_CLI_REQUEST_FAILED', `${url} did not answer a Prometheus label value list`);
  return { source: base, names: new Set(body.data.filter((name): name is string => typeof name === 'string')) };
}
