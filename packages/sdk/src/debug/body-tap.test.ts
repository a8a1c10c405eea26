import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/index.js';
import { BodyCapture, requestTapOf, responseCaptureOf, tapRequestBody, tapResponseBody } from './body-tap.js';

describe('BodyCapture', () => {
  it('keeps the first bytes up to the limit and counts them all', () => {
    const capture = new BodyCapture(5);
    capture.add(Buffer.from('abc'), undefined);
    capture.add('défg', 'utf8');
    capture.add('68', 'hex');

    expect(capture.total).toBe(3 + 5 + 1);
    expect(capture.bytes()).toEqual(Buffer.concat([Buffer.from('abcd'), Buffer.from([0xc3])]));
    expect(capture.truncated).toBe(true);
  });

  it('copies chunks, so an app reusing its buffer does not change what was captured', () => {
    const capture = new BodyCapture(10);
    const chunk = Buffer.from('abc');
    capture.add(chunk, undefined);
    chunk.write('xyz');

    expect(capture.bytes().toString()).toBe('abc');
    expect(capture.truncated).toBe(false);
  });

  it('ignores callbacks and empty chunks', () => {
    const capture = new BodyCapture(10);
    capture.add(() => {}, undefined);
    capture.add(undefined, undefined);

    expect(capture.total).toBe(0);
  });
});

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (server === undefined) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
  server = undefined;
});

/** Serves one handler on an ephemeral port; `send` posts `chunks` with pauses between them. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return (chunks: readonly string[]) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ port, method: 'POST', path: '/', headers: { 'content-type': 'text/plain' } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
      });
      req.on('error', reject);
      (async () => {
        // One write each, flushed before the next: the body reaches the parser in several pieces.
        for (const chunk of chunks) await new Promise((flushed) => req.write(chunk, flushed));
        req.end();
      })().catch(reject);
    });
}

describe('tapRequestBody', () => {
  it('sees every chunk while an app reading late still receives the whole body', async () => {
    const seen: { captured: string; read: string }[] = [];
    const send = await serve((req, res) => {
      tapRequestBody(req, 1024);
      // The app reads only after the whole body arrived: nothing may have been handed out before.
      const tap = requestTapOf(req);
      const readLater = async () => {
        await eventually(() => ((tap?.capture.total ?? 0) >= 9 ? true : undefined), 'the whole body pushed');
        const parts: Buffer[] = [];
        for await (const part of req) parts.push(part as Buffer);
        seen.push({ captured: tap?.capture.bytes().toString() ?? '', read: Buffer.concat(parts).toString() });
        res.end('ok');
      };
      readLater().catch((error: unknown) => res.destroy(error as Error));
    });

    const answer = await send(['abc', 'def', 'ghi']);

    expect(answer).toEqual({ status: 200, body: 'ok' });
    expect(seen).toEqual([{ captured: 'abcdefghi', read: 'abcdefghi' }]);
  });

  it('leaves a stream the app never reads paused', async () => {
    const flowing: (boolean | null)[] = [];
    const send = await serve((req, res) => {
      tapRequestBody(req, 1024);
      flowing.push(req.readableFlowing);
      req.once('readable', () => {
        flowing.push(req.readableFlowing);
        res.end(String(requestTapOf(req)?.capture.total));
      });
    });

    const answer = await send(['abc']);

    expect(answer.body).toBe('3');
    expect(flowing).toEqual([null, false]);
  });
});

describe('tapResponseBody', () => {
  it('captures what write() and end() send, in the encodings given', async () => {
    const captured: string[] = [];
    const send = await serve((req, res) => {
      tapResponseBody(res, 1024);
      req.resume();
      res.write('hello ');
      res.write(Buffer.from('wide '));
      res.write('776f726c64', 'hex');
      res.end('!', () => captured.push(responseCaptureOf(res)?.bytes().toString() ?? ''));
    });

    const answer = await send(['x']);

    expect(answer.body).toBe('hello wide world!');
    expect(captured).toEqual(['hello wide world!']);
  });
});
