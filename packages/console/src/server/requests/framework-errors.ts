import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from './request-id.js';

/**
 * Fastify's `frameworkErrors`: what the router refuses before any hook runs (a path that is not
 * valid percent-encoding, a parameter past its length limit), answered as the API answers a bad
 * request and with the request id header, which the onRequest hook never got to set.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply
    .header(REQUEST_ID_HEADER, request.id)
    .code(error.statusCode ?? 400)
    .send({ error: 'bad_request', message: error.message });
}
