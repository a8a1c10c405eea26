import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sightlineHandler } from '../src/adapters/node.js';
import { createObserver, type Observer } from '../src/index.js';
import { eventually } from '../src/testing/index.js';
import { startFailingCollector } from './support/failing-collector.js';

type LogLine = Record<string, unknown>;

const REQUEST_FIELDS = ['request_id', 'trace_id', 'span_id', 'user_id'];
const requestFieldsOf = (line: LogLine | undefined) => REQUEST_FIELDS.filter((field) => line !== undefined && field in line);

let observer: Observer | undefined;
let server: Server | undefined;
afterEach(async () => {
  if (server !== undefined) await new Promise((resolve) => server?.close(resolve));
  await observer?.shutdown();
  server = undefined;
  observer = undefined;
});

/** An observer whose lines are collected, serving `handler` on an ephemeral port; resolves with the base URL. */
async function serving(
  options: Parameters<typeof createObserver>[0],
  handler: (observer: Observer) => Promise<void> | void,
): Promise<{ url: string; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const created = createObserver({
    serviceName: 'background-context',
    registerGlobal: false,
    metrics: { defaultMetrics: false },
    ...options,
    log: { destinations: [{ stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } }], sampling: false },
  });
  observer = created;
  server = createServer(
    sightlineHandler(created, async (_req, res) => {
      created.setUser('u-42');
      await handler(created);
      created.logger.info('handled');
      res.end('ok');
    }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines };
}

describe('background work runs outside the request that started it', () => {
  it("writes the export failure of a batch that a request filled without that request's ids", async () => {
    const collector = await startFailingCollector('refused');
    const { url, lines } = await serving(
      { env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }, trace: { maxExportBatchSize: 4, exportTimeoutMs: 300 } },
      (served) => {
        // The fourth span ends inside the request and fills the batch.
        for (let i = 0; i < 4; i++) served.span(`step ${i}`, () => undefined);
      },
    );

    expect(await (await fetch(`${url}/checkout`, { headers: { 'x-request-id': 'req-filled-the-batch' } })).text()).toBe('ok');

    const failure = await eventually(() => lines.find((line) => line.component === 'trace-export'), 'the export failure line');
    expect((failure.err as LogLine).type).toBe('OtlpExportError');
    expect(requestFieldsOf(failure)).toEqual([]);
    // The request's own line does carry them: its context was live while it filled the batch.
    expect(lines.find((line) => line.msg === 'handled')).toMatchObject({ request_id: 'req-filled-the-batch', user_id: 'u-42' });
  });

  it("runs a health check started by a request, and logs its outcome, without that request's ids", async () => {
    const { url, lines } = await serving({ env: {}, trace: { exporter: 'none' } }, async (served) => {
      await served.health.evaluate('ready');
    });
    observer?.health.register({
      name: 'database',
      check: () => {
        observer?.logger.info('pinging the database');
        return { status: 'unhealthy', message: 'connection refused' };
      },
    });

    expect(await (await fetch(`${url}/orders`, { headers: { 'x-request-id': 'req-ran-the-check' } })).text()).toBe('ok');

    const ping = lines.find((line) => line.msg === 'pinging the database');
    const outcome = lines.find((line) => line.msg === 'health check unhealthy');
    expect(ping).toBeDefined();
    expect(outcome).toMatchObject({ check: 'database', reason: 'connection refused' });
    expect(requestFieldsOf(ping)).toEqual([]);
    expect(requestFieldsOf(outcome)).toEqual([]);
    expect(lines.find((line) => line.msg === 'handled')).toMatchObject({ request_id: 'req-ran-the-check', user_id: 'u-42' });
  });

  it("gives the app observer.inBackground(): a loop a request starts logs and captures without that request's ids", async () => {
    const timers: NodeJS.Timeout[] = [];
    try {
      const { url, lines } = await serving({}, (served) => {
        // Inherited: the request's context rides along with its timer, as async work in Node does.
        timers.push(setTimeout(() => served.logger.info('inherited tick'), 5));
        served.inBackground(() => {
          timers.push(
            setTimeout(() => {
              served.logger.info('background tick');
              served.errors.capture(new Error('background job failed'));
            }, 5),
          );
        });
      });
      await fetch(url);
      const tick = await eventually(() => lines.find((line) => line.msg === 'background tick'), 'the background tick');
      const captured = await eventually(() => lines.find((line) => line.msg === 'error captured'), 'the background capture');
      expect(requestFieldsOf(tick)).toEqual([]);
      expect(requestFieldsOf(captured)).toEqual([]);
      // What the helper is for: without it the line names the request.
      const inherited = await eventually(() => lines.find((line) => line.msg === 'inherited tick'), 'the inherited tick');
      expect(requestFieldsOf(inherited)).toEqual(REQUEST_FIELDS);
      expect(observer?.inBackground(() => observer?.requestContext())).toBeUndefined();
    } finally {
      for (const timer of timers) clearTimeout(timer);
    }
  });
});
