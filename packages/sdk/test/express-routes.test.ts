import { createServer } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sightlineExpress } from '../src/adapters/express.js';
import { eventually } from '../src/testing/index.js';
import { createObserverHarness, type ObserverHarness } from './support/observer-harness.js';
import { listen, type RunningApp } from './support/running-app.js';

describe('Express route templates under mounted routers', () => {
  let harness: ObserverHarness;
  let app: RunningApp;

  beforeAll(async () => {
    harness = createObserverHarness('express-routes');
    const server = express();
    server.use(sightlineExpress(harness.observer));

    const ok = (_req: express.Request, res: express.Response) => {
      res.json({ ok: true });
    };
    // A router mounted under a parameter, with a router nested under another parameter.
    const orders = express.Router({ mergeParams: true });
    orders.get('/:orderId', ok);
    const lines = express.Router({ mergeParams: true });
    lines.get('/:lineId', ok);
    orders.use('/:orderId/lines', lines);
    server.use('/users/:userId/orders', orders);
    // A static mount, and one router mounted at two paths.
    const api = express.Router();
    api.get('/items/:id', ok);
    server.use('/api/v2', api);
    const shared = express.Router();
    shared.get('/status', ok);
    server.use('/teams/:teamId', shared);
    server.use('/admin', shared);
    server.get('/plain/:id', ok);
    // A mounted sub-app, with a router mounted under a parameter inside it.
    const sub = express();
    sub.get('/ping/:n', ok);
    const subOrders = express.Router();
    subOrders.get('/:id', ok);
    sub.use('/orders/:userId', subOrders);
    server.use('/sub', sub);
    // One route with several paths, at the top and under a parameterised mount.
    server.get(['/a/:x', '/b/:y'], ok);
    const multi = express.Router();
    multi.get(['/p/:x', '/q/:y'], ok);
    server.use('/multi/:teamId', multi);
    app = await listen(createServer(server));
  });

  afterAll(async () => {
    await app.close();
    await harness.observer.shutdown();
  });

  async function routeOf(path: string): Promise<unknown> {
    const response = await fetch(`${app.baseUrl}${path}`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    const line = await eventually(
      () => harness.lines.find((l) => l.msg === 'request completed' && l.path === path),
      `access line for ${path}`,
    );
    return line.route;
  }

  it.each([
    ['/users/42/orders/7', '/users/:userId/orders/:orderId'],
    ['/users/42/orders/7/lines/3', '/users/:userId/orders/:orderId/lines/:lineId'],
    ['/api/v2/items/9', '/api/v2/items/:id'],
    ['/teams/red/status', '/teams/:teamId/status'],
    ['/admin/status', '/admin/status'],
    ['/plain/5', '/plain/:id'],
    ['/sub/ping/5', '/sub/ping/:n'],
    ['/sub/orders/42/7', '/sub/orders/:userId/:id'],
    ['/a/1', '/a/:x'],
    ['/b/2', '/b/:y'],
    ['/multi/red/q/3', '/multi/:teamId/q/:y'],
  ])('names %s by its template %s, never its ids', async (path, template) => {
    expect(await routeOf(path)).toBe(template);
  });

  it('labels the duration metric with the templates only', async () => {
    const text = await harness.observer.metrics.render(undefined).then((rendered) => rendered.body);
    const routes = [...text.matchAll(/http_server_request_duration_seconds_count\{[^}]*http_route="([^"]+)"/g)].map((m) => m[1]);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route).not.toMatch(/\/(42|7|3|9|red|5)(\/|$)/);
  });
});
