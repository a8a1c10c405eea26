import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeTraceRequest, SpanKind } from '@sightline/otlp';

/**
 * healthy: decodes and keeps the spans (a real OTLP/HTTP receiver). down: the port is closed
 * (connection refused). unavailable: every export is answered 503. hanging: exports are
 * accepted and read, and never answered.
 */
export type CollectorMode = 'healthy' | 'down' | 'unavailable' | 'hanging';

export interface FaultyCollector {
  /** Base URL, for OTEL_EXPORTER_OTLP_ENDPOINT; the port stays the same through every mode. */
  readonly url: string;
  readonly mode: CollectorMode;
  /** Spans received while healthy. */
  readonly spanCount: number;
  /** Export requests received, by the mode they arrived in. */
  readonly requests: Readonly<Record<CollectorMode, number>>;
  setMode(mode: CollectorMode): Promise<void>;
  /** Trace ids of the SERVER spans received so far. */
  hasServerSpan(traceId: string): boolean;
  /** Resolves once every trace id has its SERVER span; rejects after timeoutMs naming how many are missing. */
  waitForServerSpans(traceIds: readonly string[], timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

/** An in-test OTLP/HTTP trace collector on 127.0.0.1 whose failure mode the test switches. */
export async function startFaultyCollector(): Promise<FaultyCollector> {
  let mode: CollectorMode = 'healthy';
  let spanCount = 0;
  const serverTraces = new Set<string>();
  const requests: Record<CollectorMode, number> = { healthy: 0, down: 0, unavailable: 0, hanging: 0 };
  const waiters = new Set<() => void>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const arrivedIn = mode;
    requests[arrivedIn]++;
    const body = await readBody(req);
    if (arrivedIn === 'hanging') return; // read, never answered: the exporter's own timeout must end it
    if (arrivedIn === 'unavailable') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('collector unavailable\n');
      return;
    }
    if (req.url !== '/v1/traces' || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    for (const { scopeSpans } of decodeTraceRequest(body, 'protobuf').resourceSpans) {
      for (const { spans } of scopeSpans) {
        for (const span of spans) {
          spanCount++;
          if (span.kind === SpanKind.SERVER) serverTraces.add(span.traceId);
        }
      }
    }
    res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end();
    for (const waiter of waiters) waiter();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(400).end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const listen = async () => {
    if (server.listening) return;
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
  };
  const closePort = async () => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A collector that went away takes its connections with it.
    server.closeAllConnections();
    await closed;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    get spanCount() {
      return spanCount;
    },
    requests,
    async setMode(next) {
      if (next === 'down') await closePort();
      else await listen();
      mode = next;
    },
    hasServerSpan: (traceId) => serverTraces.has(traceId),
    waitForServerSpans(traceIds, timeoutMs) {
      const missing = () => traceIds.filter((traceId) => !serverTraces.has(traceId));
      if (missing().length === 0) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (missing().length > 0) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${missing().length} of ${traceIds.length} traces had no SERVER span at the collector after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    async close() {
      for (const waiter of waiters) waiters.delete(waiter);
      await closePort();
    },
  };
}
