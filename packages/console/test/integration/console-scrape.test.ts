import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/server/console/index.js';
import { type SdkService, startSdkService, work } from '../support/sdk-service.js';
import { closedPortUrl, eventually } from '../support/test-servers.js';

describe('startConsole with --scrape targets', () => {
  let service: SdkService;
  let running: RunningConsole;
  let downUrl: string;

  beforeAll(async () => {
    service = await startSdkService('console-scrape-sdk');
    await work(service, 2);
    downUrl = await closedPortUrl('/metrics');
    running = await startConsole({
      memory: true,
      port: 0,
      otlpPort: 0,
      scrape: [`${service.baseUrl}/metrics`, downUrl],
      scrapeIntervalMs: 1_000,
    });
  });
  afterAll(async () => {
    await running?.close();
    await service?.close();
  });

  it('scrapes every target from the start into its store, a dead one as up 0', async () => {
    const up = await eventually(
      () => running.store.metricPoints({ name: 'up' }),
      (points) => new Set(points.map((point) => point.serviceName)).size === 2,
    );
    expect(up.find((point) => point.serviceName === service.hostPort)?.value).toBe(1);
    expect(up.find((point) => point.serviceName === new URL(downUrl).host)?.value).toBe(0);
    const requests = await running.store.metricPoints({ name: 'http_server_request_duration_seconds_count' });
    expect(requests.at(-1)).toMatchObject({ serviceName: service.hostPort, value: 2, source: 'scrape' });
    expect(running.scrapeTargets().map((target) => target.health)).toEqual(['up', 'down']);
  });

  it("knows each service's health from its /healthz, by the name the service reports", async () => {
    const health = await eventually(
      async () => running.healthOf('console-scrape-sdk'),
      (value) => value !== undefined,
    );
    expect(health).toMatchObject({ status: 'pass', url: `${service.baseUrl}/healthz` });
    expect(running.healthOf(new URL(downUrl).host)).toMatchObject({ status: 'fail' });
  });

  it('stops scraping before the store closes, and close() stays idempotent', async () => {
    await running.close();
    await running.close();
    await expect(running.store.metricNames()).rejects.toThrow();
  });
});
