import { setTimeout as delay } from 'node:timers/promises';

/** Polls `probe` until it returns a value, failing with `what` (and `details()`) at the deadline. */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  options: { timeoutMs?: number; intervalMs?: number; details?: () => string; signal?: AbortSignal } = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 100, details, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError === undefined ? '' : `; last error: ${String(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}${details ? `\n${details()}` : ''}`);
    }
    await delay(intervalMs, undefined, { signal }).catch(() => {});
  }
}
