import { setTimeout as delay } from 'node:timers/promises';
import { AlertmanagerError } from './alert-errors.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestPolicy {
  /** Base URL without a trailing slash. */
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Bound on each attempt, response body included. */
  readonly timeoutMs: number;
  /** Extra attempts after the first, for 5xx, 429, network errors and timeouts. */
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly fetch: FetchLike;
}

const DETAIL_LIMIT = 1000;

/**
 * Alertmanager's errors come as a JSON string (`"invalid label set: …"`), as go-swagger's
 * `{"code":400,"message":"…"}`, or as plain text from a proxy in between.
 */
export function alertmanagerDetail(body: string): string | undefined {
  const text = body.trim();
  if (text === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') return parsed;
    const message = (parsed as { message?: unknown } | null)?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the text itself says what went wrong.
  }
  return text.length > DETAIL_LIMIT ? `${text.slice(0, DETAIL_LIMIT)}…` : text;
}

/**
 * Worth another try: a 429, or a 5xx unless it says what it looked for is not there (Alertmanager
 * up to 0.25 answers an unknown silence's DELETE with 500 "silence not found": an answer, not an outage).
 */
const retriable = (status: number, detail: string) => status === 429 || (status >= 500 && !/\bnot found\b/i.test(detail));

/** Exponential backoff with equal jitter: half the step fixed, half random, capped. */
function backoff(policy: RequestPolicy, attempt: number): number {
  const step = Math.min(policy.maxRetryDelayMs, policy.retryDelayMs * 2 ** (attempt - 1));
  return step / 2 + Math.random() * (step / 2);
}

/**
 * One call to Alertmanager with bounded retries: at most `retries + 1` attempts, each
 * bounded by `timeoutMs`. Retrying an alert POST is safe: Alertmanager merges alerts by label set
 * (a silence POST is not: callers pass `retries: 0`). Resolves with the response body of a 2xx;
 * anything else ends in an AlertmanagerError.
 */
export async function requestAlertmanager(
  policy: RequestPolicy,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body: string | undefined,
  signal: AbortSignal | undefined,
): Promise<string> {
  const headers: Record<string, string> = { accept: 'application/json', ...policy.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const attempts = policy.retries + 1;
  for (let attempt = 1; ; attempt++) {
    let failure: { status?: number; detail?: string; cause?: unknown };
    try {
      const timeout = AbortSignal.timeout(policy.timeoutMs);
      const response = await policy.fetch(`${policy.baseUrl}${path}`, {
        method,
        headers,
        body,
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
      const text = await response.text();
      if (response.ok) return text;
      failure = { status: response.status, detail: alertmanagerDetail(text) ?? response.statusText };
      if (!retriable(response.status, failure.detail ?? '')) throw new AlertmanagerError({ method, path, attempts: attempt, ...failure });
    } catch (error) {
      if (error instanceof AlertmanagerError) throw error;
      failure = { cause: error };
    }
    if (signal?.aborted) throw new AlertmanagerError({ method, path, attempts: attempt, cause: signal.reason });
    if (attempt >= attempts) throw new AlertmanagerError({ method, path, attempts: attempt, ...failure });
    try {
      await delay(backoff(policy, attempt), undefined, signal === undefined ? undefined : { signal });
    } catch {
      throw new AlertmanagerError({ method, path, attempts: attempt, cause: signal?.reason ?? failure.cause });
    }
  }
}

/** A GET (or POST) whose 2xx answer must be JSON of the shape `accept` checks; anything else is an AlertmanagerError naming `what`. */
export async function requestAlertmanagerJson<T>(
  policy: RequestPolicy,
  method: 'GET' | 'POST',
  path: string,
  body: string | undefined,
  signal: AbortSignal | undefined,
  expected: { what: string; accept: (value: unknown) => boolean },
): Promise<T> {
  const text = await requestAlertmanager(policy, method, path, body, signal);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!expected.accept(value)) {
    throw new AlertmanagerError({
      method,
      path,
      attempts: 1,
      status: 200,
      detail: `expected ${expected.what}, got: ${text.slice(0, 200)}`,
    });
  }
  return value as T;
}
