import { createServer } from 'node:http';
import { SpanStatusCode } from '@opentelemetry/api';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sightlineExpress, sightlineExpressErrors } from '../src/adapters/express.js';
import { eventually } from '../src/testing/index.js';
import { createObserverHarness, type ObserverHarness } from './support/observer-harness.js';
import { listen, type RunningApp } from './support/running-app.js';

describe('sightlineExpressErrors', () => {
  let harness: ObserverHarness;
  let app: RunningApp;

  beforeAll(async () => {
    harness = createObserverHarness('express-errors');
    const server = express();
    // What Express assumes when NODE_ENV is unset: its own error page would show the stack.
    server.set('env', 'development');
    server.use(sightlineExpress(harness.observer));
    server.use(express.json());
    server.post('/echo', (req, res) => {
      res.json(req.body);
    });
    const teams = express.Router();
    teams.post('/notes/:noteId', (req, res) => {
      res.json(req.body);
    });
    server.use('/teams/:teamId', teams);
    server.get('/missing', (_req, _res, next) => {
      next(Object.assign(new Error('no such thing'), { status: 404 }));
    });
    server.get('/broken', () => {
      throw new Error('server fault');
    });
    server.use(sightlineExpressErrors(harness.observer));
    app = await listen(createServer(server));
  });

  afterAll(async () => {
    await app.close();
    await harness.observer.shutdown();
  });

  async function serverSpanOf(path: string, init?: RequestInit) {
    const response = await fetch(`${app.baseUrl}${path}`, init);
    await response.arrayBuffer();
    const span = await eventually(() => harness.spans().find((s) => s.attributes['url.path'] === path), `span for ${path}`);
    return { status: response.status, span };
  }

  it("leaves the span unfailed for body-parser's 400 on malformed JSON", async () => {
    const { status, span } = await serverSpanOf('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken',
    });
    expect(status).toBe(400);
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(span.events.some((event) => event.name === 'exception')).toBe(false);
  });

  it("answers body-parser's 400 on malformed JSON as JSON without a stack, and names the route on the access line", async () => {
    const response = await fetch(`${app.baseUrl}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'malformed-json-1' },
      body: '{"broken',
    });
    const body = await response.text();

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(body)).toMatchObject({
      error: 'Bad Request',
      statusCode: 400,
      message: expect.any(String),
      request_id: 'malformed-json-1',
    });
    expect(body).not.toContain('stack');
    expect(body).not.toMatch(/\bat .*:\d+:\d+/);
    const line = await eventually(
      () => harness.lines.find((candidate) => candidate.request_id === 'malformed-json-1' && candidate.msg === 'request completed'),
      'the access line of the malformed JSON request',
    );
    expect(line).toMatchObject({ route: '/echo', status: 400, method: 'POST' });
  });

  it.each([
    ['/teams/red/notes/7', '/teams/:teamId/notes/:noteId'],
    ['/no/such/route', 'unmatched'],
  ])('names the route a malformed JSON body to %s was headed for: %s', async (path, route) => {
    const requestId = `malformed-${route.length}`;
    const response = await fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: '{"broken',
    });
    await response.arrayBuffer();

    expect(response.status).toBe(400);
    const line = await eventually(
      () => harness.lines.find((candidate) => candidate.request_id === requestId && candidate.msg === 'request completed'),
      `the access line of ${path}`,
    );
    expect(line).toMatchObject({ route, path, status: 400 });
  });

  it('answers an error carrying a 4xx status as JSON with that status and no message it did not mark as exposed', async () => {
    const response = await fetch(`${app.baseUrl}/missing`, { headers: { 'x-request-id': 'missing-1' } });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Not Found', statusCode: 404, request_id: 'missing-1' });
  });

  it('leaves the span unfailed for an error carrying a 4xx status', async () => {
    const { status, span } = await serverSpanOf('/missing');
    expect(status).toBe(404);
    expect(span.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('records a thrown error as the failure of the server span', async () => {
    const { status, span } = await serverSpanOf('/broken');
    expect(status).toBe(500);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.some((event) => event.name === 'exception')).toBe(true);
  });
});

describe('error groups of an Express app', () => {
  let harness: ObserverHarness;
  let app: RunningApp;

  beforeAll(async () => {
    harness = createObserverHarness('express-groups');
    const server = express();
    server.use(sightlineExpress(harness.observer));
    // The reproduction: three anonymous async handlers in one file, one error type.
    server.get('/orders/:id', async () => {
      throw new Error('order lookup failed');
    });
    server.get('/invoices/:id', async () => {
      throw new Error('invoice renderer crashed');
    });
    server.post('/login', async () => {
      throw new Error('session store refused the write');
    });
    server.use(sightlineExpressErrors(harness.observer));
    app = await listen(createServer(server));
  });

  afterAll(async () => {
    await app.close();
    await harness.observer.shutdown();
  });

  async function call(method: string, path: string, requestId: string): Promise<number> {
    const response = await fetch(`${app.baseUrl}${path}`, { method, headers: { 'x-request-id': requestId } });
    await response.arrayBuffer();
    await eventually(
      () => harness.lines.find((line) => line.msg === 'request completed' && line.request_id === requestId),
      `the access line of ${requestId}`,
    );
    return response.status;
  }

  it('gives three throw sites three groups, each with its first message and its route', async () => {
    expect(await call('GET', '/orders/1', 'group-orders-1')).toBe(500);
    expect(await call('GET', '/invoices/2', 'group-invoices-1')).toBe(500);
    expect(await call('POST', '/login', 'group-login-1')).toBe(500);

    const groups = harness.observer.errors.groups();
    expect(groups).toHaveLength(3);
    const byMessage = new Map(groups.map((group) => [group.message, group]));
    expect(byMessage.get('order lookup failed')).toMatchObject({ type: 'Error', count: 1, routes: ['/orders/:id'] });
    expect(byMessage.get('invoice renderer crashed')).toMatchObject({ type: 'Error', count: 1, routes: ['/invoices/:id'] });
    expect(byMessage.get('session store refused the write')).toMatchObject({ type: 'Error', count: 1, routes: ['/login'] });
  });

  it('counts the same throw site hit again in its existing group', async () => {
    expect(await call('GET', '/orders/7', 'group-orders-2')).toBe(500);
    const groups = harness.observer.errors.groups();
    expect(groups).toHaveLength(3);
    expect(groups.find((group) => group.message === 'order lookup failed')).toMatchObject({ count: 2, routes: ['/orders/:id'] });
  });
});
