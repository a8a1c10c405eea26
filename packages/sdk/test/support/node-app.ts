import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { sightlineHandler } from '../../src/adapters/node.js';
import type { Observer } from '../../src/index.js';
import { CHUNKED_BODY, ConformanceRoutes, ROUTE_TEMPLATES, type RouteResult, TEXT_BODY } from './conformance-routes.js';
import { type AdapterUnderTest, listen, type RunningApp } from './running-app.js';

const USER_PATH = /^\/users\/([^/]+)$/;

function send(res: ServerResponse, { status, body }: RouteResult): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** res.write() each chunk but the last, then res.end(last): no Content-Length, as streaming handlers do. */
function sendChunks(res: ServerResponse, chunks: readonly string[]): void {
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  for (let i = 0; i < chunks.length - 1; i++) res.write(chunks[i]);
  res.end(chunks[chunks.length - 1]);
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  return JSON.parse(await readText(req));
}

/**
 * A hand-written router: deliberately not `async`, so GET /throw throws synchronously into
 * the adapter and the async routes hand it a promise that rejects.
 */
function createRouter(observer: Observer) {
  const routes = new ConformanceRoutes(observer);
  return function route(req: IncomingMessage, res: ServerResponse): unknown {
    const path = (req.url ?? '/').split('?')[0] as string;
    const user = USER_PATH.exec(path);
    if ((req.method === 'GET' || req.method === 'HEAD') && user !== null)
      return send(res, routes.getUser(decodeURIComponent(user[1] as string)));
    if (req.method === 'POST' && path === '/orders') return readJson(req).then((order) => send(res, routes.createOrder(order)));
    if (req.method === 'POST' && path === '/form') {
      return readText(req).then((text) => send(res, routes.submitForm(Object.fromEntries(new URLSearchParams(text)))));
    }
    if (req.method !== 'GET') return send(res, { status: 404, body: { error: 'not found' } });
    switch (path) {
      case '/metrics':
        return observer.metricsHandler(req, res);
      case '/slow':
        return routes.slow().then((result) => send(res, result));
      case '/fail':
        return send(res, routes.fail());
      case '/throw':
        return routes.throwSync();
      case '/reject':
        return routes.reject();
      case '/log':
        return routes.log().then((result) => send(res, result));
      case '/child-span':
        return routes.childSpan().then((result) => send(res, result));
      case '/chunked':
        return sendChunks(res, CHUNKED_BODY);
      case '/text':
        return res.end(TEXT_BODY);
      case '/empty':
        res.statusCode = 204;
        return res.end();
      case '/concurrent':
        return routes.concurrent(req.headers['x-request-id'] as string | undefined).then((result) => send(res, result));
      default:
        return send(res, { status: 404, body: { error: 'not found' } });
    }
  };
}

export const nodeAdapter: AdapterUnderTest = {
  name: 'node:http',
  routeTemplates: ROUTE_TEMPLATES,
  start(observer: Observer): Promise<RunningApp> {
    return listen(createServer(sightlineHandler(observer, createRouter(observer))));
  },
};
