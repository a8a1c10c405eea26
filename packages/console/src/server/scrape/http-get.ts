import { type Agent, type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createGunzip } from 'node:zlib';

/** Why a GET did not produce a body: each reads as a scrape error, as in Prometheus' target page. */
export class HttpGetError extends Error {
  override readonly name = 'HttpGetError';
  constructor(
    readonly kind: 'timeout' | 'too_large' | 'network' | 'aborted',
    message: string,
  ) {
    super(message);
  }
}

export interface HttpGetOptions {
  readonly timeoutMs: number;
  /** Limit on the body after decompression. */
  readonly maxBodyBytes: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  readonly agent?: Agent;
}

export interface HttpGetResult {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

/**
 * GET with a deadline over the whole exchange (connect, headers and body: a target that hangs
 * mid-body is cut too), a body limit counted after gzip, and cancellation by `signal`.
 * Plain node:http rather than fetch: nothing that instruments global fetch sees the console's polls.
 */
export function httpGet(url: URL, options: HttpGetOptions): Promise<HttpGetResult> {
  return new Promise<HttpGetResult>((resolve, reject) => {
    let settled = false;
    let request: ClientRequest | undefined;
    const finish = (error: HttpGetError | null, result?: HttpGetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      if (error === null) resolve(result as HttpGetResult);
      else {
        request?.destroy();
        reject(error);
      }
    };
    const timer = setTimeout(() => finish(new HttpGetError('timeout', `timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    timer.unref();
    const onAbort = () => finish(new HttpGetError('aborted', 'stopped'));
    if (options.signal.aborted) {
      onAbort();
      return;
    }
    options.signal.addEventListener('abort', onAbort, { once: true });
    const send = (retry: boolean) => {
      const attempt = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
        method: 'GET',
        headers: { ...options.headers, 'accept-encoding': 'gzip' },
        agent: options.agent,
      });
      request = attempt;
      attempt.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed meanwhile: try once on a new one, as Go's client does.
        if (retry && attempt.reusedSocket && error.code === 'ECONNRESET' && !settled) send(false);
        else finish(new HttpGetError('network', error.message));
      });
      attempt.on('response', (response) => readBody(response, options.maxBodyBytes, finish));
      attempt.end();
    };
    send(true);
  });
}

function readBody(
  response: IncomingMessage,
  maxBodyBytes: number,
  finish: (error: HttpGetError | null, result?: HttpGetResult) => void,
): void {
  const tooLarge = () => new HttpGetError('too_large', `body larger than ${maxBodyBytes} bytes`);
  const declared = Number(response.headers['content-length']);
  const gzip = /\bgzip\b/i.test(response.headers['content-encoding'] ?? '');
  if (!gzip && Number.isFinite(declared) && declared > maxBodyBytes) {
    finish(tooLarge());
    return;
  }
  const stream = gzip ? response.pipe(createGunzip()) : response;
  const chunks: Buffer[] = [];
  let bytes = 0;
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBodyBytes) {
      stream.destroy();
      finish(tooLarge());
      return;
    }
    chunks.push(chunk);
  });
  stream.on('error', (error) => finish(new HttpGetError('network', error.message)));
  response.on('close', () => {
    if (!response.complete) finish(new HttpGetError('network', 'the connection closed before the body ended'));
  });
  stream.on('end', () =>
    finish(null, { status: response.statusCode ?? 0, contentType: response.headers['content-type'], body: Buffer.concat(chunks, bytes) }),
  );
}
