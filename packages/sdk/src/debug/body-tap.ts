import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Copies of the first bytes of a body as it streams past, and the count of all of them.
 * Only ever built while request dumps are on, one per tapped body.
 */
export class BodyCapture {
  readonly #limit: number;
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  /** Bytes seen, kept or not. */
  total = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(chunk: unknown, encoding: unknown): void {
    if (typeof chunk === 'string') {
      const charset = typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8';
      this.total += Buffer.byteLength(chunk, charset);
      const room = this.#limit - this.#kept;
      if (room <= 0) return;
      // A character is at least one byte in these charsets: `room` characters are enough.
      const bytewise = charset === 'utf8' || charset === 'utf-8' || charset === 'latin1' || charset === 'ascii';
      this.#keep(Buffer.from(bytewise ? chunk.slice(0, room) : chunk, charset), room, false);
    } else if (chunk instanceof Uint8Array) {
      this.total += chunk.byteLength;
      const room = this.#limit - this.#kept;
      if (room > 0) this.#keep(chunk, room, true);
    }
  }

  /** The kept bytes (at most the limit). */
  bytes(): Buffer {
    return this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks);
  }

  /** True when bytes were seen past the limit. */
  get truncated(): boolean {
    return this.total > this.#kept;
  }

  #keep(chunk: Uint8Array, room: number, copy: boolean): void {
    const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
    // The app keeps using its buffers (and may reuse them): keep a copy, not a view.
    this.#chunks.push(copy || part !== chunk ? Buffer.from(part) : (part as Buffer));
    this.#kept += part.byteLength;
  }
}

const kTap = Symbol('sightline.bodyTap');

type PushFunction = (chunk: unknown, encoding?: BufferEncoding) => boolean;
type WriteFunction = (...args: unknown[]) => unknown;

interface RequestTap {
  readonly capture: BodyCapture;
  /** req.url when the request began: routers (Express's mounted ones) rewrite req.url later. */
  readonly url: string;
  readonly push: PushFunction;
}

interface ResponseTap {
  readonly capture: BodyCapture;
  readonly write: WriteFunction;
  readonly end: WriteFunction;
}

type TappedRequest = IncomingMessage & { [kTap]?: RequestTap };
type TappedResponse = ServerResponse & { [kTap]?: ResponseTap };

/**
 * The HTTP parser hands each body chunk to `req.push()` (node's _http_common parserOnBody),
 * whether or not, and however late, the app reads it. Observing push sees every byte without
 * adding a 'data' listener, which would switch the stream to flowing mode and hand chunks
 * out before the app's own reader (a body parser, `for await`) is attached.
 */
function tappedPush(this: TappedRequest, chunk: unknown, encoding?: BufferEncoding): boolean {
  const tap = this[kTap] as RequestTap;
  if (chunk !== null) tap.capture.add(chunk, encoding);
  return tap.push.call(this, chunk, encoding);
}

function tappedWrite(this: TappedResponse, ...args: unknown[]): unknown {
  const tap = this[kTap] as ResponseTap;
  tap.capture.add(args[0], args[1]);
  return Reflect.apply(tap.write, this, args);
}

function tappedEnd(this: TappedResponse, ...args: unknown[]): unknown {
  const tap = this[kTap] as ResponseTap;
  tap.capture.add(args[0], args[1]);
  return Reflect.apply(tap.end, this, args);
}

/**
 * Starts copying this request's body, capped at `limit` bytes. Call it before the body
 * arrives: in the request pass's onBegin, which runs from the server's 'request' event.
 */
export function tapRequestBody(req: IncomingMessage, limit: number): void {
  const tapped = req as TappedRequest;
  if (tapped[kTap] !== undefined) return;
  tapped[kTap] = { capture: new BodyCapture(limit), url: req.url ?? '/', push: req.push as PushFunction };
  req.push = tappedPush as IncomingMessage['push'];
}

/** Starts copying what the app writes to this response (and only this one), capped at `limit`. */
export function tapResponseBody(res: ServerResponse, limit: number): void {
  const tapped = res as TappedResponse;
  if (tapped[kTap] !== undefined) return;
  tapped[kTap] = { capture: new BodyCapture(limit), write: res.write as WriteFunction, end: res.end as WriteFunction };
  res.write = tappedWrite as ServerResponse['write'];
  res.end = tappedEnd as ServerResponse['end'];
}

/** What the request tap saw, or undefined for a request that was not tapped. */
export function requestTapOf(req: IncomingMessage): { readonly capture: BodyCapture; readonly url: string } | undefined {
  return (req as TappedRequest)[kTap];
}

export function responseCaptureOf(res: ServerResponse): BodyCapture | undefined {
  return (res as TappedResponse)[kTap]?.capture;
}
