import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { trace } from '@opentelemetry/api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RequestPass, type RequestPassOptions } from './request-pass.js';
import { RouteMatcher } from './route-template.js';

function pass(extra: Partial<RequestPassOptions> = {}): RequestPass {
  return new RequestPass({
    tracer: trace.getTracer('request-pass-test'),
    tracingEnabled: false,
    metrics: undefined,
    accessLogger: pino({ level: 'silent' }),
    slowRequestMs: 1000,
    requestIdHeader: 'x-request-id',
    ignorePaths: [],
    onInternalError: (_component, error) => {
      throw error;
    },
    ...extra,
  });
}

function begin(requestPass: RequestPass, url: string, routeOf?: (req: IncomingMessage) => string | undefined) {
  const req = new IncomingMessage(new Socket());
  req.url = url;
  req.method = 'GET';
  const state = requestPass.begin(req, new ServerResponse(req), routeOf);
  if (state === undefined) throw new Error('the pass ignored the request');
  return state;
}

describe('RequestPass.routeNow', () => {
  const withRoutes = pass({ routeMatcher: new RouteMatcher(['/orders/:id']) });

  it('names the route from the http.routes templates when nothing else knows it', () => {
    expect(withRoutes.routeNow(begin(withRoutes, '/orders/42?full=1'))).toBe('/orders/:id');
  });

  it("prefers the framework's lookup on req to the templates", () => {
    expect(withRoutes.routeNow(begin(withRoutes, '/orders/42', () => '/orders/:orderId'))).toBe('/orders/:orderId');
  });

  it('prefers the route set on the request to any lookup', () => {
    const state = begin(withRoutes, '/orders/42', () => '/orders/:orderId');
    withRoutes.setRoute(state, '/set/by/app');
    expect(withRoutes.routeNow(state)).toBe('/set/by/app');
  });

  it('knows no route for a path no template matches, or without templates', () => {
    expect(withRoutes.routeNow(begin(withRoutes, '/carts/1'))).toBeUndefined();
    const bare = pass();
    expect(bare.routeNow(begin(bare, '/orders/42'))).toBeUndefined();
  });
});
