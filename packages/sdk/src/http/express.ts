import { context } from '@opentelemetry/api';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Observer } from '../observer/index.js';
import { expressRoute } from './express-route.js';
import { isClientError, respondWithError } from './respond-error.js';

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
