import { setTimeout as delay } from 'node:timers/promises';

/** Sum of every series of `name` on the service's /metrics (Prometheus text), by label set too. */
export async function scrape(baseUrl: string, name: string): Promise<{ total: number; series: Record<string, number> }> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const series: Record<string, number> = {};
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^(\S+?)(\{.*\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const value = Number(match[3]);
    series[match[2] ?? ''] = value;
    total += value;
  }
  return { total, series };
}

/** Polls `probe` until it returns a value, failing with `what` at the deadline. */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs: number,
  intervalMs = 100,
  details?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError === undefined ? '' : `; last error: ${String(lastError)}`}${details === undefined ? '' : `; ${details()}`}`,
      );
    }
    await delay(intervalMs);
  }
}
