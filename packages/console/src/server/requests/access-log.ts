import type { FastifyInstance } from 'fastify';
import type { ConsoleLog } from '../log/index.js';
import { requestLabel } from './request-label.js';

/**
 * At level info or debug, one line per answered request: its id, method, URL (token hidden),
 * status and time to answer. Below info no hook is added, so the default level does no work per
 * request. The line is written when the answer is complete (Fastify's onResponse): a server-sent
 * event stream is logged when the console ends it, and an answer whose client left first (a
 * closed stream, a cancelled query: level debug reports those) has none.
 */
export function registerAccessLog(app: FastifyInstance, log: ConsoleLog): void {
  if (!log.enabled('info')) return;
  app.addHook('onResponse', (request, reply, done) => {
    log.info(`${requestLabel(request)} answered ${reply.statusCode} in ${reply.elapsedTime.toFixed(1)} ms`);
    done();
  });
}
