import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RequestIdStamp, sentHeaders, stampRequestId } from './request-id-header.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

interface Served {
  /** The response head's lines as the client read them, status line first. */
  readonly head: string[];
  /** Header lines named `name`, any case. */
  lines(name: string): string[];
  /** What sentHeaders() gave after the response ended, and what getHeader(id) gave inside the handler. */
  readonly sent: OutgoingHttpHeaders;
  readonly seenByHandler: unknown;
}

/** Serves one request with `respond` after stamping `req-1`; returns the raw head the client read. */
async function serveOnce(respond: (res: ServerResponse) => void): Promise<Served> {
  let sent: OutgoingHttpHeaders = {};
  let seenByHandler: unknown;
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    const stamp: RequestIdStamp = {
      idHeader: 'x-request-id',
      request: { requestId: 'req-1' },
      writeHead: res.writeHead,
      headObject: undefined,
    };
    stampRequestId(res, stamp);
    seenByHandler = res.getHeader('x-request-id');
    res.once('finish', () => {
      sent = sentHeaders(res);
    });
    respond(res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.end('GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
  });
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).split('\r\n');
  return {
    head,
    lines: (name) => head.slice(1).filter((line) => line.toLowerCase().startsWith(`${name}:`)),
    sent,
    seenByHandler,
  };
}

describe('stampRequestId', () => {
  it('adds the id to a headers object handed to writeHead(), without changing the object', async () => {
    const headers = Object.freeze({ 'Content-Type': 'text/plain', 'content-length': 2 });
    const served = await serveOnce((res) => {
      res.writeHead(201, headers);
      res.end('ok');
    });
    expect(served.head[0]).toBe('HTTP/1.1 201 Created');
    expect(served.lines('x-request-id')).toEqual(['x-request-id: req-1']);
    expect(served.lines('content-type')).toEqual(['Content-Type: text/plain']);
    expect(Object.keys(headers)).toEqual(['Content-Type', 'content-length']);
    expect(served.seenByHandler).toBeUndefined();
    expect(served.sent).toMatchObject({ 'x-request-id': 'req-1', 'content-type': 'text/plain', 'content-length': 2 });
  });

  it('adds the id to a head Node writes by itself (end() without writeHead()), beside headers set before', async () => {
    const served = await serveOnce((res) => {
      res.statusCode = 404;
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    expect(served.head[0]).toBe('HTTP/1.1 404 Not Found');
    expect(served.lines('x-request-id')).toEqual(['x-request-id: req-1']);
    expect(served.lines('content-type')).toEqual(['content-type: application/json']);
    expect(served.sent).toMatchObject({ 'x-request-id': 'req-1', 'content-type': 'application/json' });
  });

  it('keeps a status message, and headers set before beside a headers object (the way Express sends)', async () => {
    const served = await serveOnce((res) => {
      res.setHeader('x-powered-by', 'test');
      res.writeHead(200, 'Fine', { 'content-type': 'text/plain' });
      res.end('ok');
    });
    expect(served.head[0]).toBe('HTTP/1.1 200 Fine');
    expect(served.lines('x-request-id')).toEqual(['x-request-id: req-1']);
    expect(served.lines('x-powered-by')).toEqual(['x-powered-by: test']);
    expect(served.lines('content-type')).toEqual(['content-type: text/plain']);
  });

  it.each([
    [
      'set with setHeader()',
      (res: ServerResponse) => {
        res.setHeader('X-Request-Id', 'mine');
        res.writeHead(200, { 'content-type': 'text/plain' });
      },
    ],
    ['in the headers object, in another case', (res: ServerResponse) => res.writeHead(200, { 'X-REQUEST-ID': 'mine' })],
    ['in raw header pairs', (res: ServerResponse) => res.writeHead(200, ['x-request-id', 'mine', 'content-type', 'text/plain'])],
    ['set with setHeader() before end()', (res: ServerResponse) => res.setHeader('x-request-id', 'mine')],
  ])('sends the app its own id header, once, when it sets one %s', async (_how, respond) => {
    const served = await serveOnce((res) => {
      respond(res);
      res.end('ok');
    });
    expect(served.lines('x-request-id').map((line) => line.split(': ')[1])).toEqual(['mine']);
    expect(served.sent['x-request-id']).toBe('mine');
  });

  it('leaves a second writeHead() to Node (which refuses it) and adds nothing after the head is sent', async () => {
    let refused: unknown;
    const served = await serveOnce((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      try {
        res.writeHead(500, { 'x-late': 'yes' });
      } catch (error) {
        refused = error;
      }
      res.end('ok');
    });
    expect((refused as NodeJS.ErrnoException).code).toBe('ERR_HTTP_HEADERS_SENT');
    expect(served.head[0]).toBe('HTTP/1.1 200 OK');
    expect(served.lines('x-late')).toEqual([]);
    expect(served.lines('x-request-id')).toEqual(['x-request-id: req-1']);
  });
});
