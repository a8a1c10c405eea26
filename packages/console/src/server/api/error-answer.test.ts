import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleLog, type LogLevel } from '../log/index.js';
import { QueryCancelledError } from '../store/index.js';
import { registerErrorAnswers } from './error-answer.js';
import { ApiRequestError } from './validate.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
});

function appWith(log: string[], level: LogLevel = 'debug'): FastifyInstance {
  app = Fastify({ logger: false });
  registerErrorAnswers(
    app,
    createConsoleLog(level, (message) => log.push(message)),
  );
  app.get('/broken', async () => {
    throw new TypeError('cannot read properties of undefined (reading "bucketMs")');
  });
  app.get('/refused', async () => {
    throw new ApiRequestError(400, 'bad_request', 'bad query parameter(s): since', [{ parameter: 'since', message: 'not a time' }]);
  });
  app.get('/cancelled', async () => {
    throw new QueryCancelledError();
  });
  return app;
}

describe('the API error answers', () => {
  it('reports a failure it answers with 500 once, with the request id, the route and the stack', async () => {
    const log: string[] = [];
    const response = await appWith(log).inject('/broken?since=1h');
    expect(response.statusCode).toBe(500);
    const body = response.json() as { error: string; message: string; requestId: string };
    expect(body).toEqual({ error: 'internal', message: 'the console failed to answer this query', requestId: expect.any(String) });
    expect(log).toHaveLength(1);
    expect(log[0]).toContain(`request ${body.requestId} (GET /broken?since=1h) failed with 500: TypeError: cannot read properties`);
    expect(log[0]).toMatch(/\n\s+at /);
  });

  it('reports a 500 at level error, the least verbose', async () => {
    const log: string[] = [];
    expect((await appWith(log, 'error').inject('/broken')).statusCode).toBe(500);
    expect(log).toHaveLength(1);
  });

  it('never writes a token query parameter into the 500 line', async () => {
    const log: string[] = [];
    await appWith(log).inject('/broken?token=s3cret-s3cret-s3cret&since=1h');
    expect(log[0]).toContain('(GET /broken?token=[redacted]&since=1h) failed with 500');
    expect(log[0]).not.toContain('s3cret');
  });

  it('reports nothing for a request it refuses: the answer names what to fix', async () => {
    const log: string[] = [];
    const response = await appWith(log).inject('/refused');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'bad_request',
      message: 'bad query parameter(s): since',
      issues: [{ parameter: 'since', message: 'not a time' }],
    });
    expect(log).toEqual([]);
  });

  it('answers a query its client left with 499, and says so at level debug only', async () => {
    const debug: string[] = [];
    const response = await appWith(debug, 'debug').inject('/cancelled?limit=5');
    expect(response.statusCode).toBe(499);
    expect(debug).toHaveLength(1);
    expect(debug[0]).toMatch(/^request \S+ \(GET \/cancelled\?limit=5\) cancelled: the client went away \(499\)$/);
    await app?.close();

    const info: string[] = [];
    expect((await appWith(info, 'info').inject('/cancelled')).statusCode).toBe(499);
    expect(info).toEqual([]);
  });
});
