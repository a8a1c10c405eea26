import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import { type RequestPass, type RequestState, requestPassOf, respondWithError } from '../http/index.js';
import type { Observer } from '../observer/index.js';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

function fail(pass: RequestPass, state: RequestState | undefined, res: ServerResponse, error: unknown): void {
  if (state !== undefined) pass.recordError(state, error);
  respondWithError(res, error, state?.request.requestId);
}

function invoke(handler: NodeHandler, req: IncomingMessage, res: ServerResponse, pass: RequestPass, state: RequestState | undefined): void {
  let result: unknown;
  try {
    result = handler(req, res);
  } catch (error) {
    fail(pass, state, res, error);
    return;
  }
  if (typeof (result as { then?: unknown } | null)?.then === 'function') {
    (result as Promise<unknown>).then(undefined, (error: unknown) => fail(pass, state, res, error));
  }
}

/**
 * Wraps a node:http request listener: the whole request runs in its context (logs carry
 * its ids), and a throw or rejection becomes a recorded error and a 500 JSON response.
 * Routes come from `http.routes` templates or from `observer.setRoute()` in the handler.
 */
export function sightlineHandler(observer: Observer, handler: NodeHandler): RequestListener {
  const pass = requestPassOf(observer);
  const probes = observer.health.endpoints;
  return function sightlineRequestListener(req, res) {
    // Probes first: no app code, no request pass (they stay out of the RED metrics).
    if (probes?.serve(req, res)) return;
    let state: RequestState | undefined;
    try {
      state = pass.begin(req, res);
    } catch (error) {
      observer.reportInternalError('http', error);
    }
    if (state === undefined) {
      invoke(handler, req, res, pass, undefined);
      return;
    }
    context.with(state.context, invoke, undefined, handler, req, res, pass, state);
  };
}
