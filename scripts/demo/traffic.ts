/**
 * Synthetic traffic for the demo: a steady mix of reads, writes, 404s, slow requests and
 * failures, so every signal (logs, RED metrics, traces) has something to show.
 */
export interface TrafficOptions {
  readonly baseUrl: string;
  readonly rps: number;
  readonly signal: AbortSignal;
}

function pickRequest(): { method: string; path: string } {
  const roll = Math.random();
  if (roll < 0.6) return { method: 'GET', path: `/users/${1 + Math.floor(Math.random() * 110)}` };
  if (roll < 0.85) return { method: 'POST', path: '/orders' };
  if (roll < 0.9) return { method: 'GET', path: `/nope/${Math.floor(Math.random() * 1000)}` };
  if (roll < 0.97) return { method: 'GET', path: '/slow' };
  return { method: 'GET', path: '/fail' };
}

export async function runTraffic(options: TrafficOptions): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const interval = 1000 / options.rps;
  while (!options.signal.aborted) {
    const { method, path } = pickRequest();
    sent++;
    fetch(`${options.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify({ sku: 'demo', quantity: 1 }) } : {}),
      signal: options.signal,
    })
      .then((response) => response.arrayBuffer())
      .catch(() => {
        if (!options.signal.aborted) failed++;
      });
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  return { sent, failed };
}
