import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Observer } from '@sightline/sdk';
import { sightlineHandler } from '@sightline/sdk/node';

const ROUTES = ['/users/:id', '/orders', '/slow', '/fail', '/metrics'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * A small instrumented node:http service for `npm start` until the orders example lands:
 * a few routes with realistic behaviour (lookups, writes, slow calls, failures).
 */
export function createDemoServer(observer: Observer): Server {
  const ordersPlaced = observer.metrics.counter({
    name: 'demo_orders_total',
    help: 'Orders placed in the demo service, by outcome.',
    labelNames: ['status'],
  });
  return createServer(
    sightlineHandler(observer, async (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path === '/metrics') return observer.metricsHandler(req, res);
      const user = /^\/users\/([^/]+)$/.exec(path);
      if (user && req.method === 'GET') {
        const id = Number(user[1]);
        if (!Number.isInteger(id) || id <= 0) return json(res, 400, { error: 'user id must be a positive integer' });
        observer.setUser(String(id));
        const found = await observer.span('db.lookup_user', async (span) => {
          span.setAttribute('db.system.name', 'memory');
          await sleep(2 + Math.random() * 8);
          return id <= 100;
        });
        if (!found) return json(res, 404, { error: `user ${id} not found` });
        observer.logger.debug({ user_id: id }, 'user loaded');
        return json(res, 200, { id, name: `user-${id}` });
      }
      if (path === '/orders' && req.method === 'POST') {
        await observer.span('order.validate', () => sleep(1 + Math.random() * 3));
        const failed = Math.random() < 0.05;
        ordersPlaced.inc({ status: failed ? 'failed' : 'placed' });
        if (failed) {
          observer.logger.error('payment provider declined the charge');
          return json(res, 502, { error: 'payment failed' });
        }
        return json(res, 201, { id: Math.floor(Math.random() * 1e6), status: 'placed' });
      }
      if (path === '/slow') {
        await sleep(1100 + Math.random() * 400);
        return json(res, 200, { ok: true });
      }
      if (path === '/fail') throw new Error('demo failure: the handler threw');
      return json(res, 404, { error: 'not found' });
    }),
  );
}

export { ROUTES as DEMO_ROUTES };

export async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
