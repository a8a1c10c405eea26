import { createServer } from 'node:http';
import { SpanStatusCode } from '@opentelemetry/api';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sightlineExpress, sightlineExpressErrors } from '../src/adapters/express.js';
import { sightlineFastify } from '../src/adapters/fastify.js';
import { sightlineHandler } from '../src/adapters/node.js';
import { addExceptionAttributes } from '../src/log/exception-attributes.js';
import { eventually } from '../src/testing/index.js';
import { createObserverHarness, type LogLine, type ObserverHarness } from './support/observer-harness.js';
import { baseUrlOf, listen, type RunningApp } from './support/running-app.js';

const unavailable = () => Object.assign(new Error('replica lagging'), { status: 503 });

/** Sends a request with an id and waits for its access line: by then the capture (if any) is written. */
async function request(harness: ObserverHarness, baseUrl: string, path: string, requestId: string) {
  const response = await fetch(`${baseUrl}${path}`, { headers: { 'x-request-id': requestId } });
  const body = await response.text();
  const access = await eventually(
    () => harness.lines.find((line) => line.msg === 'request completed' && line.request_id === requestId),
    `the access line of ${requestId}`,
  );
  const captured = harness.lines.filter((line: LogLine) => line.msg === 'error captured' && line.request_id === requestId);
  // This request's span, not an earlier one of the same path.
  const span = harness.spans().find((candidate) => candidate.spanContext().spanId === access.span_id);
  return { status: response.status, body, captured, span };
}

/** The failed request's exception event names the captured event and its group, as a manual capture's does. */
function expectExceptionEventLinkedToCapture(sent: Awaited<ReturnType<typeof request>>): void {
  expect(sent.captured).toHaveLength(1);
  const [line] = sent.captured as [LogLine];
  expect(line.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  const exception = sent.span?.events.find((event) => event.name === 'exception');
  expect(exception?.attributes).toMatchObject({
    'sightline.error.fingerprint': line.fingerprint,
    'sightline.error.event_id': line.event_id,
  });
}

describe('Express error recovery', () => {
  let harness: ObserverHarness;
  let app: RunningApp;

  beforeAll(async () => {
    harness = createObserverHarness('express-recovery');
    const server = express();
    server.use(sightlineExpress(harness.observer));
    server.get('/unavailable', () => {
      throw unavailable();
    });
    server.get('/teapot', () => {
      throw Object.assign(new Error('short and stout'), { status: 418 });
    });
    server.use(sightlineExpressErrors(harness.observer));
    server.use(((error, _req, res, _next) => {
      res.status(error.status).json({ handled_by: 'app' });
    }) as express.ErrorRequestHandler);
    app = await listen(createServer(server));
  });

  afterAll(async () => {
    await app?.close();
    await harness?.observer.shutdown();
  });

  it('keeps a 5xx status the error carries, answers JSON itself and captures it', async () => {
    const sent = await request(harness, app.baseUrl, '/unavailable', 'express-503');
    expect(sent.status).toBe(503);
    expect(JSON.parse(sent.body)).toEqual({ error: 'Service Unavailable', statusCode: 503, request_id: 'express-503' });
    expect(sent.captured).toHaveLength(1);
  });

  it('links the exception event of the failed request to its captured event and group', async () => {
    expectExceptionEventLinkedToCapture(await request(harness, app.baseUrl, '/unavailable', 'express-503-linked'));
  });

  it("hands a 4xx error on to the app's next error handler, uncaptured", async () => {
    const sent = await request(harness, app.baseUrl, '/teapot', 'express-418');
    expect(sent.status).toBe(418);
    expect(JSON.parse(sent.body)).toEqual({ handled_by: 'app' });
    expect(sent.captured).toHaveLength(0);
    expect(sent.span?.status.code).not.toBe(SpanStatusCode.ERROR);
  });
});

describe('Fastify error recovery', () => {
  let harness: ObserverHarness;
  let app: FastifyInstance;
  let baseUrl: string;

  beforeAll(async () => {
    harness = createObserverHarness('fastify-recovery');
    app = Fastify();
    await app.register(sightlineFastify(harness.observer));
    // The app's own error handler: Sightline sets none, so this one is allowed and used.
    app.setErrorHandler((error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      return reply.code(status).send({ handled_by: 'app', status });
    });
    app.get('/boom', async () => {
      throw new Error('database on fire');
    });
    app.get<{ Querystring: { n: number } }>(
      '/validated',
      { schema: { querystring: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } },
      async (req) => ({ n: req.query.n }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = baseUrlOf(app.server);
  });

  afterAll(async () => {
    await app?.close();
    await harness?.observer.shutdown();
  });

  it("leaves the reply to the app's error handler and still captures a server error once", async () => {
    const sent = await request(harness, baseUrl, '/boom', 'fastify-500');
    expect(sent.status).toBe(500);
    expect(JSON.parse(sent.body)).toEqual({ handled_by: 'app', status: 500 });
    expect(sent.captured).toHaveLength(1);
    expect(sent.captured[0]).toMatchObject({ route: '/boom', err: { message: 'database on fire' } });
    expect(sent.span?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('links the exception event of the failed request to its captured event and group', async () => {
    expectExceptionEventLinkedToCapture(await request(harness, baseUrl, '/boom', 'fastify-500-linked'));
  });

  it('neither fails the span nor captures a validation error (400)', async () => {
    const sent = await request(harness, baseUrl, '/validated', 'fastify-400');
    expect(sent.status).toBe(400);
    expect(sent.captured).toHaveLength(0);
    expect(sent.span?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(sent.span?.events.some((event) => event.name === 'exception')).toBe(false);
  });
});

describe('node:http error recovery', () => {
  let harness: ObserverHarness;
  let app: RunningApp;

  beforeAll(async () => {
    harness = createObserverHarness('node-recovery', ['/reports/:id']);
    app = await listen(
      createServer(
        sightlineHandler(harness.observer, async () => {
          throw new Error('report generator out of memory');
        }),
      ),
    );
  });

  afterAll(async () => {
    await app?.close();
    await harness?.observer.shutdown();
  });

  it('links the exception event of the failed request to its captured event and group', async () => {
    const sent = await request(harness, app.baseUrl, '/reports/3', 'node-500-linked');
    expect(sent.status).toBe(500);
    expect(sent.captured[0]).toMatchObject({ route: '/reports/:id', err: { message: 'report generator out of memory' } });
    expectExceptionEventLinkedToCapture(sent);
  });
});

describe('thrown values that are no errors', () => {
  let harness: ObserverHarness;
  let app: RunningApp;
  const THROWN: Record<string, unknown> = {
    '/object': { message: 'plain object', password: 'hunter2' },
    '/string': 'a string thrown',
    '/number': 42,
  };

  beforeAll(async () => {
    harness = createObserverHarness('non-error-throws', ['/object', '/string', '/number']);
    app = await listen(
      createServer(
        sightlineHandler(harness.observer, async (req) => {
          throw THROWN[req.url ?? ''];
        }),
      ),
    );
  });

  afterAll(async () => {
    await app?.close();
    await harness?.observer.shutdown();
  });

  it.each([
    ['/object', '{"message":"plain object","password":"[REDACTED]"}'],
    ['/string', 'a string thrown'],
    ['/number', '42'],
  ])('%s: the access line, the capture and the span name one group, with the censored value as the message', async (path, message) => {
    const requestId = `non-error${path.replace('/', '-')}`;
    const sent = await request(harness, app.baseUrl, path, requestId);
    expect(sent.status).toBe(500);
    expectExceptionEventLinkedToCapture(sent);
    const [captured] = sent.captured as [LogLine];
    const access = harness.lines.find((line) => line.msg === 'request completed' && line.request_id === requestId) as LogLine;
    // The access line names the group the tracker counted the throw in…
    expect(access).toMatchObject({ fingerprint: captured.fingerprint, error_type: 'NonError' });
    // …so both lines' OTLP exception attributes (what the console groups by) are that group,
    // where the access line of a thrown object was a group of its own ("Object") and a thrown
    // string's had none.
    for (const line of [access, captured]) {
      const attributes: Record<string, unknown> = {};
      addExceptionAttributes(line, attributes, process.cwd());
      expect(attributes).toMatchObject({ 'exception.type': 'NonError', 'sightline.error.fingerprint': captured.fingerprint });
    }
    // The span says the value, censored, not String()'s "[object Object]".
    const exception = sent.span?.events.find((event) => event.name === 'exception');
    expect(exception?.attributes?.['exception.message']).toBe(message);
    expect(sent.span?.status).toMatchObject({ code: SpanStatusCode.ERROR, message });
    expect(JSON.stringify(harness.lines)).not.toContain('hunter2');
  });
});

/** An error whose stack getter throws (as a lazily formatted or hostile error can), with a field getter that throws too. */
function hostileError(message: string): Error {
  const error = new Error(message);
  Object.defineProperty(error, 'stack', {
    get() {
      throw new Error('stack getter exploded');
    },
  });
  Object.defineProperty(error, 'details', {
    enumerable: true,
    get() {
      throw new Error('details getter exploded');
    },
  });
  return error;
}

/** A Proxy around an error whose traps throw for the fields an error handler reads. */
function proxiedError(message: string): Error {
  return new Proxy(new Error(message), {
    get(target, key) {
      if (key === 'code' || key === 'status') throw new Error('get trap');
      return Reflect.get(target, key);
    },
    ownKeys() {
      throw new Error('ownKeys trap');
    },
  });
}

describe('thrown errors whose getters or proxy traps throw', () => {
  const apps: RunningApp[] = [];
  let harness: ObserverHarness;
  let nodeUrl: string;
  let expressUrl: string;
  let fastify: FastifyInstance;
  let fastifyUrl: string;

  beforeAll(async () => {
    harness = createObserverHarness('hostile-errors', ['/getter', '/proxy']);
    const node = await listen(
      createServer(
        sightlineHandler(harness.observer, async (req) => {
          throw req.url === '/proxy' ? proxiedError('node proxy') : hostileError('node getter');
        }),
      ),
    );
    apps.push(node);
    nodeUrl = node.baseUrl;
    const server = express();
    server.use(sightlineExpress(harness.observer));
    server.get('/getter', async () => {
      throw hostileError('express getter');
    });
    server.get('/proxy', async () => {
      throw proxiedError('express proxy');
    });
    server.use(sightlineExpressErrors(harness.observer));
    const expressApp = await listen(createServer(server));
    apps.push(expressApp);
    expressUrl = expressApp.baseUrl;
    fastify = Fastify();
    await fastify.register(sightlineFastify(harness.observer));
    fastify.get('/getter', async () => {
      throw hostileError('fastify getter');
    });
    fastifyUrl = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await fastify?.close();
    await harness?.observer.shutdown();
  });

  it.each([
    ['node:http', '/getter', () => nodeUrl, 'node getter'],
    ['node:http', '/proxy', () => nodeUrl, 'node proxy'],
    ['Express', '/getter', () => expressUrl, 'express getter'],
    ['Express', '/proxy', () => expressUrl, 'express proxy'],
    ['Fastify', '/getter', () => fastifyUrl, 'fastify getter'],
  ])('%s %s: a JSON 500, captured once with its message, the service still up', async (framework, path, url, message) => {
    const requestId = `hostile-${framework.replace(/\W/g, '')}${path.replace('/', '-')}`;
    const sent = await request(harness, url(), path, requestId);
    expect(sent.status).toBe(500);
    // Never Express's HTML page (it showed the SDK's own stack); the SDK's own answers leave the
    // message out (Fastify's reply is Fastify's error handler's).
    expect(sent.body.startsWith('{')).toBe(true);
    if (framework !== 'Fastify') expect(sent.body).not.toContain(message);
    expectExceptionEventLinkedToCapture(sent);
    expect(sent.captured[0]).toMatchObject({ err: { message } });
    expect(harness.lines.filter((line) => line.msg?.startsWith('sightline instrumentation error'))).toEqual([]);
    // Still serving.
    expect((await fetch(`${url()}${path}`)).status).toBe(500);
  });

  it('observer.span() records it and rethrows the app’s own error; errors.capture() returns an event id', async () => {
    const thrown = hostileError('in a span');
    await expect(harness.observer.span('hostile', () => Promise.reject(thrown))).rejects.toBe(thrown);
    const span = harness.spans().find((candidate) => candidate.name === 'hostile');
    expect(span?.events.find((event) => event.name === 'exception')?.attributes?.['exception.message']).toBe('in a span');
    expect(harness.observer.errors.capture(hostileError('captured by hand'))).toMatch(/^[0-9a-f]{32}$/);
  });
});
