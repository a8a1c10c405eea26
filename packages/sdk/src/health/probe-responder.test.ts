import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthRegistry, SHUTTING_DOWN_REASON, STARTING_REASON } from './health-registry.js';
import { ProbeResponder } from './probe-responder.js';
import type { HealthStatus } from './types.js';

const PATHS = { live: ['/livez', '/health/live'], ready: ['/readyz', '/health/ready'], startup: ['/startupz'], health: ['/healthz'] };
const SERVICE = { name: 'checkout', version: '1.4.2', environment: 'production', instance: 'pod-7' };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A node:http server whose only handler is the responder; anything else answers 404 "app". */
async function serve(options: { showDetails?: boolean } = {}) {
  const registry = new HealthRegistry({ defaults: { timeoutMs: 200, intervalMs: 0 } });
  const errors: unknown[] = [];
  const responder = new ProbeResponder({
    registry,
    service: SERVICE,
    paths: PATHS,
    showDetails: options.showDetails ?? true,
    onInternalError: (_component, error) => errors.push(error),
  });
  const server = createServer((req, res) => {
    if (responder.serve(req, res)) return;
    res.statusCode = 404;
    res.end('app');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string, method = 'GET') => {
    const response = await fetch(`${base}${path}`, { method });
    const text = await response.text();
    const json = text !== '' && response.headers.get('content-type')?.startsWith('application/json') === true;
    return { response, text, body: json ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return { registry, responder, get, errors };
}

function check(status: HealthStatus, critical = true) {
  return { critical, check: () => ({ status, message: `it is ${status}`, details: { pool: 3 } }) };
}

describe('ProbeResponder', () => {
  it('answers 200 with the healthy body: status, version, uptime, service metadata and per-check results', async () => {
    const { registry, get } = await serve();
    registry.markStarted();
    registry.register({ name: 'postgres', ...check('healthy') });

    const { response, body } = await get('/readyz');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({
      status: 'healthy',
      probe: 'ready',
      version: '1.4.2',
      service: SERVICE,
      started: true,
      shutting_down: false,
    });
    expect(body?.reason).toBeUndefined();
    expect(body?.uptime_seconds).toBeGreaterThan(0);
    const postgres = (body?.checks as Record<string, Record<string, unknown>> | undefined)?.postgres;
    expect(postgres).toMatchObject({ status: 'healthy', critical: true, message: 'it is healthy', details: { pool: 3 } });
    expect(postgres?.duration_ms).toBeTypeOf('number');
    expect(Date.parse(String(postgres?.checked_at))).not.toBeNaN();
    expect(postgres?.last_success_at).toBe(postgres?.checked_at);
  });

  it('answers a degraded service with 200 and the degraded body', async () => {
    const { registry, get } = await serve();
    registry.markStarted();
    registry.register({ name: 'postgres', ...check('healthy') });
    registry.register({ name: 'payments', ...check('unhealthy', false) });

    const { response, body } = await get('/readyz');

    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      status: 'degraded',
      checks: { payments: { status: 'unhealthy', critical: false, last_success_at: null } },
    });
  });

  it('answers an unhealthy service with 503', async () => {
    const { registry, get } = await serve();
    registry.markStarted();
    registry.register({ name: 'postgres', ...check('unhealthy') });

    const { response, body } = await get('/healthz');

    expect(response.status).toBe(503);
    expect(body).toMatchObject({ status: 'unhealthy', probe: 'health', checks: { postgres: { status: 'unhealthy' } } });
  });

  it('answers /readyz 200 again once a check whose call hung (ignoring its signal) answers on the next probe', async () => {
    const { registry, get } = await serve();
    registry.markStarted();
    let calls = 0;
    registry.register({
      name: 'cache',
      timeoutMs: 30,
      intervalMs: 0,
      check: () => (++calls === 1 ? new Promise<undefined>(() => {}) : undefined),
    });

    const hung = await get('/readyz');
    expect(hung.response.status).toBe(503);
    expect(hung.body).toMatchObject({ checks: { cache: { status: 'unhealthy', message: 'timed out after 30 ms' } } });

    const recovered = await get('/readyz');
    expect(recovered.response.status).toBe(200);
    expect(recovered.body).toMatchObject({ status: 'healthy', checks: { cache: { status: 'healthy' } } });
  });

  it('fails the startup probe with the reason until markStarted(), then passes', async () => {
    const { registry, get } = await serve();

    const before = await get('/startupz');
    expect(before.response.status).toBe(503);
    expect(before.body).toMatchObject({ status: 'unhealthy', probe: 'startup', reason: STARTING_REASON, started: false });

    registry.markStarted();
    expect((await get('/startupz')).response.status).toBe(200);
  });

  it('fails readiness with "shutting down" and asks the client to close the connection, while liveness passes', async () => {
    const { registry, get } = await serve();
    registry.markStarted();
    registry.markShuttingDown();

    const ready = await get('/readyz');
    expect(ready.response.status).toBe(503);
    expect(ready.response.headers.get('connection')).toBe('close');
    expect(ready.body).toMatchObject({ status: 'unhealthy', reason: SHUTTING_DOWN_REASON, shutting_down: true });
    expect((await get('/livez')).response.status).toBe(200);
  });

  it('serves every configured alias and ignores the query string', async () => {
    const { registry, get } = await serve();
    registry.markStarted();

    expect((await get('/health/live')).body?.probe).toBe('live');
    expect((await get('/health/ready?verbose=1')).body?.probe).toBe('ready');
    expect((await get('/livez?x=1')).body?.probe).toBe('live');
  });

  it('leaves every other path to the app', async () => {
    const { get } = await serve();
    for (const path of ['/', '/readyz/extra', '/ready', '/healthz/', '/users?next=/readyz']) {
      const { response, text } = await get(path);
      expect(response.status).toBe(404);
      expect(text).toBe('app');
    }
  });

  it('answers HEAD with the status and no body, and refuses other methods with 405', async () => {
    const { get } = await serve();

    const head = await get('/startupz', 'HEAD');
    expect(head.response.status).toBe(503);
    expect(head.text).toBe('');

    const post = await get('/readyz', 'POST');
    expect(post.response.status).toBe(405);
    expect(post.response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('keeps check messages and details out of the body when showDetails is false', async () => {
    const { registry, get } = await serve({ showDetails: false });
    registry.markStarted();
    registry.register({ name: 'postgres', ...check('degraded') });

    const { body } = await get('/readyz');
    const postgres = (body?.checks as Record<string, Record<string, unknown>> | undefined)?.postgres;
    expect(postgres?.status).toBe('degraded');
    expect(postgres).not.toHaveProperty('message');
    expect(postgres).not.toHaveProperty('details');
  });

  it('lists every served path for the request pass to ignore', async () => {
    const { responder } = await serve();
    expect([...responder.paths].sort()).toEqual(['/health/live', '/health/ready', '/healthz', '/livez', '/readyz', '/startupz']);
  });
});
