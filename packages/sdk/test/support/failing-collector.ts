import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket } from 'node:net';

/** A collector that is down, hangs or is overloaded, on 127.0.0.1 and an ephemeral port. */
export interface FailingCollector {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  /** Connections (hanging) or requests (503) that reached it so far. */
  readonly hits: number;
  close(): Promise<void>;
}

export type CollectorFault = 'refused' | 'hanging' | 'unavailable';

/** A port that was just free and that nothing listens on: connections to it are refused. */
async function refused(): Promise<FailingCollector> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return { url: `http://127.0.0.1:${port}`, hits: 0, close: async () => {} };
}

/** Accepts connections, reads what is sent and never answers. */
async function hanging(): Promise<FailingCollector> {
  const sockets = new Set<Socket>();
  let hits = 0;
  const server = createServer((socket) => {
    hits++;
    sockets.add(socket);
    socket.resume();
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get hits() {
      return hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers every request 503 (retryable in OTLP/HTTP) without Retry-After. */
async function unavailable(): Promise<FailingCollector> {
  let hits = 0;
  const server = createHttpServer((req, res) => {
    hits++;
    req.resume();
    req.on('end', () => res.writeHead(503, { 'content-type': 'text/plain' }).end('collector overloaded\n'));
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get hits() {
      return hits;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function startFailingCollector(fault: CollectorFault): Promise<FailingCollector> {
  if (fault === 'refused') return refused();
  return fault === 'hanging' ? hanging() : unavailable();
}
