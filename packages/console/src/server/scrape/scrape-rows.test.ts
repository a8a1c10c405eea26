import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApiRoutes } from '../api/index.js';
import { openStore, type Store } from '../store/index.js';
import { parseExposition } from './exposition-parser.js';
import { sampleRows } from './scrape-rows.js';
import { createScraper } from './scraper.js';

const CONTEXT = { timeUnixNano: 1_767_225_600_000_000_000n, target: 'http://127.0.0.1:9464/metrics', job: 'orders-api' };

const OPENMETRICS = `# TYPE queue_wait_seconds histogram
# UNIT queue_wait_seconds seconds
# HELP queue_wait_seconds Time a job waits in the queue.
queue_wait_seconds_bucket{le="0.1"} 3
queue_wait_seconds_bucket{le="+Inf"} 4
queue_wait_seconds_count 4
queue_wait_seconds_sum 0.5
# TYPE jobs counter
jobs_total 7
# EOF
`;

describe('sampleRows', () => {
  it("gives every sample its family's HELP text and UNIT", () => {
    const rows = sampleRows(parseExposition(OPENMETRICS, 'openmetrics'), CONTEXT);
    expect(rows.map((row) => [row.name, row.description, row.unit])).toEqual([
      ['queue_wait_seconds_bucket', 'Time a job waits in the queue.', 'seconds'],
      ['queue_wait_seconds_bucket', 'Time a job waits in the queue.', 'seconds'],
      ['queue_wait_seconds_count', 'Time a job waits in the queue.', 'seconds'],
      ['queue_wait_seconds_sum', 'Time a job waits in the queue.', 'seconds'],
      ['jobs_total', undefined, undefined],
    ]);
  });
});

describe('a scraped metric in GET /api/metrics', () => {
  const TEXT = [
    '# HELP http_request_duration_seconds Request latency quantiles per route over the last 5m \\\\ escaped \\n newline.',
    '# TYPE http_request_duration_seconds summary',
    'http_request_duration_seconds{route="/orders",quantile="0.5"} 0.012',
    'http_request_duration_seconds_sum{route="/orders"} 3.2',
    'http_request_duration_seconds_count{route="/orders"} 210',
    'process_open_fds 12',
    '',
  ].join('\n');
  let store: Store;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    store = await openStore({ memory: true, commitIntervalMs: 10 });
    server = createServer((request, response) => {
      const openMetrics = request.url === '/openmetrics';
      response.setHeader('content-type', openMetrics ? 'application/openmetrics-text; version=1.0.0' : 'text/plain; version=0.0.4');
      response.end(openMetrics ? OPENMETRICS : TEXT);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await store?.close();
  });

  it('carries the HELP text (and the UNIT, where given) of the scraped exposition', async () => {
    const scraper = createScraper({
      targets: [
        { url: `${baseUrl}/metrics`, job: 'orders-api' },
        { url: `${baseUrl}/openmetrics`, job: 'worker' },
      ],
      store,
      intervalMs: 60_000,
      log: () => undefined,
    });
    await scraper.scrapeAll();
    await scraper.close();
    const app = Fastify({ logger: false });
    registerApiRoutes(app, { store });
    const answer = (await app.inject('/api/metrics')).json() as {
      metrics: { name: string; type: string; unit: string | null; description: string | null; source: string }[];
    };
    await app.close();
    const byName = new Map(answer.metrics.map((metric) => [metric.name, metric]));
    const help = 'Request latency quantiles per route over the last 5m \\ escaped \n newline.';
    for (const name of ['http_request_duration_seconds', 'http_request_duration_seconds_sum', 'http_request_duration_seconds_count']) {
      expect(byName.get(name), name).toEqual({ name, type: 'summary', unit: null, description: help, source: 'scrape' });
    }
    expect(byName.get('queue_wait_seconds_bucket')).toMatchObject({ unit: 'seconds', description: 'Time a job waits in the queue.' });
    // No HELP: no description, as before (and the synthetic `up` has none either).
    expect(byName.get('process_open_fds')).toMatchObject({ description: null, unit: null });
    expect(byName.get('up')).toMatchObject({ description: null, source: 'scrape' });
  });
});
