import { setTimeout as delay } from 'node:timers/promises';

const POLL_INTERVAL_MS = 5;

/**
 * Polls `probe` (sync or async) until it returns something other than undefined, and resolves with that; rejects
 * naming `what` once `timeoutMs` passed. Access lines and server spans are written when the
 * response closes, which can be just after `fetch()` resolved: wait for them, never sleep.
 */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(POLL_INTERVAL_MS);
  }
}
