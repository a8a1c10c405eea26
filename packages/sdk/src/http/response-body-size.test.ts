import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type BodyCounter, countBodyBytes, responseBodyBytes } from './response-body-size.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Serves one request with `respond`, counting its body; resolves with what the client read and the count. */
async function serveOnce(respond: (res: ServerResponse) => void, method = 'GET') {
  let counted: { counter: BodyCounter; finished: Promise<void> } | undefined;
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    const counter: BodyCounter = { bodyBytes: 0, write: res.write, end: res.end };
    countBodyBytes(res, counter);
    counted = { counter, finished: new Promise((resolve) => res.once('close', () => resolve())) };
    respond(res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method });
  const body = Buffer.from(await response.arrayBuffer());
  await counted?.finished;
  return { body, status: response.status, counter: counted?.counter as BodyCounter };
}

describe('countBodyBytes', () => {
  it('counts strings by their encoded length in the encoding they were written with, and buffers by their size', async () => {
    const { body, counter } = await serveOnce((res) => {
      res.write('é✓');
      res.write('ff00', 'hex');
      res.write(Buffer.from([1, 2, 3]));
      res.write(new Uint8Array(4));
      res.end('café', 'latin1');
    });

    expect(body.byteLength).toBe(5 + 2 + 3 + 4 + 4);
    expect(counter.bodyBytes).toBe(body.byteLength);
  });

  it('counts end(chunk, callback) and end(callback) the way Node reads their arguments', async () => {
    let callbacks = 0;
    const { body, counter } = await serveOnce((res) => {
      res.write('abc', () => callbacks++);
      res.end('de', () => callbacks++);
    });

    expect(body.toString()).toBe('abcde');
    expect(counter.bodyBytes).toBe(5);
    expect(callbacks).toBe(2);
  });

  it('does not count what is written after end()', async () => {
    const { counter } = await serveOnce((res) => {
      res.end('done');
      res.on('error', () => {});
      res.write('too late', () => {});
      res.end('and again');
    });

    expect(counter.bodyBytes).toBe(4);
  });
});

describe('responseBodyBytes', () => {
  it('is 0 for HEAD, 204 and 304, whose bodies Node never sends', async () => {
    const head = await serveOnce((res) => res.end('ignored'), 'HEAD');
    expect(head.body.byteLength).toBe(0);
    expect(responseBodyBytes('HEAD', head.status, head.counter)).toBe(0);

    const counter: BodyCounter = { bodyBytes: 7, write: (() => true) as never, end: (() => undefined) as never };
    expect(responseBodyBytes('GET', 204, counter)).toBe(0);
    expect(responseBodyBytes('GET', 304, counter)).toBe(0);
    expect(responseBodyBytes('GET', 200, counter)).toBe(7);
  });
});
