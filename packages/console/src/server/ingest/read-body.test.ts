import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBody } from './read-body.js';

/** True when the Buffer is the whole of its ArrayBuffer: no pool or socket buffer shared with others. */
const ownsItsBuffer = (body: Buffer) => body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;

describe('readBody', () => {
  it('returns the body in a buffer of its own, from one chunk, many chunks or gzip', async () => {
    // One small chunk: a view into Node's shared pool when it was made.
    const small = Buffer.from('{"resourceSpans":[]}');
    expect(ownsItsBuffer(small)).toBe(false);
    const one = await readBody(Readable.from([small]), undefined, 1024);
    expect(one.toString()).toBe(small.toString());
    expect(ownsItsBuffer(one)).toBe(true);

    const parts = [Buffer.from('abc'), Buffer.from('def'), Buffer.from('ghi')];
    const joined = await readBody(Readable.from(parts), undefined, 1024);
    expect(joined.toString()).toBe('abcdefghi');
    expect(ownsItsBuffer(joined)).toBe(true);

    const text = 'x'.repeat(100_000);
    const inflated = await readBody(Readable.from([gzipSync(text)]), 'gzip', 200_000);
    expect(inflated.toString()).toBe(text);
    expect(ownsItsBuffer(inflated)).toBe(true);
  });

  it('still refuses a body past the limit after decompression', async () => {
    await expect(readBody(Readable.from([gzipSync('x'.repeat(5000))]), 'gzip', 1000)).rejects.toThrow('larger than 1000 bytes');
  });
});
