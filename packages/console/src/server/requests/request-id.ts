import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's id is kept when it cannot forge a log line or a header: bounded, no spaces, no controls. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's `genReqId`: the caller's `x-request-id` when it is sane, else a random UUID, so a
 * script finds its request in the console's output by its own id, and an id in a 500 answer
 * names one request across restarts (Fastify's default, req-1, req-2…, restarts at each run).
 */
export function requestIdOf(request: { readonly headers: IncomingHttpHeaders }): string {
  const offered = request.headers[REQUEST_ID_HEADER];
  return typeof offered === 'string' && SANE_REQUEST_ID.test(offered) ? offered : randomUUID();
}

/**
 * Echoes the request id in an `x-request-id` header on every answer: set when the request
 * arrives, so it is there on a 401 from the token check, a 404, an error handler's 4xx/5xx and
 * a server-sent event stream (which writes the reply's headers). Register before the token check.
 */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
