import type { FastifyInstance } from 'fastify';
import type { ConsoleLog } from '../log/index.js';
import { requestLabel } from '../requests/index.js';
import { QueryCancelledError } from '../store/index.js';
import { ApiRequestError } from './validate.js';

/**
 * How the API answers a failure: a refused request (400/404) with the parameters at fault, a
 * query whose client left with 499, any other 4xx as it came; everything else is the console's
 * own failure, answered 500 with the request id and reported with that id and the error's
 * stack (level error), so the answer a script got can be found in the console's output; the
 * id is the caller's `x-request-id` when it sent one.
 */
export function registerErrorAnswers(app: FastifyInstance, log: ConsoleLog): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiRequestError) {
      reply.code(error.statusCode).send({ error: error.error, message: error.message, issues: error.issues });
      return;
    }
    if (error instanceof QueryCancelledError) {
      // The client went away: nobody reads this answer (499, nginx's "client closed request").
      log.debug(`${requestLabel(request)} cancelled: the client went away (499)`);
      reply.code(499).send({ error: 'cancelled', message: error.message });
      return;
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      reply.code(status).send({ error: 'bad_request', message: (error as Error).message });
      return;
    }
    const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    log.error(`${requestLabel(request)} failed with 500: ${detail}`);
    reply.code(500).send({ error: 'internal', message: 'the console failed to answer this query', requestId: request.id });
  });
}
