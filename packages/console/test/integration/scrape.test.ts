import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { healthStatus } from '../../src/server/api/schemas.js';
import { createHealthPoller, createScraper, SCRAPE_ACCEPT, ScrapeConfigError } from '../../src/server/scrape/index.js';
import { openStore, type Store } from '../../src/server/store/index.js';
import { type SdkService, startSdkService, work } from '../support/sdk-service.js';
import { closedPortUrl, eventually, startServer, type TestServer } from '../support/test-servers.js';

let store: Store;
let service: SdkService;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  store = await openStore({ memory: true, commitIntervalMs: 10 });
  service = await startSdkService('scrape-sdk');
  await work(service, 3);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await service?.close();
  await store?.close();
});

function scraperFor(
  targets: (string | { url: string; job?: string })[],
  extra: { timeoutMs?: number; maxBodyBytes?: number; intervalMs?: number } = {},
) {
  const lines: string[] = [];
  const scraper = createScraper({ targets, store, intervalMs: 5_000, log: (line) => lines.push(line), ...extra });
  cleanups.push(() => scraper.close());
  return { scraper, lines };
}

async function serve(listener: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(listener);
  cleanups.push(() => server.close());
  return server;
}

const pointsOf = async (name: string, job: string) => (await store.metricPoints({ name })).filter((point) => point.serviceName === job);

describe('scraping a real SDK service', () => {
  it('stores every sample with the synthetic up, scrape_duration_seconds and scrape_samples_scraped, queryable as source scrape', async () => {
    const { scraper } = scraperFor([`${service.baseUrl}/metrics`]);
    await scraper.scrapeAll();

    const names = await store.metricNames();
    const duration = names.find((metric) => metric.name === 'http_server_request_duration_seconds_bucket');
    expect(duration).toMatchObject({ type: 'histogram', source: 'scrape' });
    expect((await pointsOf('up', service.hostPort)).map((point) => point.value)).toEqual([1]);
    const [scraped] = await pointsOf('scrape_samples_scraped', service.hostPort);
    expect(scraped?.value).toBeGreaterThan(10);
    expect((await pointsOf('scrape_duration_seconds', service.hostPort))[0]?.value).toBeGreaterThan(0);
    const count = await store.metricPoints({ name: 'http_server_request_duration_seconds_count', attributes: { http_route: '/work' } });
    expect(count.map((point) => [point.serviceName, point.value, point.source])).toEqual([[service.hostPort, 3, 'scrape']]);
    expect(scraper.status()[0]).toMatchObject({ health: 'up', scrapes: 1, failures: 0, job: service.hostPort });
  });

  it('asks for OpenMetrics and keeps the trace ids of its exemplars', async () => {
    let accept: string | undefined;
    const proxy = await serve(async (req, res) => {
      accept = req.headers.accept;
      const upstream = await fetch(`${service.baseUrl}/metrics`, { headers: { accept: req.headers.accept ?? '' } });
      res.setHeader('content-type', upstream.headers.get('content-type') ?? '');
      res.end(await upstream.text());
    });
    const { scraper } = scraperFor([{ url: `${proxy.baseUrl}/metrics`, job: 'exemplar-job' }]);
    await scraper.scrapeAll();
    expect(accept).toBe(SCRAPE_ACCEPT);
    const buckets = (await store.metricPoints({ name: 'http_server_request_duration_seconds_bucket' })).filter(
      (point) => point.serviceName === 'exemplar-job',
    );
    const exemplars = buckets.flatMap((point) => point.exemplars);
    expect(exemplars.length).toBeGreaterThan(0);
    for (const exemplar of exemplars) {
      expect(service.traceIds).toContain(exemplar.traceId);
      expect(exemplar.spanId).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});

describe('scrape failures', () => {
  it('gives up 0 for a target that is down, logs it once, and never throws', async () => {
    const url = await closedPortUrl('/metrics');
    const { scraper, lines } = scraperFor([url]);
    await scraper.scrapeAll();
    await scraper.scrapeAll();
    const job = new URL(url).host;
    expect((await pointsOf('up', job)).map((point) => point.value)).toEqual([0, 0]);
    expect(scraper.status()[0]).toMatchObject({ health: 'down', scrapes: 2, failures: 2 });
    expect(scraper.status()[0]?.lastError).toMatch(/ECONNREFUSED/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(url);
  });

  it('cuts a target that hangs at the timeout, before and after its headers', async () => {
    const silent = await serve(() => undefined);
    const stalled = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.write('partial_metric 1\n');
    });
    const { scraper } = scraperFor([`${silent.baseUrl}/metrics`, `${stalled.baseUrl}/metrics`], { timeoutMs: 300, intervalMs: 1_000 });
    await scraper.scrapeAll();
    for (const status of scraper.status()) expect(status).toMatchObject({ health: 'down', lastError: 'timed out after 300 ms' });
    expect(await store.metricPoints({ name: 'partial_metric' })).toEqual([]);
    expect((await pointsOf('up', new URL(stalled.baseUrl).host)).map((point) => point.value)).toEqual([0]);
  });

  it('rejects a whole scrape with an invalid line, as Prometheus does, and says which line', async () => {
    const broken = await serve((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end('good_metric 1\nbad_metric{x="1" 2\n');
    });
    const { scraper, lines } = scraperFor([`${broken.baseUrl}/metrics`]);
    await scraper.scrapeAll();
    expect(await store.metricPoints({ name: 'good_metric' })).toEqual([]);
    expect((await pointsOf('up', new URL(broken.baseUrl).host)).map((point) => point.value)).toEqual([0]);
    expect(scraper.status()[0]?.lastError).toMatch(/^invalid exposition, line 2: /);
    expect(lines[0]).toContain('line 2');
  });

  it('refuses a body over the size limit, counted after gzip, and reads a gzip body under it', async () => {
    const gzipped = (text: string) => gzipSync(Buffer.from(text));
    const bodies: Record<string, Buffer> = {
      '/plain': Buffer.from(`big_metric{padding="${'x'.repeat(4_000)}"} 1\n`),
      '/bomb': gzipped(`big_metric{padding="${'x'.repeat(4_000)}"} 1\n`),
      '/small': gzipped('small_metric 42\n'),
    };
    const target = await serve((req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      if (req.url !== '/plain' && /gzip/.test(req.headers['accept-encoding'] ?? '')) res.setHeader('content-encoding', 'gzip');
      res.end(bodies[req.url ?? '']);
    });
    expect(bodies['/bomb']?.length).toBeLessThan(1_000);
    const { scraper } = scraperFor(
      Object.keys(bodies).map((path) => ({ url: `${target.baseUrl}${path}`, job: `gzip${path}` })),
      { maxBodyBytes: 1_000 },
    );
    await scraper.scrapeAll();
    expect(scraper.status().map((status) => [status.job, status.health, status.lastError])).toEqual([
      ['gzip/plain', 'down', 'body larger than 1000 bytes'],
      ['gzip/bomb', 'down', 'body larger than 1000 bytes'],
      ['gzip/small', 'up', undefined],
    ]);
    expect(await store.metricPoints({ name: 'big_metric' })).toEqual([]);
    expect((await store.metricPoints({ name: 'small_metric' })).map((point) => point.value)).toEqual([42]);
  });

  it('logs the recovery of a target once it answers again', async () => {
    let healthy = false;
    const flaky = await serve((_req, res) => {
      res.statusCode = healthy ? 200 : 503;
      res.end(healthy ? 'flaky_metric 1\n' : 'down');
    });
    const { scraper, lines } = scraperFor([`${flaky.baseUrl}/metrics`]);
    await scraper.scrapeAll();
    healthy = true;
    await scraper.scrapeAll();
    await scraper.scrapeAll();
    expect(lines).toEqual([expect.stringContaining('server returned HTTP status 503'), expect.stringContaining('recovered')]);
    expect((await pointsOf('up', new URL(flaky.baseUrl).host)).map((point) => point.value)).toEqual([0, 1, 1]);
  });

  it('counts samples a closed store refuses and logs that once, without throwing', async () => {
    const closed = await openStore({ memory: true });
    await closed.close();
    const lines: string[] = [];
    const scraper = createScraper({ targets: [`${service.baseUrl}/metrics`], store: closed, log: (line) => lines.push(line) });
    cleanups.push(() => scraper.close());
    await scraper.scrapeAll();
    await scraper.scrapeAll();
    expect(scraper.status()[0]).toMatchObject({ health: 'up', scrapes: 2, storeFailures: 2 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/were not stored/);
  });

  it('retries once on a new connection when the server dropped a kept-alive one', async () => {
    const requestsPerSocket = new WeakMap<object, number>();
    const target = await serve((req, res) => {
      const count = (requestsPerSocket.get(req.socket) ?? 0) + 1;
      requestsPerSocket.set(req.socket, count);
      // The second request on a connection finds it closed, as when a server's idle timeout fires.
      if (count === 2) req.socket.destroy();
      else res.end('kept_alive_metric 1\n');
    });
    const { scraper, lines } = scraperFor([`${target.baseUrl}/metrics`]);
    await scraper.scrapeAll();
    await scraper.scrapeAll();
    expect(scraper.status()[0]).toMatchObject({ health: 'up', scrapes: 2, failures: 0 });
    expect(lines).toEqual([]);
  });

  it('validates its options at setup with a named error', () => {
    expect(() => createScraper({ targets: ['not a url'], store })).toThrow(ScrapeConfigError);
    expect(() => createScraper({ targets: [], store, intervalMs: 1_000, timeoutMs: 1_000 })).toThrow(
      /timeoutMs \(1000\) must be below intervalMs/,
    );
  });
});

describe('scraper lifecycle', () => {
  it('keeps no process alive: its timers are unref()d', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=sightline-source',
        '--import',
        'tsx',
        fileURLToPath(new URL('./fixtures/scrape-forever.ts', import.meta.url)),
        `${service.baseUrl}/metrics`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    // Should the child not exit (the failure this test is for), do not leave it running.
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(output).toBe('scraped\n');
    expect(code).toBe(0);
  });

  it('scrapes at start, then stops cleanly on close: nothing stored afterwards', async () => {
    const target = await serve((_req, res) => res.end('lifecycle_metric 7\n'));
    const { scraper } = scraperFor([`${target.baseUrl}/metrics`], { intervalMs: 1_000 });
    scraper.start();
    await eventually(
      () => store.metricPoints({ name: 'lifecycle_metric' }),
      (points) => points.length > 0,
    );
    await scraper.close();
    const stored = (await store.metricPoints({ name: 'lifecycle_metric' })).length;
    expect(stored).toBeGreaterThan(0);
    await scraper.scrapeAll();
    await scraper.close();
    expect((await store.metricPoints({ name: 'lifecycle_metric' })).length).toBe(stored);
  });
});

describe('health of scrape targets', () => {
  it("reads a real SDK service's /healthz as pass, then fail once its readiness check fails", async () => {
    const poller = createHealthPoller({ targets: [`${service.baseUrl}/metrics`], intervalMs: 5_000 });
    cleanups.push(() => poller.close());
    await poller.pollAll();
    const passing = poller.healthOf('scrape-sdk');
    expect(healthStatus.parse(passing)).toEqual(passing);
    expect(passing).toMatchObject({
      status: 'pass',
      url: `${service.baseUrl}/healthz`,
      checks: [{ name: 'database', status: 'pass', message: null }],
    });
    service.database = 'unhealthy';
    try {
      await poller.pollAll();
    } finally {
      service.database = 'healthy';
    }
    expect(poller.healthOf('scrape-sdk')).toMatchObject({ status: 'fail', checks: [{ name: 'database', status: 'fail' }] });
    expect(poller.services().map((entry) => entry.service)).toEqual(['scrape-sdk']);
  });

  it('reports an unreachable service as fail with the reason, under its last known name', async () => {
    const other = await startSdkService('short-lived');
    const poller = createHealthPoller({ targets: [`${other.baseUrl}/metrics`], intervalMs: 5_000, timeoutMs: 500 });
    cleanups.push(() => poller.close());
    await poller.pollAll();
    expect(poller.healthOf('short-lived')?.status).toBe('pass');
    await other.close();
    await poller.pollAll();
    const health = poller.healthOf('short-lived');
    expect(health?.status).toBe('fail');
    expect(health?.checks[0]?.message).toMatch(/ECONNREFUSED|closed/);
  });

  it('cuts a /healthz that does not answer at the timeout and reports fail', async () => {
    const silent = await serve(() => undefined);
    const poller = createHealthPoller({ targets: [`${silent.baseUrl}/metrics`], intervalMs: 1_000, timeoutMs: 200 });
    cleanups.push(() => poller.close());
    await poller.pollAll();
    expect(poller.healthOf(new URL(silent.baseUrl).host)).toMatchObject({
      status: 'fail',
      checks: [{ name: 'healthz', status: 'fail', message: 'timed out after 200 ms' }],
    });
  });

  it('names a service without a health report from its scraped target_info, and says its health is unknown', async () => {
    const legacy = await serve((req, res) => {
      if (req.url === '/metrics') res.end('target_info{service_name="legacy-billing"} 1\n');
      else {
        res.statusCode = 404;
        res.end('not found');
      }
    });
    const url = `${legacy.baseUrl}/metrics`;
    const { scraper } = scraperFor([url]);
    const poller = createHealthPoller({ targets: [url], intervalMs: 5_000, serviceNameOf: (target) => scraper.serviceNameOf(target) });
    cleanups.push(() => poller.close());
    await Promise.all([scraper.scrapeAll(), poller.pollAll()]);
    expect(poller.healthOf('legacy-billing')).toMatchObject({
      status: 'unknown',
      checks: [{ name: 'healthz', message: 'HTTP 404 (no health report here)' }],
    });
    expect(poller.healthOf(new URL(url).host)).toBeUndefined();
  });
});
