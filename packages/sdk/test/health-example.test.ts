import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from '@sightline/dev-postgres/free-port';
import { afterAll, describe, expect, it } from 'vitest';
import { type ExampleProcess, readmeTsBlock, runExample } from './support/readme-example.js';

const examplePath = fileURLToPath(new URL('../examples/health.ts', import.meta.url));

describe('the SDK README health example', () => {
  it('is the examples/health.ts file, verbatim', () => {
    expect(readmeTsBlock('## Health')).toBe(readFileSync(examplePath, 'utf8'));
  });

  let example: ExampleProcess | undefined;
  let feed: Server | undefined;
  afterAll(async () => {
    example?.child.kill('SIGKILL');
    if (feed !== undefined) await new Promise((resolve) => feed?.close(resolve));
  });

  /** The stock feed's status endpoint, which the example's own check asks; it records the paths asked for. */
  async function startFeed(lagSeconds: number): Promise<{ url: string; requests: string[] }> {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ lagSeconds }));
    });
    feed = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/lag`, requests };
  }

  it('runs: answers the probes, degraded by its non-critical pricing dependency and its lagging feed, and exits 0 on SIGTERM', async () => {
    const stockFeed = await startFeed(90);
    // Nothing listens at PRICING_URL: the non-critical dependency fails and readiness degrades.
    example = runExample(examplePath, {
      OTEL_TRACES_EXPORTER: 'none',
      PRICING_URL: `http://127.0.0.1:${await freePort()}/readyz`,
      FEED_URL: stockFeed.url,
    });
    const listening = await example.waitForLine((line) => line.msg === 'listening', 'the listening line');
    const base = `http://127.0.0.1:${(listening.address as { port: number }).port}`;

    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'degraded',
      service: { name: 'inventory' },
      checks: {
        disk: { status: 'healthy', critical: true },
        event_loop: { critical: false },
        pricing: { status: 'unhealthy', critical: false, message: 'request failed: ECONNREFUSED' },
        'stock-feed': { status: 'degraded', critical: false, message: 'feed 90 s behind' },
      },
    });
    expect(stockFeed.requests).toEqual(['/lag']);
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    expect((await fetch(`${base}/startupz`)).status).toBe(200);
    expect(await (await fetch(`${base}/items`)).json()).toEqual({ sku: 'A-1', stock: 3 });

    example.child.kill('SIGTERM');
    expect(await example.exited).toBe(0);
    expect(example.lines.some((line) => line.msg === 'shutting down: readiness fails from now on')).toBe(true);
  });
});
