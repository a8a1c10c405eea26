import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultyCollector, startFaultyCollector } from './support/collector.js';
import { failures, ms, startLoad, summarize } from './support/load.js';
import { pollUntil, scrape } from './support/metrics.js';
import { type Service, startService } from './support/service.js';

/** Every charge takes this long, so a SIGTERM lands while many are in flight. */
const CHARGE_MS = 500;
const RATE = 120;

let directory: string;
let collector: FaultyCollector;
const services: Service[] = [];

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'sightline-faults-sigterm-'));
  collector = await startFaultyCollector();
});

afterAll(async () => {
  await Promise.all(services.map((service) => service.destroy()));
  await collector?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

async function startPayments(name: string): Promise<Service> {
  const service = await startService(
    'examples/payments/src/main.ts',
    {
      PORT: '0',
      PAYMENTS_FAILURE_RATE: '0',
      PAYMENTS_ERROR_RATE: '0',
      PAYMENTS_SLOW_RATE: '1',
      PAYMENTS_SLOW_MS: String(CHARGE_MS),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    },
    join(directory, `${name}.log`),
  );
  services.push(service);
  return service;
}

/** Serves load until about RATE * CHARGE_MS requests are in flight, then SIGTERM; the load stops sending at that instant. */
async function terminateUnderLoad(service: Service) {
  const load = startLoad({
    url: service.url,
    method: 'POST',
    path: '/charges',
    body: { order_id: 7, amount_cents: 990, currency: 'EUR' },
    ratePerSecond: RATE,
    durationMs: 60_000,
  });
  // Past one charge duration the in-flight count is at its steady state.
  await pollUntil(async () => (load.sent >= RATE * (CHARGE_MS / 1000) * 2 ? true : undefined), 'the load to ramp up', 10_000, 10);
  load.stop();
  // In flight means being served: wait until the service counts every request not yet answered
  // as active, so none is still on its way (a request racing the close is not an in-flight one).
  await pollUntil(
    async () => {
      const active = (await scrape(service.url, 'http_server_active_requests')).total;
      return active > 0 && active === load.sent - load.completed ? true : undefined;
    },
    'every request sent to be in flight at the service',
    10_000,
    5,
  );
  const signalledAt = performance.now();
  service.kill('SIGTERM');
  const [samples, status] = await Promise.all([load.done, service.exited]);
  return { samples, status, signalledAt, shutdownMs: performance.now() - signalledAt };
}

describe('SIGTERM under concurrent load (payments example)', () => {
  it('finishes every in-flight request, flushes their spans to the collector, and exits 0', async () => {
    await collector.setMode('healthy');
    const service = await startPayments('healthy');
    const { samples, status, signalledAt, shutdownMs } = await terminateUnderLoad(service);
    const inFlight = samples.filter((sample) => sample.sentAt + sample.latencyMs > signalledAt).length;
    const summary = summarize(samples);
    // The collector stores a batch before answering it, so whatever the service flushed before exiting is here now.
    const unexported = samples.filter((sample) => !collector.hasServerSpan(sample.traceId)).length;
    console.log(
      `SIGTERM (healthy collector): ${summary.requests} requests, ${inFlight} in flight at the signal, ${summary.failed} failed ${JSON.stringify(failures(samples))}; ` +
        `exit ${JSON.stringify(status)} after ${ms(shutdownMs)}; ${summary.requests - unexported}/${summary.requests} server spans at the collector`,
    );
    expect(failures(samples)).toEqual({});
    expect(status).toEqual({ code: 0, signal: null });
    expect(unexported).toBe(0);
  });

  // Depends on the fix of issue 10's defect 3 (a dead collector made shutdown wait out its timeout and exit 1).
  it('exits 0 within 2 s of the drain when the collector is down, every in-flight request answered', async () => {
    await collector.setMode('healthy');
    const service = await startPayments('collector-down');
    await collector.setMode('down');
    const { samples, status, shutdownMs } = await terminateUnderLoad(service);
    const summary = summarize(samples);
    console.log(
      `SIGTERM (collector down): ${summary.requests} requests, ${summary.failed} failed ${JSON.stringify(failures(samples))}; exit ${JSON.stringify(status)} after ${ms(shutdownMs)} ` +
        `(drain takes up to ${CHARGE_MS} ms); stderr: ${service.stderr().trim().split('\n').slice(-2).join(' | ')}`,
    );
    expect(failures(samples)).toEqual({});
    expect(status).toEqual({ code: 0, signal: null });
    expect(shutdownMs).toBeLessThan(CHARGE_MS + 2000);
  });
});
