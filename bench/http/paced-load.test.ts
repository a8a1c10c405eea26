import { createServer, type Server } from 'node:http';
import { type AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad } from './paced-load.js';
import { ResponseFramer, ResponseFramingError } from './response-framer.js';

describe('ResponseFramer', () => {
  const framed = (...chunks: string[]) => {
    const statuses: number[] = [];
    const framer = new ResponseFramer((status) => statuses.push(status));
    for (const chunk of chunks) framer.push(Buffer.from(chunk, 'latin1'));
    return { statuses, pending: framer.pendingBytes };
  };

  it('frames Content-Length responses split anywhere, and two in one chunk', () => {
    const one = 'HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{"ok":true}';
    const two = 'HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\n{}';
    for (let cut = 1; cut < one.length; cut++) {
      expect(framed(one.slice(0, cut), one.slice(cut) + two)).toEqual({ statuses: [200, 404], pending: 0 });
    }
    expect(framed(one.slice(0, -1))).toEqual({ statuses: [], pending: one.length - 1 });
  });

  it('frames chunked responses, trailers included', () => {
    const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nabc\r\n0\r\n\r\n';
    const trailer = 'HTTP/1.1 500 Error\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\nX-Sum: 1\r\n\r\n';
    for (let cut = 1; cut < chunked.length; cut++) {
      expect(framed(chunked.slice(0, cut), chunked.slice(cut), trailer)).toEqual({ statuses: [200, 500], pending: 0 });
    }
  });

  it('refuses bytes that are not a response', () => {
    expect(() => framed('GET / HTTP/1.1\r\n\r\n')).toThrow(ResponseFramingError);
  });
});

describe('pacedLoad', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const listen = (handler: Parameters<typeof createServer>[1]) =>
    new Promise<number>((resolve) => {
      const created = createServer(handler);
      server = created;
      created.listen(0, '127.0.0.1', () => resolve((created.address() as AddressInfo).port));
    });

  it('spreads the rate over the second instead of sending it at once', async () => {
    const arrivals: number[] = [];
    const port = await listen((_req, res) => {
      arrivals.push(performance.now());
      res.writeHead(200, { 'content-length': 2 }).end('{}');
    });
    const result = await pacedLoad({ port, rate: 400, connections: 10, seconds: 1 });
    expect(result.errors).toBe(0);
    expect(result.requests).toBe(arrivals.length);
    expect(result.requests).toBeGreaterThanOrEqual(390);
    expect(result.requests).toBeLessThanOrEqual(400);
    // Evenly paced, a 100 ms window holds ~40 requests; autocannon's overallRate puts all 400 in the first one.
    let most = 0;
    for (let i = 0, j = 0; i < arrivals.length; i++) {
      while ((arrivals[i] as number) - (arrivals[j] as number) > 100) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThan(200);
  });

  it('counts responses that are not 2xx and closed connections as errors, and goes on', async () => {
    let served = 0;
    const port = await listen((req, res) => {
      served++;
      if (served % 10 === 0) req.socket.destroy();
      else res.writeHead(served % 10 === 5 ? 503 : 200, { 'content-length': 2 }).end('{}');
    });
    const result = await pacedLoad({ port, rate: 200, connections: 4, seconds: 0.5 });
    expect(served).toBeGreaterThanOrEqual(90);
    expect(result.requests).toBe(served - Math.floor(served / 10));
    expect(result.errors).toBe(Math.floor(served / 10) + Math.floor((served + 5) / 10));
  });

  it('fails when the server refuses the connections, and leaves nothing reconnecting', async () => {
    const port = await listen(() => undefined);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const openSockets = () =>
      (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().filter((h) => h instanceof Socket && !h.destroyed);
    const before = openSockets().length;
    await expect(pacedLoad({ port, rate: 100, connections: 3, seconds: 0.2 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // A run that went on reconnecting would keep opening sockets (and keep the process alive).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openSockets().length).toBe(before);
  });

  it('refuses a rate, connection count or duration that is not positive', () => {
    expect(() => pacedLoad({ port: 1, rate: 0, connections: 1, seconds: 1 })).toThrow(RangeError);
    expect(() => pacedLoad({ port: 1, rate: 10, connections: 0, seconds: 1 })).toThrow(/connections/);
  });
});
