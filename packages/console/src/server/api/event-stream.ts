import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/** How often the streams ask the store (the UI's refresh rate, like otel-desktop-viewer's poll). */
export const STREAM_POLL_MS = 1_000;
/** An idle stream writes a comment this often, so proxies do not close it. */
export const STREAM_HEARTBEAT_MS = 15_000;

/**
 * Takes the response over from Fastify and opens a server-sent event stream on it (no caching,
 * no proxy buffering), with a first comment line so clients see it open at once.
 */
export function openEventStream(reply: FastifyReply, comment: string): ServerResponse {
  const raw = reply.raw;
  reply.hijack();
  // The headers hooks set on the reply (x-request-id) go out too: hijacking would leave them unsent.
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(`: ${comment}\n\n`);
  return raw;
}
