import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createObserver, type Observer } from '@sightline/sdk';
import { sightlineHandler } from '@sightline/sdk/node';

/** A real Sightline SDK service on an ephemeral port of 127.0.0.1: /metrics, the probes, and a route. */
export interface SdkService {
  readonly observer: Observer;
  readonly baseUrl: string;
  /** host:port, the job the scraper gives it. */
  readonly hostPort: string;
  /** Trace ids of the requests served on /work, in order. */
  readonly traceIds: string[];
  /** What the `database` check answers (critical, readiness): flip it to make the service unready. */
  database: 'healthy' | 'unhealthy';
  close(): Promise<void>;
}

export async function startSdkService(serviceName: string): Promise<SdkService> {
  const observer = createObserver({
    serviceName,
    serviceVersion: '1.2.3',
    env: {},
    registerGlobal: false,
    trace: { enabled: true, sampleRatio: 1, exporter: 'none' },
    log: { destinations: [{ stream: { write: () => undefined } }], sampling: false },
    metrics: { defaultMetrics: false },
    http: { routes: ['/work'] },
    shutdownTimeoutMs: 1000,
  });
  const traceIds: string[] = [];
  const server: Server = createServer(
    sightlineHandler(observer, (req, res) => {
      if (req.url === '/metrics') return observer.metricsHandler(req, res);
      if (req.url === '/work') {
        traceIds.push(observer.requestContext()?.span.spanContext().traceId ?? '');
        res.statusCode = 200;
        res.end('done');
        return;
      }
      res.statusCode = 404;
      res.end();
    }),
  );
  const service: SdkService = {
    observer,
    baseUrl: '',
    hostPort: '',
    traceIds,
    database: 'healthy',
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await observer.shutdown();
    },
  };
  observer.health.register({ name: 'database', intervalMs: 0, check: () => ({ status: service.database }) });
  observer.health.markStarted();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  Object.assign(service, { baseUrl: `http://127.0.0.1:${port}`, hostPort: `127.0.0.1:${port}` });
  return service;
}

/** Sends `count` requests to /work, one after another. */
export async function work(service: SdkService, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await (await fetch(`${service.baseUrl}/work`)).text();
}
