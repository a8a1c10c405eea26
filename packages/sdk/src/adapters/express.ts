import { context } from '@opentelemetry/api';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isClientError, requestPassOf, respondWithClientError, respondWithError } from '../http/index.js';
import type { Observer } from '../observer/index.js';
import { hasLaterErrorHandler } from './express-error-chain.js';
import { expressIntendedRoute, expressRoute } from './express-route.js';

/** Express 5 middleware: register it first, before routes and body parsers. */
export function sightlineExpress(observer: Observer): RequestHandler {
  const pass = requestPassOf(observer);
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
 * answered as JSON with the request id and no stack or message (respondWithError). Errors
 * carrying a 4xx `status` are the client's and not recorded: passed on to the app's error
 * handler when one is registered after this one, else answered as JSON with that status
 * (respondWithClientError), never Express's HTML page, which shows the stack unless NODE_ENV
 * is production. Once headers are sent, either goes on to Express, which closes the
 * connection. An error raised before routing (a body parser) names the route it was headed for.
 */
export function sightlineExpressErrors(observer: Observer): ErrorRequestHandler {
  const pass = requestPassOf(observer);
  return function sightlineErrorMiddleware(error, req, res, next) {
    const state = pass.stateOf(res);
    if (state !== undefined && req.route === undefined && state.request.route === undefined) {
      pass.setRoute(state, expressIntendedRoute(req));
    }
    if (isClientError(error)) {
      if (res.headersSent || hasLaterErrorHandler(req, sightlineErrorMiddleware)) next(error);
      else respondWithClientError(res, error, state?.request.requestId);
      return;
    }
    if (state !== undefined) pass.recordError(state, error);
    if (res.headersSent) {
      next(error);
      return;
    }
    respondWithError(res, error, state?.request.requestId);
  };
}
