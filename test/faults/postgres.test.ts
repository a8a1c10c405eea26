import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevPostgres, startDevPostgres } from '@sightline/dev-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failures, type Load, ms, runLoad, type Sample, startLoad, summarize } from './support/load.js';
import { pollUntil, scrape } from './support/metrics.js';
import { type Service, startService } from './support/service.js';

/** The SDK's default health interval: a check result is reused this long, so it is the probe interval. */
const PROBE_INTERVAL_MS = 1000;
/** A refused connection fails the check in milliseconds; this covers the probe poll and a busy machine. */
const DETECTION_SLACK_MS = 300;
const RATE = 100;
/** The orders example's pg.Pool connectionTimeoutMillis: how long a checkout may wait for a connection. */
const CONNECTION_TIMEOUT_MS = 2000;
/** pg.Pool max in the orders example: more waiters than connections would be a pile-up. */
const POOL_MAX = 10;

let directory: string;
/** Its own temp dir: prepareDataDir hands it to the postgres user (the tests run as root). */
let dataDir: string;
let database: DevPostgres;
let orders: Service;

/** The last /readyz body, for failure messages. */
let lastReadyBody = '';

async function readyStatus(): Promise<number> {
  const response = await fetch(`${orders.url}/readyz`);
  lastReadyBody = await response.text();
  return response.status;
}

const readyDetails = () => `last /readyz body: ${lastReadyBody}`;

function productsLoad(durationMs: number): Load {
  return startLoad({ url: orders.url, path: '/products', ratePerSecond: RATE, durationMs });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'sightline-faults-postgres-'));
  dataDir = mkdtempSync(join(tmpdir(), 'sightline-faults-pgdata-'));
  database = await startDevPostgres({ dataDir, database: 'orders_faults', persistent: true });
  orders = await startService(
    'examples/orders-api/src/main.ts',
    {
      PORT: '0',
      DATABASE_URL: database.connectionString,
      // Nothing listens there: payments is a non-critical check, readiness only degrades.
      PAYMENTS_URL: 'http://127.0.0.1:9',
      OTEL_TRACES_EXPORTER: 'none',
    },
    join(directory, 'orders-api.log'),
  );
  await pollUntil(async () => ((await readyStatus()) === 200 ? true : undefined), 'orders-api to be ready', 30_000);
});

afterAll(async () => {
  await orders?.destroy();
  await database?.stop();
  for (const path of [directory, dataDir]) if (path) rmSync(path, { recursive: true, force: true });
});

describe('Postgres stopped under load (orders-api example)', () => {
  it('turns unready within one probe interval, answers 503 fast without piling up pool clients, and recovers when Postgres is back', async () => {
    const before = await runLoad({ url: orders.url, path: '/products', ratePerSecond: RATE, durationMs: 1500 });
    expect(failures(before)).toEqual({});

    // Stop Postgres while the load runs.
    const transition = productsLoad(60_000);
    await database.stop();
    const stoppedAt = performance.now();
    await pollUntil(async () => ((await readyStatus()) === 503 ? true : undefined), '/readyz to answer 503', 10_000, 20, readyDetails);
    const unreadyAfterMs = performance.now() - stoppedAt;
    transition.stop();
    const transitionSamples = await transition.done;

    // Down: every request answers 503 at once; the pool does not queue checkouts.
    let peakPending = 0;
    let downDone = false;
    const down = productsLoad(3000);
    const watchPool = (async () => {
      while (!downDone) {
        peakPending = Math.max(peakPending, (await scrape(orders.url, 'db_client_connections_pending_requests')).total);
      }
    })();
    const downSamples = await down.done;
    downDone = true;
    await watchPool;
    const isUnavailable = (status: number) => status === 503;

    // Back: readiness and the requests recover by themselves.
    const port = database.port;
    const restartAt = performance.now();
    database = await startDevPostgres({ dataDir, database: 'orders_faults', persistent: true, port });
    const restartedAt = performance.now();
    await pollUntil(
      async () => ((await readyStatus()) === 200 ? true : undefined),
      '/readyz to answer 200 again',
      15_000,
      20,
      readyDetails,
    );
    const readyAgainMs = performance.now() - restartedAt;
    // The app's gate lets a trial request through each second: the first one served opens it.
    await pollUntil(
      async () => {
        const response = await fetch(`${orders.url}/products`);
        await response.arrayBuffer();
        return response.status === 200 ? true : undefined;
      },
      'GET /products to answer 200 again',
      15_000,
      50,
    );
    const servingAgainMs = performance.now() - restartedAt;
    const after = await runLoad({ url: orders.url, path: '/products', ratePerSecond: RATE, durationMs: 1500 });

    const downSummary = summarize(downSamples, isUnavailable);
    const beforeSummary = summarize(before);
    const statuses = (samples: readonly Sample[]) => {
      const counts: Record<string, number> = {};
      for (const sample of samples)
        counts[sample.status || (sample.error ?? 'none')] = (counts[sample.status || (sample.error ?? 'none')] ?? 0) + 1;
      return JSON.stringify(counts);
    };
    console.log(
      `Postgres stopped: /readyz 503 after ${ms(unreadyAfterMs)} (probe interval ${PROBE_INTERVAL_MS} ms); ` +
        `during the stop ${statuses(transitionSamples)}; while down ${downSummary.requests} requests ${statuses(downSamples)}, ` +
        `p50 ${ms(downSummary.p50)}, p99 ${ms(downSummary.p99)}, max ${ms(downSummary.max)} ` +
        `(served before the stop: p50 ${ms(beforeSummary.p50)}, p99 ${ms(beforeSummary.p99)}), peak pool waiters ${peakPending}; ` +
        `Postgres restarted in ${ms(restartedAt - restartAt)}, ready again ${ms(readyAgainMs)} later, serving again ${ms(servingAgainMs)} later; after: ${statuses(after)}`,
    );

    expect(unreadyAfterMs).toBeLessThan(PROBE_INTERVAL_MS + DETECTION_SLACK_MS);
    // While Postgres stops, a request either is served or is told the database is unavailable.
    expect(failures(transitionSamples, (status) => status === 200 || status === 503)).toEqual({});
    expect(failures(downSamples, isUnavailable)).toEqual({});
    // A request that queued for a connection would wait up to the pool's checkout timeout: none came near it.
    expect(downSummary.max).toBeLessThan(CONNECTION_TIMEOUT_MS);
    expect(peakPending).toBeLessThan(POOL_MAX);
    expect(failures(after)).toEqual({});
  });
});
