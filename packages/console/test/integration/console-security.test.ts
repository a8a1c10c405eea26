import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleConfigError, type RunningConsole, startConsole } from '../../src/index.js';

// Security defaults (issue 11): loopback unless asked; beyond loopback never without a UI/API
// token (one is generated when none is given); OTLP ingest guarded by its own, separate key.

const running: RunningConsole[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.close();
});

async function start(options: Parameters<typeof startConsole>[0]): Promise<RunningConsole> {
  const app = await startConsole(options);
  running.push(app);
  return app;
}

/** The same port on 127.0.0.1: a console bound to 0.0.0.0 answers there too. */
const viaLoopback = (url: string) => url.replace('0.0.0.0', '127.0.0.1');
/** A request (a GET unless said) sent with its path and headers exactly as written, as a hand-made request can be. */
function rawGet(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const request = httpRequest({ hostname, port, path, headers, method }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end(body);
  });
}
const exportJson = (otlpUrl: string, headers: Record<string, string> = {}) =>
  fetch(`${viaLoopback(otlpUrl)}/v1/traces`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', ...headers } });

describe('console security defaults', () => {
  it('binds 127.0.0.1 and needs no token there', async () => {
    const app = await start({ memory: true, port: 0, otlpPort: 0 });
    expect(new URL(app.url).hostname).toBe('127.0.0.1');
    expect(new URL(app.otlpUrl).hostname).toBe('127.0.0.1');
    expect(app.token).toBeUndefined();
    expect((await fetch(`${app.url}/api/services`)).status).toBe(200);
  });

  it('without a token answers only requests addressed to a loopback name (DNS rebinding), and the names it is given', async () => {
    const app = await start({ memory: true, port: 0, otlpPort: 0, allowedHosts: ['console.tunnel.test'] });
    const { port } = new URL(app.url);
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `app.localhost:${port}`,
      '127.0.0.1',
      'console.tunnel.test',
      'CONSOLE.TUNNEL.TEST:443',
    ]) {
      expect((await rawGet(app.url, '/api/services', { host })).status, host).toBe(200);
    }
    // A page of another site whose name now resolves to 127.0.0.1: same-origin for the browser, refused here.
    for (const host of [`attacker.example:${port}`, 'localhost.attacker.example', '127.0.0.1.nip.io', 'tunnel.test']) {
      for (const path of ['/', '/errors', '/api/services', '/api/openapi.json']) {
        const answer = await rawGet(app.url, path, { host });
        expect(answer.status, `${host} ${path}`).toBe(403);
        expect(JSON.parse(answer.body), host).toMatchObject({ error: 'forbidden_host' });
      }
    }
    expect(JSON.parse((await rawGet(app.url, '/api/services', { host: 'attacker.example' })).body).message).toBe(
      'this console answers only to loopback names (Host: attacker.example); to reach it under another name, start it with --allowed-host <name>',
    );
    // Nothing changes through it either (a status change needs no stored group to be refused first).
    const put = await rawGet(
      app.url,
      '/api/errors/abc/status',
      { host: 'attacker.example', 'content-type': 'application/json' },
      'PUT',
      '{"status":"resolved"}',
    );
    expect(put.status).toBe(403);
    await expect(start({ memory: true, port: 0, otlpPort: 0, allowedHosts: ['evil.test:8080'] })).rejects.toThrow(/allowedHosts/);
  });

  it('without an ingest key, its OTLP receiver on loopback takes only exports addressed to a loopback name or an allowed one', async () => {
    const app = await start({ memory: true, port: 0, otlpPort: 0, allowedHosts: ['collector.tunnel.test'] });
    const { port } = new URL(app.otlpUrl);
    const post = (host: string, type = 'application/json') =>
      rawGet(app.otlpUrl, '/v1/traces', { host, 'content-type': type }, 'POST', '{"resourceSpans":[]}');
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'collector.tunnel.test']) {
      expect((await post(host)).status, host).toBe(200);
    }
    // A page rebinding its name to 127.0.0.1 would post as same-origin: refused before the body is read, as OTLP says (google.rpc.Status).
    const refused = await post(`attacker.example:${port}`);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({
      code: 7,
      message:
        'this console answers only to loopback names (Host: attacker.example:' +
        `${port}); to reach it under another name, start it with --allowed-host <name>`,
    });
    expect((await post('attacker.example', 'application/x-protobuf')).status).toBe(403);
    // With an ingest key the key decides, whatever the name (a collector reaching it through a port forward).
    const keyed = await start({ memory: true, port: 0, otlpPort: 0, ingestKey: 'ingest-key-0123456789abcdef' });
    const withKey = await rawGet(
      keyed.otlpUrl,
      '/v1/traces',
      { host: 'collector.internal', 'content-type': 'application/json', 'x-otlp-api-key': 'ingest-key-0123456789abcdef' },
      'POST',
      '{}',
    );
    expect(withKey.status).toBe(200);
  });

  it('beyond loopback generates a token and refuses the UI and API without it', async () => {
    const app = await start({ memory: true, host: '0.0.0.0', port: 0, otlpPort: 0 });
    expect(new URL(app.url).hostname).toBe('0.0.0.0');
    expect(app.tokenGenerated).toBe(true);
    expect(app.token?.length).toBeGreaterThanOrEqual(32);
    const base = viaLoopback(app.url);
    for (const path of ['/', '/traces', '/api/services', '/api/openapi.json', '/api/logs?follow=true']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(401);
      expect((await fetch(`${base}${path}`, { headers: { authorization: 'Bearer not-the-token-at-all-really' } })).status, path).toBe(401);
    }
    expect((await fetch(`${base}/api/services`, { headers: { authorization: `Bearer ${app.token}` } })).status).toBe(200);
    expect((await fetch(`${base}/login?token=wrong`)).status).toBe(401);
    const login = await fetch(`${base}/login?token=${app.token}`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect((await fetch(`${base}/api/services`, { headers: { cookie } })).status).toBe(200);
  });

  it('opens only /login itself without the token: not /loginx or a path that climbs out of /login, not with a malformed cookie', async () => {
    const app = await start({ memory: true, port: 0, otlpPort: 0, token: 'ui-token-0123456789abcdef' });
    // node:http sends the path as written (fetch would resolve the ..).
    for (const path of ['/loginx', '/login/../api/store', '/login/..%2Fapi/store']) {
      expect((await rawGet(app.url, path)).status, path).toBe(401);
    }
    const malformed = await rawGet(app.url, '/api/store', { cookie: 'sightline_console_token=%E0%A4%A' });
    expect(malformed.status).toBe(401);
    expect(JSON.parse(malformed.body)).toEqual({ error: 'unauthorized', message: 'this console needs its token' });
  });

  it('shows a browser without the token a login page that brings it back to the deep link it opened', async () => {
    const token = 'ui-token-0123456789abcdef';
    const app = await start({ memory: true, port: 0, otlpPort: 0, token });
    const deepLink = '/traces?service=orders-api';
    const page = await fetch(`${app.url}${deepLink}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    const next = /name="next" value="([^"]*)"/.exec(html)?.[1];
    expect(next).toBe(deepLink);
    expect((await fetch(`${app.url}/api/store`, { headers: { accept: 'text/html' } })).headers.get('content-type')).toContain(
      'application/json',
    );

    const login = await fetch(`${app.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token, next: next as string }),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(deepLink);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect((await fetch(`${app.url}/api/services`, { headers: { cookie } })).status).toBe(200);
  });

  it('generates a different token on each start', async () => {
    const first = await start({ memory: true, host: '0.0.0.0', port: 0, otlpPort: 0 });
    const second = await start({ memory: true, host: '0.0.0.0', port: 0, otlpPort: 0 });
    expect(first.token).not.toBe(second.token);
  });

  it('keeps the OTLP receiver apart from the UI token: open without an ingest key, its own key when one is set', async () => {
    const open = await start({ memory: true, host: '0.0.0.0', port: 0, otlpPort: 0 });
    expect((await exportJson(open.otlpUrl)).status).toBe(200);
    // The OTLP port serves no API or UI.
    expect((await fetch(`${viaLoopback(open.otlpUrl)}/api/services`)).status).toBe(404);

    const token = 'ui-token-0123456789abcdef';
    const ingestKey = 'ingest-key-0123456789abcdef';
    const guarded = await start({ memory: true, host: '0.0.0.0', port: 0, otlpPort: 0, token, ingestKey });
    expect(guarded.tokenGenerated).toBe(false);
    expect((await exportJson(guarded.otlpUrl)).status).toBe(401);
    expect((await exportJson(guarded.otlpUrl, { authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await exportJson(guarded.otlpUrl, { 'x-otlp-api-key': ingestKey })).status).toBe(200);
    expect((await fetch(`${viaLoopback(guarded.url)}/api/services`, { headers: { authorization: `Bearer ${ingestKey}` } })).status).toBe(
      401,
    );
    expect((await fetch(`${viaLoopback(guarded.url)}/api/services`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('refuses a token or ingest key too short to guess hard, naming the option', async () => {
    await expect(startConsole({ memory: true, token: 'short' })).rejects.toThrow(ConsoleConfigError);
    await expect(startConsole({ memory: true, ingestKey: 'short' })).rejects.toThrow(/ingestKey/);
  });
});

describe('CORS for browser exporters', () => {
  const ORIGIN = 'http://app.test';
  const send = (otlpUrl: string, body: string, contentType = 'application/json', origin = ORIGIN) =>
    fetch(`${otlpUrl}/v1/traces`, { method: 'POST', body, headers: { 'content-type': contentType, origin } });

  it('is off by default: no CORS headers on the preflight or the POST', async () => {
    const app = await start({ memory: true, port: 0, otlpPort: 0 });
    const preflight = await fetch(`${app.otlpUrl}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect((await send(app.otlpUrl, '{}')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an allowed origin on the preflight and on every POST answer, errors included', async () => {
    const app = await start({ memory: true, port: 0, otlpPort: 0, corsOrigins: [ORIGIN] });
    const preflight = await fetch(`${app.otlpUrl}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    // An exporter reads the status of failures too (to retry or not): they carry the header as well.
    for (const [body, contentType, status] of [
      ['{}', 'application/json', 200],
      ['{"resourceSpans":{}}', 'application/json', 400],
      ['hello', 'text/plain', 415],
    ] as const) {
      const response = await send(app.otlpUrl, body, contentType);
      expect(response.status).toBe(status);
      expect(response.headers.get('access-control-allow-origin'), `${status}`).toBe(ORIGIN);
    }
    const other = await send(app.otlpUrl, '{}', 'application/json', 'http://elsewhere.test');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
