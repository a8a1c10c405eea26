import Fastify, { type FastifyInstance } from 'fastify';
import { type OtlpRouteOptions, registerOtlpRoutes } from './otlp-routes.js';

/**
 * The OTLP/HTTP receiver as a server of its own (the console serves its UI and API on another
 * port, so an exporter's key never opens the UI and the UI's token never accepts telemetry).
 */
export function createOtlpServer(options: OtlpRouteOptions): FastifyInstance {
  // bodyLimit bounds what Fastify itself would buffer; the receiver's own limit, after
  // decompression, is enforced by readBody.
  const app = Fastify({ logger: false, bodyLimit: options.maxBodyBytes, forceCloseConnections: 'idle' });
  registerOtlpRoutes(app, options);
  return app;
}
