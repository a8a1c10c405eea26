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
