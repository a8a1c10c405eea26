import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildService, type LogLine, startChildService } from './child-service.js';

const TOKEN = randomBytes(24).toString('hex');
const TRACE_ID = randomBytes(16).toString('hex');

describe('the debug toggle through the debug server of a running service', () => {
  let service: ChildService;
  let debugUrl: string;
  let sequence = 0;

  beforeAll(async () => {
    service = await startChildService('debug-toggle-service.ts', { FIXTURE_DEBUG_TOKEN: TOKEN });
    const listening = await service.waitForLog((line) => line.msg === 'debug server listening', 'announcing the debug server');
    debugUrl = String(listening.url);
  });

  afterAll(async () => {
    await service?.stop();
  });

  function debugRequest(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
    return fetch(`${debugUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${init.token ?? TOKEN}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  }

  /** Sends a request to the service; resolves with its id once its access line is out (after any dump). */
  async function call(path: string, body?: unknown): Promise<string> {
    const requestId = `toggle-it-${++sequence}`;
    const response = await fetch(`${service.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        'x-request-id': requestId,
        traceparent: `00-${TRACE_ID}-${randomBytes(8).toString('hex')}-01`,
        authorization: 'Bearer app-user-secret-token',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status).toBe(200);
    await response.text();
    await service.waitForLog(
      (line) => line.request_id === requestId && line.msg === 'request completed',
      `the access line of ${requestId}`,
    );
    return requestId;
  }

  const linesOf = (requestId: string): LogLine[] => service.logs.filter((line) => line.request_id === requestId);
  const messagesOf = (requestId: string) => linesOf(requestId).map((line) => line.msg);

  it('refuses a toggle without the token and rejects a bad body with a 400 naming the field', async () => {
    const unauthorized = await debugRequest('/toggle', { method: 'POST', body: {}, token: 'not-the-token-at-all' });
    expect(unauthorized.status).toBe(401);

    const invalid = await debugRequest('/toggle', { method: 'POST', body: { durationSeconds: 999_999 } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'SL_CONFIG_INVALID', error: expect.stringContaining('durationSeconds') });

    expect(await (await debugRequest('/toggle')).json()).toMatchObject({ active: false, mode: 'off', level: 'info' });
  });

  it('scoped to a route: its requests get debug lines and dumps, until disabled', async () => {
    const enabled = await debugRequest('/toggle', { method: 'POST', body: { route: '/orders/:id', durationSeconds: 120 } });
    expect(enabled.status).toBe(200);
    expect(await enabled.json()).toMatchObject({ active: true, mode: 'scoped', route: '/orders/:id', level: 'debug', dump: true });
    expect(await (await debugRequest('/toggle')).json()).toMatchObject({ active: true, remainingSeconds: expect.any(Number) });

    const order = await call('/orders/17', { sku: 'A-1', password: 'order-secret-pw' });
    const ping = await call('/ping');

    expect(messagesOf(order)).toEqual(['loading order', 'request dump', 'request completed']);
    expect(messagesOf(ping)).toEqual(['request completed']);
    const dump = linesOf(order).find((line) => line.msg === 'request dump');
    expect(dump).toMatchObject({
      trace_id: TRACE_ID,
      route: '/orders/:id',
      request: { headers: { authorization: '[REDACTED]' }, body: { json: { sku: 'A-1', password: '[REDACTED]' } } },
      response: { body: { json: { id: '17', received: { sku: 'A-1', password: '[REDACTED]' } } } },
    });
    expect(JSON.stringify(service.logs)).not.toMatch(/order-secret-pw|app-user-secret-token/);

    const disabled = await debugRequest('/toggle/disable', { method: 'POST' });
    expect(await disabled.json()).toMatchObject({ active: false, level: 'info' });
    const afterwards = await call('/orders/18');
    expect(messagesOf(afterwards)).toEqual(['request completed']);
  });

  it('global: debug lines and dumps from every route', async () => {
    await debugRequest('/toggle', { method: 'POST', body: { durationSeconds: 60, level: 'trace' } });

    const ping = await call('/ping');
    const order = await call('/orders/3');

    expect(messagesOf(ping)).toEqual(['ping', 'request dump', 'request completed']);
    expect(messagesOf(order)).toEqual(['loading order', 'request dump', 'request completed']);
    await debugRequest('/toggle/disable', { method: 'POST' });
  });

  it('global: turns itself off when its duration is over', async () => {
    const enabled = await debugRequest('/toggle', { method: 'POST', body: { durationSeconds: 0.5 } });
    expect(await enabled.json()).toMatchObject({ active: true, mode: 'global' });

    await service.waitForLog((line) => line.msg === 'debug toggle expired', 'the toggle expiring');
    const after = await call('/ping');

    expect(messagesOf(after)).toEqual(['request completed']);
    expect(await (await debugRequest('/toggle')).json()).toMatchObject({ active: false, level: 'info' });
    const expired = service.logs.find((line) => line.msg === 'debug toggle expired');
    expect(expired).toMatchObject({ reason: 'expired', debug_toggle: { mode: 'global', active: false, level: 'info' } });
  });
});
