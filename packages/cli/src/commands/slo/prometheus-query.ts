import { CliError } from '../../errors.js';
import { fetchText } from './live-metrics.js';
import { prometheusApiUrl } from './prometheus-url.js';

export interface PromSample {
  readonly labels: Readonly<Record<string, string>>;
  /** Prometheus' value: NaN when a ratio divided zero by zero (no traffic in the window). */
  readonly value: number;
}

/** An instant query (`GET /api/v1/query`) whose result is a vector. */
export async function queryVector(base: string, expression: string, signal?: AbortSignal): Promise<PromSample[]> {
  const url = prometheusApiUrl(base, '/api/v1/query');
  url.searchParams.set('query', expression);
  const text = await fetchText(url.toString(), signal, 'application/json');
  let body: { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch (error) {
    throw new CliError('SL_CLI_REQUEST_FAILED', `${base} did not answer like Prometheus (/api/v1/query is not JSON)`, { cause: error });
  }
  if (body.status !== 'success' || body.data?.resultType !== 'vector' || !Array.isArray(body.data.result))
    throw new CliError('SL_CLI_REQUEST_FAILED', `Prometheus at ${base} refused the query: ${body.error ?? 'no vector result'}`);
  return (body.data.result as { metric: Record<string, string>; value: [number, string] }[]).map((sample) => ({
    labels: sample.metric,
    value: Number(sample.value[1]),
  }));
}
