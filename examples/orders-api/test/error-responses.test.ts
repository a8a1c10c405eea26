import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sightlineExpress, sightlineExpressErrors } from '@sightline/sdk/express';
import { createTestObserver, type TestObserver } from '@sightline/sdk/testing';
import express from 'express';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrdersApp } from '../src/app.js';
import { expectedErrors } from '../src/http-errors.js';

/** A pool whose every query fails the way a lost database does: an error no route expects. */
const brokenPool = { query: () => Promise.reject(new Error('connection terminated unexpectedly')) } as unknown as Pool;

async function listen(app: express.Express): Promise<{ server: Server; baseUrl: string }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('orders-api error responses (no database)', () => {
  let harness: TestObserver;
  let orders: { server: Server; baseUrl: string };
  let late: { server: Server; baseUrl: string };

  beforeAll(async () => {
    harness = createTestObserver({ serviceName: 'orders-api-errors' });
    orders = await listen(createOrdersApp({ observer: harness.observer, pool: brokenPool, paymentsUrl: 'http://127.0.0.1:9' }));
    // The app's error handlers, in its order, behind a route that fails after it began to answer.
    const app = express();
    app.use(sightlineExpress(harness.observer));
    app.get('/late', (_req, res, next) => {
      res.status(200).type('text/plain').write('half an answer');
      next(new Error('failed mid-response'));
    });
    app.use(expectedErrors);
    app.use(sightlineExpressErrors(harness.observer));
    late = await listen(app);
  });

  afterAll(async () => {
    orders?.server.close();
    late?.server.close();
    await harness?.observer.shutdown();
  });

  it('answers an unexpected error with the SDK’s 500 JSON carrying the request id, never the message', async () => {
    const response = await fetch(`${orders.baseUrl}/users/1`, { headers: { 'x-request-id': 'orders-broken-1' } });
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: 'Internal Server Error', statusCode: 500, request_id: 'orders-broken-1' });
    expect(body).not.toContain('connection terminated');
  });

  it('still answers a client error with the app’s own code', async () => {
    const response = await fetch(`${orders.baseUrl}/users/abc`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('closes the connection of a response that failed after its headers were sent, rather than leave it hanging', async () => {
    const response = await fetch(`${late.baseUrl}/late`, { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(200);
    const error = await response.text().then(
      () => undefined,
      (reason: unknown) => reason as Error,
    );
    expect(error?.name).not.toBe('TimeoutError');
    expect(error).toBeInstanceOf(Error);
  });
});
