import type { Readable } from 'node:stream';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { IngestError } from './ingest-errors.js';

/**
 * Reads a request body, inflating `gzip` (and `deflate`) on the way, and stops as soon as the
 * DECOMPRESSED size passes `maxBytes`: the OTLP specification puts the limit after
 * decompression, so a gzip bomb costs at most `maxBytes` of memory before its 413. The body
 * comes back in a buffer of its own (never a view into Node's pool or a socket's read buffer),
 * so the store can move it to its worker without another copy.
 */
export async function readBody(stream: Readable, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const inflater = inflaterFor(contentEncoding);
  const source: Readable = inflater === undefined ? stream : stream.pipe(inflater);
  if (inflater !== undefined) {
    // A broken request stream must end the inflater too, or the read below waits forever.
    stream.once('error', (error) => inflater.destroy(error));
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > maxBytes) {
        throw new IngestError('SL_INGEST_BODY_TOO_LARGE', `the request body is larger than ${maxBytes} bytes (after decompression)`);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    inflater?.destroy();
    stream.resume();
    if (error instanceof IngestError) throw error;
    if (inflater !== undefined && isZlibError(error)) {
      throw new IngestError('SL_INGEST_BAD_ENCODING', `the body is not valid ${contentEncoding}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    throw error;
  }
  return ownedCopy(chunks, total);
}

/** The chunks joined in one exclusively owned ArrayBuffer (Buffer.concat takes small ones from the shared pool). */
function ownedCopy(chunks: readonly Buffer[], total: number): Buffer {
  const body = Buffer.allocUnsafeSlow(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

function inflaterFor(contentEncoding: string | undefined): Gunzip | Inflate | undefined {
  const encoding = contentEncoding?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') return undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  throw new IngestError('SL_INGEST_UNSUPPORTED_ENCODING', `Content-Encoding "${contentEncoding}" is not supported: send gzip or none`);
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
