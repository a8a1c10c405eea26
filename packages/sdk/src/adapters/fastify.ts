import { context } from '@opentelemetry/api';
import type { FastifyPluginCallback } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { isClientError, requestPassOf } from '../http/index.js';
import type { Observer } from '../observer/index.js';

/**
 * Fastify 5 plugin built on hooks (no Express shim), wrapped by fastify-plugin. onRequest
 * starts the pass with the route template Fastify already knows; preHandler re-enters the
 * request's context, because body parsing runs in the socket's async context, not the request's.
 */
export function sightlineFastify(observer: Observer): FastifyPluginCallback {
  const pass = requestPassOf(observer);
  const probes = observer.health.endpoints;
  const plugin: FastifyPluginCallback = (fastify, _options, done) => {
    fastify.addHook('onRequest', (request, reply, next) => {
      // Probes first, whether or not a route matches: the app's own hooks and the pass never see them.
      if (probes?.serve(request.raw, reply.raw)) {
        reply.hijack();
        return;
      }
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
    // Runs before the error handler: a 4xx error (validation, an app's 404) does not fail the
    // span; a 5xx is recorded, and captured once by observer.errors when the response closes.
    // The reply stays Fastify's (or the app's error handler's): JSON without a stack.
    fastify.addHook('onError', (_request, reply, error, next) => {
      const state = pass.stateOf(reply.raw);
      if (state !== undefined && !isClientError(error)) pass.recordError(state, error);
      next();
    });
    done();
  };
  // Not encapsulated (skip-override): the hooks apply to the whole app, routes of sibling
  // plugins included. Fastify checks the range at register() and refuses another major with
  // FST_ERR_PLUGIN_VERSION_MISMATCH; keep it in step with the fastify peer dependency.
  return fastifyPlugin(plugin, { name: '@sightline/sdk', fastify: '5.x' });
}
