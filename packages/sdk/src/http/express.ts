import type { IncomingMessage } from 'node:http';
import { context } from '@opentelemetry/api';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Observer } from '../observer/index.js';
import { isClientError, respondWithError } from './respond-error.js';

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
  const probes = observer.health.endpoints;
  return function sightlineMiddleware(req, res, next) {
    // Probes first: no later middleware, no request pass (they stay out of the RED metrics).
    if (probes?.serve(req, res)) return;
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
 * Express 5 error middleware, registered after your routes. A 5xx or unknown error is recorded
 * on the request's span and access line (and so captured once by observer.errors), then
 * answered as JSON with the request id and no stack or message (respondWithError); once
 * headers are sent it goes on to Express, which closes the connection. Errors carrying a 4xx
 * `status` are the client's: passed on untouched to the next error handler.
 */
export function sightlineExpressErrors(observer: Observer): ErrorRequestHandler {
  const pass = observer.http;
  return function sightlineErrorMiddleware(error, _req, res, next) {
    if (isClientError(error)) {
      next(error);
      return;
    }
    const state = pass.stateOf(res);
    if (state !== undefined) pass.recordError(state, error);
    if (res.headersSent) {
      next(error);
      return;
    }
    respondWithError(res, error, state?.request.requestId);
  };
}
