import type { FastifyRequest } from 'fastify';
import { loggableUrl } from './loggable-url.js';

/** `request <id> (<method> <url>)`: how every line of the API names its request (the token hidden). */
export function requestLabel(request: FastifyRequest): string {
  return `request ${request.id} (${request.method} ${loggableUrl(request.url)})`;
}
