import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleLog, type LogLevel } from '../log/index.js';
import { openStore, type Store } from '../store/index.js';
import { createApiServer } from './api-server.js';

const TOKEN = 'a-console-token-of-some-length';
const AUTHORIZED = { authorization: `Bearer ${TOKEN}` };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let store: Store;
let uiDirectory: string;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  store = await openStore({ memory: true });
  uiDirectory = mkdtempSync(join(tmpdir(), 'sightline-api-server-'));
  mkdirSync(join(uiDirectory, 'assets'));
  writeFileSync(join(uiDirectory, 'index.html'), '<!doctype html><title>Sightline</title>');
  writeFileSync(join(uiDirectory, 'assets', 'app-1234.js'), 'console.log(1);');
});
afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(async () => {
  await store?.close();
  rmSync(uiDirectory, { recursive: true, force: true });
});

/** The console's UI-port server with a token, logging into `lines`, plus a route that fails. */
async function serverWith(lines: string[], level: LogLevel = 'warn'): Promise<FastifyInstance> {
  app = createApiServer({
    store,
    token: TOKEN,
    log: createConsoleLog(level, (message) => lines.push(message)),
    ui: { directory: uiDirectory },
  });
  app.get('/api/broken', async () => {
    throw new Error('the store answered nonsense');
  });
  await app.ready();
  return app;
}

describe('request ids on the console API', () => {
  it('echoes a sane x-request-id, and replaces an insane or missing one with a fresh UUID', async () => {
    const server = await serverWith([]);
    const kept = await server.inject({ url: '/api/store', headers: { ...AUTHORIZED, 'x-request-id': 'nightly-check:42' } });
    expect(kept.statusCode).toBe(200);
    expect(kept.headers['x-request-id']).toBe('nightly-check:42');

    const insane = await server.inject({ url: '/api/store', headers: { ...AUTHORIZED, 'x-request-id': 'a b\tc' } });
    expect(insane.headers['x-request-id']).toMatch(UUID);

    const missing = await server.inject({ url: '/api/store', headers: AUTHORIZED });
    const another = await server.inject({ url: '/api/store', headers: AUTHORIZED });
    expect(missing.headers['x-request-id']).toMatch(UUID);
    expect(another.headers['x-request-id']).toMatch(UUID);
    expect(another.headers['x-request-id']).not.toBe(missing.headers['x-request-id']);
  });

  it.each([
    ['a refused query (400)', 'GET', '/api/traces?limit=lots', AUTHORIZED, 400],
    ['an unknown API path (404)', 'GET', '/api/nothing-here', AUTHORIZED, 404],
    ['an unknown method (404)', 'POST', '/api/traces', AUTHORIZED, 404],
    ['a missing token (401)', 'GET', '/api/store', {}, 401],
    ['a wrong login token (401)', 'GET', '/login?token=not-the-token', {}, 401],
    ['a UI page', 'GET', '/traces', AUTHORIZED, 200],
    ['a UI asset', 'GET', '/assets/app-1234.js', AUTHORIZED, 200],
    ['a missing UI asset (404)', 'GET', '/assets/gone.js', AUTHORIZED, 404],
    ['a path the router cannot decode (400)', 'GET', '/api/traces/%zz', AUTHORIZED, 400],
  ] as const)('carries the x-request-id header on %s', async (_case, method, url, headers, status) => {
    const server = await serverWith([]);
    const response = await server.inject({ method, url, headers: { ...headers, 'x-request-id': 'script-run-7' } });
    expect(response.statusCode).toBe(status);
    expect(response.headers['x-request-id']).toBe('script-run-7');
  });

  it('answers a path the router cannot decode as the API answers a bad request', async () => {
    const server = await serverWith([]);
    const response = await server.inject({ url: '/api/traces/%zz', headers: AUTHORIZED });
    expect(response.json()).toEqual({ error: 'bad_request', message: "'/api/traces/%zz' is not a valid url component" });
  });

  it("answers a 500 with the header's id as its requestId, and logs the failure under that id", async () => {
    const lines: string[] = [];
    const server = await serverWith(lines);
    const response = await server.inject({ url: '/api/broken', headers: AUTHORIZED });
    expect(response.statusCode).toBe(500);
    const id = response.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect((response.json() as { requestId: string }).requestId).toBe(id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^request ${id} \\(GET /api/broken\\) failed with 500: Error: the store answered nonsense\\n`));

    const named = await server.inject({ url: '/api/broken', headers: { ...AUTHORIZED, 'x-request-id': 'my-script-1' } });
    expect((named.json() as { requestId: string }).requestId).toBe('my-script-1');
    expect(lines[1]).toContain('request my-script-1 (GET /api/broken) failed with 500');
  });

  it('sends the header on a server-sent event stream too', async () => {
    const server = await serverWith([]);
    await server.listen({ host: '127.0.0.1', port: 0 });
    const { port } = server.server.address() as AddressInfo;
    const abort = new AbortController();
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/logs?follow=true`, {
        headers: { ...AUTHORIZED, 'x-request-id': 'tail-1' },
        signal: abort.signal,
      });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      expect(response.headers.get('x-request-id')).toBe('tail-1');
    } finally {
      abort.abort();
    }
  });
});

describe('the access log', () => {
  it('writes one line per answered request at level info: id, method, URL, status and time', async () => {
    const lines: string[] = [];
    const server = await serverWith(lines, 'info');
    await server.inject({ url: '/api/traces?limit=5', headers: { ...AUTHORIZED, 'x-request-id': 'access-1' } });
    await server.inject({ url: '/api/store', headers: { 'x-request-id': 'access-2' } });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^request access-1 \(GET \/api\/traces\?limit=5\) answered 200 in \d+\.\d ms$/);
    expect(lines[1]).toMatch(/^request access-2 \(GET \/api\/store\) answered 401 in \d+\.\d ms$/);
  });

  it('never writes the token of a login URL', async () => {
    const lines: string[] = [];
    const server = await serverWith(lines, 'debug');
    const response = await server.inject(`/login?token=${TOKEN}`);
    expect(response.statusCode).toBe(302);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^request \S+ \(GET \/login\?token=\[redacted\]\) answered 302 in /);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('writes nothing for answered requests at the default level, warn', async () => {
    const lines: string[] = [];
    const server = await serverWith(lines);
    await server.inject({ url: '/api/traces?limit=5', headers: AUTHORIZED });
    await server.inject({ url: '/api/traces?limit=lots', headers: AUTHORIZED });
    await server.inject('/api/store');
    expect(lines).toEqual([]);
  });
});
