import type { ServerResponse } from 'node:http';

type Write = ServerResponse['write'];
type End = ServerResponse['end'];

/**
 * The body bytes handed to one response, and the write()/end() it had before counting began.
 * The request pass's state implements it, so counting allocates nothing per request.
 */
export interface BodyCounter {
  bodyBytes: number;
  write: Write;
  end: End;
}

const kCounter = Symbol('sightline.bodyCounter');

type CountedResponse = ServerResponse & { [kCounter]: BodyCounter };

/** Bytes of one write()/end() chunk: strings by their encoded length, as Node sends them. */
function chunkBytes(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') {
    if (chunk.length === 0) return 0;
    return Buffer.byteLength(chunk, typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8');
  }
  return chunk instanceof Uint8Array ? chunk.byteLength : 0;
}

// One pair of module-level functions for every response, found through `this`: no closure
// and no bound function per request. Content-Length is not enough: res.end(string) and
// write()+end() carry none, and a header can promise bytes that were never written.
// Node's end(chunk) writes without going through this.write(), so no chunk counts twice.
function countingWrite(this: CountedResponse, chunk: unknown, encoding: unknown, callback: unknown): boolean {
  const counter = this[kCounter];
  // A write after end() is refused by Node (ERR_STREAM_WRITE_AFTER_END): nothing to count.
  if (!this.writableEnded) counter.bodyBytes += chunkBytes(chunk, encoding);
  return (counter.write as (this: ServerResponse, ...args: unknown[]) => boolean).call(this, chunk, encoding, callback);
}

function countingEnd(this: CountedResponse, chunk: unknown, encoding: unknown, callback: unknown): ServerResponse {
  const counter = this[kCounter];
  if (!this.writableEnded && typeof chunk !== 'function') counter.bodyBytes += chunkBytes(chunk, encoding);
  return (counter.end as (this: ServerResponse, ...args: unknown[]) => ServerResponse).call(this, chunk, encoding, callback);
}

/**
 * Counts the body bytes the app hands `res` from now on into `counter.bodyBytes`; `counter`
 * holds the response's own write() and end(), read before this call, which still do the
 * writing (also after the request pass has finished).
 */
export function countBodyBytes(res: ServerResponse, counter: BodyCounter): void {
  (res as CountedResponse)[kCounter] = counter;
  res.write = countingWrite as Write;
  res.end = countingEnd as End;
}

/** HEAD, 204 and 304 responses carry no body: Node drops what is written to them. */
export function responseBodyBytes(method: string, status: number, counter: BodyCounter): number {
  return method === 'HEAD' || status === 204 || status === 304 ? 0 : counter.bodyBytes;
}
