import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../config/index.js';
import { createLoggerSetup } from '../log/index.js';
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

describe('RequestPass access line', () => {
  /** A pass whose access lines go to `lines`, written directly when `direct`, else through pino. */
  function loggingPass(direct: boolean, lines: string[]): RequestPass {
    const resolved = resolveOptions(
      { log: { sampling: false, destinations: [{ stream: { write: (line: string) => lines.push(line) } }] } },
      {},
    );
    const logs = createLoggerSetup({ serviceName: 'access', log: resolved.log, pretty: false });
    return pass({
      accessLogger: logs.accessLogger,
      ...(direct ? { directAccessLines: logs.directAccessLines } : {}),
      routeMatcher: new RouteMatcher(['/orders/:id']),
      propagator: new W3CTraceContextPropagator(),
    });
  }

  function serve(requestPass: RequestPass, url: string, headers: Record<string, string>, status: number, body: string) {
    const req = new IncomingMessage(new Socket());
    req.url = url;
    req.method = 'GET';
    Object.assign(req.headers, headers);
    const res = new ServerResponse(req);
    const state = requestPass.begin(req, res);
    if (state === undefined) throw new Error('the pass ignored the request');
    res.statusCode = status;
    res.write(body);
    requestPass.finish(state, res);
  }

  const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
  it.each([
    ['a plain request', '/orders/42?x=1', { 'x-request-id': 'same-id', 'user-agent': 'agent/1.0' }, 200, { request_id: 'same-id' }],
    ['quotes, escapes and a rejected id', '/no/"route"\\', { 'x-request-id': 'bad id "quoted"', 'user-agent': 'a\tb"c' }, 404, {}],
    ['a server error status', '/orders/7', { 'x-request-id': 'same-id' }, 503, {}],
    [
      'an id with every accepted punctuation mark, and a propagated trace',
      '/orders/1',
      { 'x-request-id': 'a.b_c:d@e/f+g=h-i', traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01` },
      200,
      { request_id: 'a.b_c:d@e/f+g=h-i', trace_id: TRACE_ID },
    ],
    [
      'an accepted id longer than pino quotes by hand',
      '/orders/2',
      { 'x-request-id': 'x/'.repeat(64) },
      200,
      { request_id: 'x/'.repeat(64) },
    ],
  ])('writes the same line directly as through pino, but for the time (%s)', (_case, url, headers, status, fields) => {
    const viaPino: string[] = [];
    const direct: string[] = [];
    serve(loggingPass(false, viaPino), url, headers, status, 'body');
    serve(loggingPass(true, direct), url, headers, status, 'body');

    // The time, the duration and a generated id differ between the two requests; an accepted id is compared as written.
    const timeless = (line: string | undefined) =>
      line
        ?.replace(/,"time":\d+/, '')
        .replace(/"duration_ms":[\d.]+/, '"duration_ms":0')
        .replace(/"request_id":"[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"/, '"request_id":"generated"');
    expect(direct).toHaveLength(1);
    expect(timeless(direct[0])).toBe(timeless(viaPino[0]));
    expect(JSON.parse(direct[0] as string)).toMatchObject({ path: url.split('?')[0], status, bytes: 4, aborted: true, ...fields });
  });
});
