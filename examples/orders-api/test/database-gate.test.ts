import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseGate, isDatabaseUnavailable } from '../src/database-gate.js';
import { expectedErrors } from '../src/http-errors.js';

/** An error as pg gives it when nothing listens on the database's port. */
function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

let server: Server | undefined;

afterEach(async () => {
  if (server) await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A route behind the gate that fails with whatever `failure()` gives (nothing: it answers 200), counting its calls. */
async function gatedApp(gate: DatabaseGate, failure: () => Error | undefined) {
  let calls = 0;
  const app = express();
  app.use('/products', gate.guard);
  app.get('/products', (_req, res, next) => {
    calls++;
    const error = failure();
    if (error) next(error);
    else res.json({ products: [] });
  });
  app.use(gate.onError);
  app.use(expectedErrors);
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/products`;
  const get = async () => {
    const response = await fetch(url);
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      // Express's own handler answers the unhandled ones in HTML.
      body: response.headers.get('content-type')?.includes('json')
        ? ((await response.json()) as { error?: string })
        : await response.text(),
    };
  };
  return { get, calls: () => calls };
}

describe('DatabaseGate', () => {
  it('tells a lost database from a failing query', () => {
    expect(isDatabaseUnavailable(refused())).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('relation "products" does not exist'), { code: '42P01' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('answers 503 database_unavailable, then fails fast without calling the route until a trial is due', async () => {
    const app = await gatedApp(new DatabaseGate(60_000), refused);
    expect(await app.get()).toEqual({ status: 503, retryAfter: '60', body: expect.objectContaining({ error: 'database_unavailable' }) });
    expect(await app.get()).toEqual({ status: 503, retryAfter: '60', body: expect.objectContaining({ error: 'database_unavailable' }) });
    expect(await app.get()).toMatchObject({ status: 503 });
    expect(app.calls()).toBe(1);
  });

  it('lets one trial request through once retryAfterMs passed, and opens again when it is served', async () => {
    let down = true;
    let now = 0;
    const app = await gatedApp(new DatabaseGate(1000, () => now), () => (down ? refused() : undefined));
    expect((await app.get()).status).toBe(503);
    now = 999;
    expect((await app.get()).status).toBe(503);
    expect(app.calls()).toBe(1);
    // Still down: the trial fails and closes the gate again.
    now = 1000;
    expect((await app.get()).status).toBe(503);
    expect(app.calls()).toBe(2);
    now = 1500;
    expect((await app.get()).status).toBe(503);
    expect(app.calls()).toBe(2);
    down = false;
    now = 2000;
    expect((await app.get()).status).toBe(200);
    expect((await app.get()).status).toBe(200);
    expect(app.calls()).toBe(4);
  });

  it('leaves other errors to the next handlers', async () => {
    const app = await gatedApp(new DatabaseGate(60_000), () => Object.assign(new Error('no such table'), { code: '42P01' }));
    expect((await app.get()).status).toBe(500);
    expect((await app.get()).status).toBe(500);
    expect(app.calls()).toBe(2);
  });
});
