export { type ApiOptions, registerApiRoutes } from './api-routes.js';
export { buildOpenApiDocument } from './openapi.js';
export * from './schemas.js';
export { ApiRequestError } from './validate.js';
