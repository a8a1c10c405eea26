import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createObserver } from '../observer/index.js';

const quiet = { destinations: [{ stream: { write: () => {} } }] };
const base = { env: {}, registerGlobal: false, log: quiet, trace: { enabled: false }, metrics: { defaultMetrics: false } };

describe('observer.debug', () => {
  it('is off when the environment is not explicitly development: no server, no token', async () => {
    const observer = createObserver({ ...base });
    expect(observer.debug.enabled).toBe(false);
    expect(observer.debug.token).toBeUndefined();
    expect(await observer.debug.ready()).toBeUndefined();
    await observer.shutdown();
  });

  it('starts with the observer, answers with its token, and closes on shutdown', async () => {
    const observer = createObserver({ ...base, environment: 'development', debug: { port: 0 } });
    expect(observer.debug.enabled).toBe(true);
    const address = await observer.debug.ready();
    expect(address?.host).toBe('127.0.0.1');
    const response = await fetch(`${address?.url}/heap/stats`, { headers: { authorization: `Bearer ${observer.debug.token}` } });
    expect(response.status).toBe(200);
    await observer.shutdown();
    await expect(fetch(`${address?.url}`, { headers: { authorization: `Bearer ${observer.debug.token}` } })).rejects.toThrow();
  });

  it('contains a port already in use: counted as an internal error, the app keeps running', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    const observer = createObserver({ ...base, debug: { enabled: true, port } });
    expect(await observer.debug.ready()).toBeUndefined();
    const metrics = await observer.metrics.render();
    expect(metrics.body).toMatch(/sightline_internal_errors_total\{component="debug-server"\} 1/);
    await observer.shutdown();
    blocker.close();
  });
});

describe('error groups on the debug server', () => {
  it('lists the groups and serves one by fingerprint, with the token only', async () => {
    const observer = createObserver({ ...base, environment: 'development', debug: { port: 0 } });
    const address = await observer.debug.ready();
    const auth = { authorization: `Bearer ${observer.debug.token}` };
    for (const id of [1, 2]) observer.errors.capture(new RangeError(`quantity ${id} out of range`));
    observer.errors.capture(new TypeError('cart is undefined'));

    const listed = await fetch(`${address?.url}/errors`, { headers: auth });
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { total: number; groups: Record<string, unknown>[] };
    expect(body.total).toBe(2);
    const [latest, earlier] = body.groups;
    expect(latest).toMatchObject({ type: 'TypeError', message: 'cart is undefined', count: 1, routes: [] });
    expect(earlier).toMatchObject({ type: 'RangeError', message: 'quantity 1 out of range', count: 2 });
    expect(earlier?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(Date.parse(String(earlier?.firstSeen))).toBeLessThanOrEqual(Date.parse(String(earlier?.lastSeen)));
    expect(String(earlier?.stack)).toContain('RangeError: quantity 1 out of range');

    const one = await fetch(`${address?.url}/errors/${earlier?.fingerprint}`, { headers: auth });
    expect(await one.json()).toEqual(earlier);
    expect((await fetch(`${address?.url}/errors?limit=1`, { headers: auth }).then((r) => r.json())) as unknown).toMatchObject({
      total: 2,
      groups: [{ type: 'TypeError' }],
    });
    expect((await fetch(`${address?.url}/errors/0000000000000000`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${address?.url}/errors`)).status).toBe(401);
    expect((await fetch(`${address?.url}/errors/${earlier?.fingerprint}`)).status).toBe(401);
    await observer.shutdown();
  });

  it('counts groups in sightline_error_groups and new ones in sightline_error_groups_created_total, both from 0', async () => {
    const observer = createObserver({ ...base });
    const before = (await observer.metrics.render()).body;
    expect(before).toContain('sightline_error_groups 0');
    expect(before).toContain('sightline_error_groups_created_total 0');

    for (const id of [1, 2]) observer.errors.capture(new RangeError(`quantity ${id} out of range`));
    observer.errors.capture(new TypeError('cart is undefined'));
    const after = (await observer.metrics.render()).body;
    expect(after).toContain('sightline_error_groups 2');
    expect(after).toContain('sightline_error_groups_created_total 2');
    await observer.shutdown();
  });
});
