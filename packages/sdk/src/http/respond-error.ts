import type { ServerResponse } from 'node:http';

/**
 * The response for an unhandled error: 500 JSON with the request id, and never the stack
 * or message (they can carry internals) unless the app chose to expose them itself.
 */
export function respondWithError(res: ServerResponse, _error: unknown, requestId: string | undefined): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.destroy();
    return;
  }
  const body = JSON.stringify({ error: 'Internal Server Error', statusCode: 500, request_id: requestId });
  res.statusCode = 500;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
