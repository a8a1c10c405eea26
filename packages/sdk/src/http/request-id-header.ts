import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

type WriteHead = ServerResponse['writeHead'];
type WriteHeadFunction = (this: ServerResponse, statusCode: number, reason?: unknown, headers?: unknown) => ServerResponse;

/**
 * The request id echoed in one response's head, and the writeHead() the response had before.
 * The request pass's state implements it, so stamping allocates nothing per request.
 */
export interface RequestIdStamp {
  /** Lower case, checked at setup. */
  readonly idHeader: string;
  readonly request: { readonly requestId: string };
  writeHead: WriteHead;
  /** The headers object writeHead() took, if one: Node keeps it nowhere getHeaders() can see. */
  headObject: OutgoingHttpHeaders | undefined;
}

const kStamp = Symbol('sightline.requestIdStamp');

type StampedResponse = ServerResponse & { [kStamp]: RequestIdStamp };

/** Whether a headers object names `lowerName` in any letter case. */
function names(headers: OutgoingHttpHeaders, lowerName: string): boolean {
  for (const key in headers) {
    if (key.length === lowerName.length && key.toLowerCase() === lowerName) return true;
  }
  return false;
}

// One module-level function for every response, found through `this`. Node builds the head in
// writeHead(), also when the app never calls it (a first write() or end() reaches it through
// _implicitHeader(), which calls this.writeHead(statusCode)). When a headers object comes with it
// and no header was set before, Node takes the object as the head as it is; a header set earlier
// with setHeader() makes it copy the object header by header through setHeader() and validate
// each twice, which cost more than the rest of the access line. So the id joins a copy of the
// object here instead of being set when the request begins.
function writeHeadWithRequestId(this: StampedResponse, statusCode: number, reason?: unknown, headers?: unknown): ServerResponse {
  const stamp = this[kStamp];
  const writeHead = stamp.writeHead as unknown as WriteHeadFunction;
  if (this.headersSent) return writeHead.call(this, statusCode, reason, headers);
  const name = stamp.idHeader;
  const value = stamp.request.requestId;
  const object = typeof reason === 'string' ? headers : reason;
  if (object !== null && typeof object === 'object' && !Array.isArray(object)) {
    // A header the app set (here or before) is the app's to send.
    if (this.hasHeader(name) || names(object as OutgoingHttpHeaders, name)) {
      stamp.headObject = object as OutgoingHttpHeaders;
      return writeHead.call(this, statusCode, reason, headers);
    }
    const withId = { [name]: value, ...(object as OutgoingHttpHeaders) };
    stamp.headObject = withId;
    return typeof reason === 'string' ? writeHead.call(this, statusCode, reason, withId) : writeHead.call(this, statusCode, withId);
  }
  // No headers object, or raw [name, value] pairs (Node drops a set header the pairs name again).
  if (!this.hasHeader(name)) this.setHeader(name, value);
  return writeHead.call(this, statusCode, reason, headers);
}

/**
 * Echoes the request id in `res`'s head (as `stamp.idHeader`) unless the app sends that header
 * itself. `stamp.writeHead` holds the response's own writeHead(), read before this call, which
 * still writes the head. Until the head is written, res.getHeader(idHeader) is the app's own.
 */
export function stampRequestId(res: ServerResponse, stamp: RequestIdStamp): void {
  (res as StampedResponse)[kStamp] = stamp;
  res.writeHead = writeHeadWithRequestId as unknown as WriteHead;
}

/**
 * The headers `res`'s head carried (or will carry, before it is written), names in lower case:
 * getHeaders() plus a headers object handed to writeHead(), which Node sends without keeping.
 */
export function sentHeaders(res: ServerResponse): OutgoingHttpHeaders {
  const headers = res.getHeaders();
  const object = (res as Partial<StampedResponse>)[kStamp]?.headObject;
  if (object === undefined) return headers;
  const merged: OutgoingHttpHeaders = { ...headers };
  for (const [name, value] of Object.entries(object)) merged[name.toLowerCase()] = value;
  return merged;
}
