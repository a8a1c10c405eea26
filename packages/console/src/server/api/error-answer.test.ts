import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerErrorAnswers } from './error-answer.js';
import { ApiRequestError } from './validate.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
});

function appWith(log: string[]): FastifyInstance {
  app = Fastify({ logger: false });
  registerErrorAnswers(app, (message) => log.push(message));
  app.get('/broken', async () => {
    throw new TypeError('cannot read properties of undefined (reading "bucketMs")');
  });
  app.get('/refused', async () => {
    throw new ApiRequestError(400, 'bad_request', 'bad query parameter(s): since', [{ parameter: 'since', message: 'not a time' }]);
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
});
