import type { Readable } from 'node:stream';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { IngestError } from './ingest-errors.js';

/**
 * Reads a request body, inflating `gzip` (and `deflate`) on the way, and stops as soon as the
 * DECOMPRESSED size passes `maxBytes`: the OTLP specification puts the limit after
 * decompression, so a gzip bomb costs at most `maxBytes` of memory before its 413.
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
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
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
