import type { IncomingMessage } from 'node:http';
import { context } from '@opentelemetry/api';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Observer } from '../observer/index.js';

/**
 * Express knows the matched route only once its router ran, so the template is read when
 * the response closes: mount path + route path. Mount routers on static paths; for a
 * parameterised mount, call observer.setRoute() in the handler.
 */
function expressRoute(req: IncomingMessage): string | undefined {
  const route = (req as Request).route as { path?: unknown } | undefined;
  if (route === undefined || route.path === undefined) return undefined;
  const path = typeof route.path === 'string' ? route.path : String(route.path);
  return `${(req as Request).baseUrl ?? ''}${path}`;
}

/** Express 5 middleware: register it first, before routes and body parsers. */
export function sightlineExpress(observer: Observer): RequestHandler {
  const pass = observer.http;
  return function sightlineMiddleware(req, res, next) {
    let state: ReturnType<typeof pass.begin>;
    try {
      state = pass.begin(req, res, expressRoute);
    } catch (error) {
      observer.reportInternalError('http', error);
    }
    if (state === undefined) {
      next();
      return;
    }
    context.with(state.context, next);
  };
}

/**
 * Express 5 error middleware: records the error on the request's span and access line,
 * then hands it on (errors carrying a 4xx `status` are left to the status code). Register it
 * after your routes.
 */
export function sightlineExpressErrors(observer: Observer): ErrorRequestHandler {
  const pass = observer.http;
  return function sightlineErrorMiddleware(error, _req, res, next) {
    const state = pass.stateOf(res);
    // A 4xx error (body-parser's 400, an app's HttpError) is the client's, not the server's:
    // server spans fail only for 5xx (OTel HTTP semconv).
    const status =
      (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    if (state !== undefined && !clientError) pass.recordError(state, error);
    next(error);
  };
}
