import { once } from 'node:events';
import { createServer } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SightlineConfigError } from '../sightline-error/index.js';
import { eventually } from '../testing/index.js';
import { type DebugServer, type DebugServerAddress, type DebugServerOptions, startDebugServer } from './debug-server.js';
import { MAX_BODY_BYTES } from './respond.js';
import type { DebugToggleEndpoint } from './toggle-routes.js';

const TOKEN = 'unit-test-token-0123456789';

interface Started {
  readonly server: DebugServer;
  readonly address: DebugServerAddress;
  readonly lines: Record<string, unknown>[];
  readonly internalErrors: unknown[];
  get(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body?: string): Promise<Response>;
}

const running: DebugServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(overrides: Partial<DebugServerOptions> = {}, debug: Partial<DebugServerOptions['debug']> = {}): Promise<Started> {
  const lines: Record<string, unknown>[] = [];
  const internalErrors: unknown[] = [];
  const server = startDebugServer({
    debug: { port: 0, host: '127.0.0.1', token: TOKEN, maxProfileSeconds: 5, inspectorTimeoutSeconds: 60, ...debug },
    serviceName: 'unit/service',
    logger: pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
    onInternalError: (_component, error) => internalErrors.push(error),
    inFlight: () => [],
    config: { serviceName: 'unit/service', trace: { headers: { 'x-api-team': 'header-secret-value' } }, debug: { token: TOKEN } },
    ...overrides,
  });
  running.push(server);
  const address = await server.ready();
  if (address === undefined) throw new Error('debug server did not listen');
  const base = address.url.replace(/\/debug$/, '');
  const auth = { authorization: `Bearer ${server.token}` };
  return {
    server,
    address,
    lines,
    internalErrors,
    get: (path, init = {}) => fetch(`${base}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } }),
    post: (path, body) => fetch(`${base}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body }),
  };
}

describe('debug server authentication', () => {
  it('answers 401 with WWW-Authenticate to a request without the token, and logs it without token material', async () => {
    const { address, lines } = await start();
    const response = await fetch(`${address.url}/runtime`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await response.json()).toEqual({ error: expect.stringContaining('bearer token') });
    const refused = lines.find((line) => line.msg === 'debug server refused a request without a valid bearer token');
    expect(refused).toMatchObject({ level: 40, path: '/debug/runtime', method: 'GET', remote_address: '127.0.0.1' });
  });

  it('refuses a wrong token the same way, also on unknown paths, without echoing what was sent', async () => {
    const { address, lines } = await start();
    for (const path of ['/debug', '/elsewhere']) {
      const response = await fetch(`${address.url.replace(/\/debug$/, '')}${path}`, {
        headers: { authorization: 'Bearer wrong-token-0123456789' },
      });
      expect(response.status).toBe(401);
    }
    expect(JSON.stringify(lines)).not.toContain('wrong-token-0123456789');
    expect(lines.filter((line) => line.level === 40)).toHaveLength(2);
  });

  it('generates a token when none is configured and logs it once, with the URL', async () => {
    const { server, lines, address } = await start({}, { token: undefined });
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const mentions = lines.filter((line) => String(line.msg).includes(server.token));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatchObject({ level: 30, url: address.url });
  });

  it('never writes a configured token to the log', async () => {
    const { lines, get } = await start();
    await get('/debug');
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });
});

describe('debug server routing', () => {
  it('lists every endpoint at GET /debug', async () => {
    const { get } = await start();
    const response = await get('/debug');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { active: Record<string, boolean>; endpoints: { method: string; path: string }[] };
    expect(body.active).toEqual({ cpuProfile: false, heapSnapshot: false, heapSampling: false, inspector: false });
    expect(body.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path}`)).toEqual([
      'GET /debug',
      'GET /debug/pprof/profile',
      'GET /debug/pprof/heap',
      'GET /debug/heap/snapshot',
      'GET /debug/heap/stats',
      'GET /debug/eventloop',
      'GET /debug/runtime',
      'GET /debug/inspector',
      'POST /debug/inspector/open',
      'POST /debug/inspector/close',
      'GET /debug/toggle',
      'POST /debug/toggle',
      'POST /debug/toggle/disable',
      'GET /debug/errors',
      'GET /debug/errors/:fingerprint',
      'GET /debug/slo',
      'GET /debug/slo/:name',
    ]);
  });

  it('answers 501 for error groups while no error tracker is wired in', async () => {
    const { get } = await start();
    expect((await get('/debug/errors')).status).toBe(501);
    expect((await get('/debug/errors/0123456789abcdef')).status).toBe(501);
    expect((await get('/debug/errors/%E0%A4%A')).status).toBe(400);
  });

  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const { get, post } = await start();
    expect((await get('/debug/nothing')).status).toBe(404);
    const wrong = await post('/debug/runtime');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('answers 400 naming the parameter for a bad profile length or format', async () => {
    const { get } = await start();
    const tooLong = await get('/debug/pprof/profile?seconds=6');
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({ error: 'seconds must be an integer from 1 to 5, got "6"', parameter: 'seconds' });
    const format = await get('/debug/pprof/profile?seconds=1&format=svg');
    expect(format.status).toBe(400);
    expect(await format.json()).toMatchObject({ parameter: 'format' });
  });

  it('serves a Chrome .cpuprofile as an attachment, and a second concurrent profile gets 409', async () => {
    const { get } = await start();
    const [first, second] = await Promise.all([
      get('/debug/pprof/profile?seconds=1&format=cpuprofile'),
      get('/debug/pprof/profile?seconds=1&format=cpuprofile'),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const ok = first.status === 200 ? first : second;
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="unit_service-cpu-\d{8}T\d{6}Z\.cpuprofile"$/);
    const profile = (await ok.json()) as { nodes: unknown[]; samples: unknown[]; startTime: number };
    expect(profile.nodes.length).toBeGreaterThan(0);
    expect(Array.isArray(profile.samples)).toBe(true);
  });

  it('reports heap statistics, and runtime info without the token or header values', async () => {
    const { get } = await start();
    const stats = (await (await get('/debug/heap/stats')).json()) as Record<string, Record<string, unknown>>;
    expect(stats.heap).toHaveProperty('used_heap_size');
    expect(Array.isArray(stats.spaces)).toBe(true);
    expect(stats.memory).toHaveProperty('rss');
    const runtime = await (await get('/debug/runtime')).text();
    expect(runtime).not.toContain(TOKEN);
    expect(runtime).not.toContain('header-secret-value');
    expect(JSON.parse(runtime)).toMatchObject({
      service: 'unit/service',
      pid: process.pid,
      versions: { node: process.versions.node, v8: process.versions.v8 },
      config: { trace: { headers: { 'x-api-team': '[REDACTED]' } } },
    });
  });

  it('reports the event loop: resources by type, a delay histogram in ms and in-flight requests', async () => {
    const { get } = await start();
    const body = (await (await get('/debug/eventloop')).json()) as Record<string, Record<string, unknown>>;
    expect(body.activeResources).toHaveProperty('TCPSocketWrap');
    expect(body.delay).toMatchObject({ unit: 'ms', percentiles: { p50: expect.any(Number), p99: expect.any(Number) } });
    expect(body.inFlight).toEqual({ total: 0, shown: 0, requests: [] });
  });
});

describe('debug toggle endpoints', () => {
  it('answer 501 while no toggle is wired in', async () => {
    const { get, post } = await start();
    expect((await get('/debug/toggle')).status).toBe(501);
    expect((await post('/debug/toggle', '{}')).status).toBe(501);
    expect((await post('/debug/toggle/disable')).status).toBe(501);
  });

  describe('with a toggle', () => {
    const applied: unknown[] = [];
    const toggle: DebugToggleEndpoint = {
      apply(body) {
        if ((body as { durationSeconds?: number } | undefined)?.durationSeconds === -1) {
          throw new SightlineConfigError(['durationSeconds must be positive']);
        }
        if ((body as { explode?: boolean } | undefined)?.explode) throw new Error('toggle bug');
        applied.push(body);
        return { enabled: true };
      },
      status: () => ({ enabled: applied.length > 0 }),
      disable: () => ({ enabled: false }),
    };

    it('passes the parsed JSON body to apply and answers with what it returns', async () => {
      const { get, post } = await start({ toggle });
      const response = await post('/debug/toggle', JSON.stringify({ durationSeconds: 30, level: 'debug' }));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ enabled: true });
      expect(applied).toContainEqual({ durationSeconds: 30, level: 'debug' });
      expect(await (await get('/debug/toggle')).json()).toEqual({ enabled: true });
      expect(await (await post('/debug/toggle/disable')).json()).toEqual({ enabled: false });
    });

    it('turns an SL_* error into a 400 with its message, and any other error into a reported 500', async () => {
      const { post, internalErrors } = await start({ toggle });
      const invalid = await post('/debug/toggle', JSON.stringify({ durationSeconds: -1 }));
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({
        code: 'SL_CONFIG_INVALID',
        error: expect.stringContaining('durationSeconds must be positive'),
      });
      expect(internalErrors).toEqual([]);
      const broken = await post('/debug/toggle', JSON.stringify({ explode: true }));
      expect(broken.status).toBe(500);
      expect(internalErrors).toHaveLength(1);
    });

    it('refuses bad JSON with 400 and a body over the cap with 413', async () => {
      const { post } = await start({ toggle });
      const bad = await post('/debug/toggle', '{"durationSeconds": ');
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: expect.stringMatching(/^request body is not valid JSON/) });
      const big = await post('/debug/toggle', JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES) }));
      expect(big.status).toBe(413);
    });
  });
});

describe('debug server lifecycle', () => {
  it('binds to the configured host and reports the bound address', async () => {
    const { address } = await start();
    expect(address.host).toBe('127.0.0.1');
    expect(address.url).toBe(`http://127.0.0.1:${address.port}/debug`);
  });

  it('warns when bound to a non-loopback address', async () => {
    const { address, lines } = await start({}, { host: '0.0.0.0' });
    expect(address.host).toBe('0.0.0.0');
    expect(lines.find((line) => line.level === 40 && String(line.msg).includes('non-loopback'))).toMatchObject({ host: '0.0.0.0' });
  });

  it('reports a port already in use instead of throwing, and ready() resolves undefined', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    const internalErrors: unknown[] = [];
    const lines: Record<string, unknown>[] = [];
    const server = startDebugServer({
      debug: { port, host: '127.0.0.1', token: TOKEN, maxProfileSeconds: 5, inspectorTimeoutSeconds: 60 },
      serviceName: 'busy',
      logger: pino({}, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
      onInternalError: (_component, error) => internalErrors.push(error),
      inFlight: () => [],
      config: {},
    });
    expect(await server.ready()).toBeUndefined();
    expect(internalErrors).toEqual([expect.objectContaining({ code: 'EADDRINUSE' })]);
    expect(lines.find((line) => line.level === 50)).toMatchObject({ msg: expect.stringContaining('could not listen'), port });
    await server.close();
    blocker.close();
  });

  it('closes idempotently, answering a profile still running with 503', async () => {
    const { server, get } = await start();
    const pending = get('/debug/pprof/profile?seconds=5');
    await eventually(
      async () => ((await (await get('/debug')).json()) as { active: { cpuProfile: boolean } }).active.cpuProfile || undefined,
      'profile running',
      { intervalMs: 10 },
    );
    const closing = server.close();
    expect(server.close()).toBe(closing);
    await closing;
    const response = await pending;
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'capture aborted: the debug server is closing' });
  });
});
