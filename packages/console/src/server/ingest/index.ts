export { type CorsPolicy, DEFAULT_CORS_HEADERS } from './cors.js';
export { IngestError, type IngestErrorCode } from './ingest-errors.js';
export type { IngestSink } from './ingest-sink.js';
export { type OtlpRouteOptions, registerOtlpRoutes } from './otlp-routes.js';
export { createOtlpServer } from './otlp-server.js';
