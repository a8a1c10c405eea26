import { setTimeout as delay } from 'node:timers/promises';

const POLL_INTERVAL_MS = 5;

/**
 * Polls `find` until it returns a value or the deadline passes. Access lines and server
 * spans are written on the response's 'close' event, which can fire just after fetch resolves.
 */
export async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(POLL_INTERVAL_MS);
  }
}
