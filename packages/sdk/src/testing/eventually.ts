import { setTimeout as delay } from 'node:timers/promises';

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_INTERVAL_MS = 5;

export interface EventuallyOptions {
  /** Default 5000. */
  readonly timeoutMs?: number;
  /** Pause between probes; default 5 ms (polling a server or a daemon wants more, e.g. 100). */
  readonly intervalMs?: number;
  /**
   * Try a probe that throws again until the deadline (a daemon still starting refuses
   * connections), naming the last error in the timeout's message. Default false: a throw rejects at once.
   */
  readonly retryErrors?: boolean;
  /** Appended to the timeout's message: what was seen instead (the log so far, a status). */
  readonly details?: () => string;
  /** Stops polling: rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Polls `probe` (sync or async) until it returns something other than undefined, and resolves with that; rejects
 * naming `what` once the timeout passed. Access lines and server spans are written when the
 * response closes, which can be just after `fetch()` resolved: wait for them, never sleep.
 * The third argument is the timeout in ms, or options.
 */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutOrOptions: number | EventuallyOptions = {},
): Promise<T> {
  const options = typeof timeoutOrOptions === 'number' ? { timeoutMs: timeoutOrOptions } : timeoutOrOptions;
  const { timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = DEFAULT_INTERVAL_MS, retryErrors = false, details, signal } = options;
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (!retryErrors) throw error;
      lastError = error;
    }
    if (performance.now() > deadline) {
      const cause = lastError === undefined ? '' : `; last error: ${String(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}${details ? `\n${details()}` : ''}`);
    }
    await delay(intervalMs, undefined, { signal }).catch(() => {});
  }
}
