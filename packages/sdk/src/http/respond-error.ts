import { type ServerResponse, STATUS_CODES } from 'node:http';
import { safeThrown } from '../thrown/index.js';

/** The HTTP status an error carries (`status` or `statusCode`, as http-errors and Fastify set them), if any. */
export function statusOf(error: unknown): number | undefined {
  const carrier = safeThrown(error) as { status?: unknown; statusCode?: unknown } | null;
  const status = carrier?.status ?? carrier?.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : undefined;
}

/**
 * A 4xx error (body-parser's 400, an app's HttpError, Fastify's validation) is the client's,
 * not the server's: server spans fail only for 5xx (OTel HTTP semconv), and it is not captured.
 */
export function isClientError(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && status < 500;
}

/**
 * The response for an unhandled error: JSON with the status and the request id, never the
 * stack or the message (they can carry internals: SQL, paths, secrets), in any environment.
 * The request id finds the captured event and its log line. A 5xx status the error carries
 * is kept; anything else is a 500. Once headers are sent, the connection is cut instead.
 */
export function respondWithError(res: ServerResponse, error: unknown, requestId: string | undefined): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.destroy();
    return;
  }
  const carried = statusOf(error);
  sendError(res, carried !== undefined && carried >= 500 ? carried : 500, requestId, undefined);
}

/**
 * The response for an error carrying a 4xx status (body-parser's 400 on malformed JSON, an
 * HttpError passed to next()): that status, as JSON like respondWithError's, never a stack. The
 * message is added only when the error marks it safe to show (`expose: true`, as http-errors
 * sets for 4xx: body-parser's "Unexpected end of JSON input"). Headers must not be sent yet.
 */
export function respondWithClientError(res: ServerResponse, thrown: unknown, requestId: string | undefined): void {
  const error = safeThrown(thrown);
  const exposed = (error as { expose?: unknown } | null)?.expose === true && error instanceof Error ? error.message : undefined;
  sendError(res, statusOf(error) ?? 400, requestId, exposed);
}

function sendError(res: ServerResponse, status: number, requestId: string | undefined, message: string | undefined): void {
  const reason = STATUS_CODES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
  const body = JSON.stringify({ error: reason, statusCode: status, message, request_id: requestId });
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
