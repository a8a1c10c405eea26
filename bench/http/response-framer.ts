// Finds where each HTTP/1.1 response ends in the bytes a keep-alive connection receives: what a
// load generator needs to know (status code, end of body), nothing more. Bodies are framed by
// Content-Length or chunked transfer coding; a response with neither has an empty body here
// (the bench's servers always send one of the two: a body running to the close is not supported).

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:[^\r]*chunked/i;

export class ResponseFramingError extends Error {
  override readonly name = 'ResponseFramingError';
}

/** Feeds received bytes in; calls `onResponse(statusCode)` once per complete response, in order. */
export class ResponseFramer {
  #buffer: Buffer = Buffer.alloc(0);
  readonly #onResponse: (statusCode: number) => void;

  constructor(onResponse: (statusCode: number) => void) {
    this.#onResponse = onResponse;
  }

  /** Bytes received and not yet part of a complete response. */
  get pendingBytes(): number {
    return this.#buffer.length;
  }

  push(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const end = this.#responseEnd();
      if (end === -1) return;
      const statusCode = Number(this.#buffer.toString('latin1', 9, 12));
      this.#buffer = this.#buffer.subarray(end);
      this.#onResponse(statusCode);
    }
  }

  /** The offset just past the first complete response, or -1 while it is incomplete. */
  #responseEnd(): number {
    const headerEnd = this.#buffer.indexOf(HEADER_END);
    if (headerEnd === -1) return -1;
    if (this.#buffer.toString('latin1', 0, 5) !== 'HTTP/') {
      throw new ResponseFramingError(`not an HTTP response: ${JSON.stringify(this.#buffer.toString('latin1', 0, 40))}`);
    }
    const head = this.#buffer.toString('latin1', 0, headerEnd + 2);
    const bodyStart = headerEnd + HEADER_END.length;
    const length = CONTENT_LENGTH.exec(head);
    if (length !== null) {
      const end = bodyStart + Number(length[1]);
      return end <= this.#buffer.length ? end : -1;
    }
    return CHUNKED.test(head) ? this.#chunkedEnd(bodyStart) : bodyStart;
  }

  /** Walks the chunks from `offset`: the offset past the last chunk and its trailer section, or -1. */
  #chunkedEnd(offset: number): number {
    let at = offset;
    for (;;) {
      const lineEnd = this.#buffer.indexOf(CRLF, at);
      if (lineEnd === -1) return -1;
      const size = Number.parseInt(this.#buffer.toString('latin1', at, lineEnd), 16);
      if (Number.isNaN(size)) throw new ResponseFramingError('bad chunk size');
      if (size === 0) {
        // "0\r\n", trailer fields if any, then an empty line: the first CRLF CRLF from the size line's end.
        const trailerEnd = this.#buffer.indexOf(HEADER_END, lineEnd);
        return trailerEnd === -1 ? -1 : trailerEnd + HEADER_END.length;
      }
      at = lineEnd + CRLF.length + size + CRLF.length;
      if (at > this.#buffer.length) return -1;
    }
  }
}
