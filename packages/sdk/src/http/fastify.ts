import { context } from '@opentelemetry/api';
import type { FastifyPluginCallback } from 'fastify';
import type { Observer } from '../observer/index.js';

/**
 * Fastify 5 plugin built on hooks (no Express shim). onRequest starts the pass with the
 * route template Fastify already knows; preHandler re-enters the request's context,
 * because body parsing runs in the socket's async context, not the request's.
 */
export function sightlineFastify(observer: Observer): FastifyPluginCallback {
  const pass = observer.http;
  const plugin: FastifyPluginCallback = (fastify, _options, done) => {
    fastify.addHook('onRequest', (request, reply, next) => {
      let state: ReturnType<typeof pass.begin>;
      try {
        state = pass.begin(request.raw, reply.raw);
      } catch (error) {
        observer.reportInternalError('http', error);
      }
      if (state === undefined) {
        next();
        return;
      }
      pass.setRoute(state, request.routeOptions.url);
      context.with(state.context, next);
    });
    fastify.addHook('preHandler', (_request, reply, next) => {
      const state = pass.stateOf(reply.raw);
      if (state === undefined) next();
      else context.with(state.context, next);
    });
    fastify.addHook('onError', (_request, reply, error, next) => {
      const state = pass.stateOf(reply.raw);
      if (state !== undefined) pass.recordError(state, error);
      next();
    });
    done();
  };
  // What fastify-plugin does: hooks apply to the whole app, not an encapsulated child.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: '@sightline/sdk' });
  return plugin;
}
