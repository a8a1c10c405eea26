import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObserver } from '../src/index.js';

describe("trace.exporter: 'none'", () => {
  // A stand-in collector that counts the export requests it receives.
  let collector: Server;
  let endpoint: string;
  let exportRequests = 0;

  beforeAll(async () => {
    collector = createServer((req, res) => {
      exportRequests++;
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
  });
  afterAll(() => new Promise((resolve) => collector.close(resolve)));

  async function spansThrough(exporter: 'otlp' | 'none') {
    exportRequests = 0;
    const memory = new InMemorySpanExporter();
    const observer = createObserver({
      env: {},
      registerGlobal: false,
      log: { level: 'silent' },
      metrics: { defaultMetrics: false },
      trace: { exporter, endpoint, sampleRatio: 1 },
      spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
    });
    await observer.span('outer', () => observer.span('inner', () => 42));
    // Read before shutdown: shutting the in-memory exporter down empties it.
    const sampled = memory.getFinishedSpans().map((span) => span.name);
    await observer.shutdown(); // flushes whatever exporter there is
    return { sampled, exportRequests };
  }

  it('samples spans and hands them to the given processors, exporting nothing', async () => {
    expect(await spansThrough('none')).toEqual({ sampled: ['inner', 'outer'], exportRequests: 0 });
  });

  it("exports the same spans over OTLP with the default 'otlp' (the collector above is reachable)", async () => {
    expect(await spansThrough('otlp')).toEqual({ sampled: ['inner', 'outer'], exportRequests: 1 });
  });
});
