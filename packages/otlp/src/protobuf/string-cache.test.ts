import { describe, expect, it } from 'vitest';
import { OtlpDecodeError } from '../errors.js';
import { cacheSlot, decodeUtf8 } from './string-cache.js';

const latin = (text: string) => Buffer.from(text, 'latin1');

/** A string of `text`'s length whose bytes land in the same cache slot. */
function collidingWith(text: string): string {
  const slot = cacheSlot(latin(text), 0, text.length);
  for (let i = 0; ; i++) {
    const candidate = i.toString(36).padStart(text.length, '_');
    if (candidate !== text && cacheSlot(latin(candidate), 0, candidate.length) === slot) return candidate;
  }
}

describe('decodeUtf8', () => {
  it('returns the text of repeated and new strings, ASCII or not', () => {
    const bytes = Buffer.from('http.route|http.route|größe|größe');
    expect(decodeUtf8(bytes, bytes, 0, 10)).toBe('http.route');
    expect(decodeUtf8(bytes, bytes, 11, 21)).toBe('http.route');
    expect(decodeUtf8(bytes, bytes, 22, 29)).toBe('größe');
    expect(decodeUtf8(bytes, bytes, 30, 37)).toBe('größe');
  });

  it('rejects invalid UTF-8 whether short or long', () => {
    const bytes = Buffer.from([0x61, 0xc3, 0x28, ...Buffer.from('x'.repeat(60)), 0xff]);
    expect(() => decodeUtf8(bytes, bytes, 0, 3)).toThrow(OtlpDecodeError);
    expect(() => decodeUtf8(bytes, bytes, 3, bytes.length)).toThrow(OtlpDecodeError);
  });

  it('tells ASCII and non-ASCII strings that share a slot apart, both ways', () => {
    const ascii = 'order.id';
    const slot = cacheSlot(latin(ascii), 0, ascii.length);
    let other = '';
    for (let i = 0; other === ''; i++) {
      const candidate = `ö${i.toString(36)}`;
      const bytes = Buffer.from(candidate);
      if (cacheSlot(bytes, 0, bytes.length) === slot) other = candidate;
    }
    const asciiBytes = latin(ascii);
    const otherBytes = Buffer.from(other);
    for (let round = 0; round < 2; round++) {
      expect(decodeUtf8(asciiBytes, asciiBytes, 0, asciiBytes.length)).toBe(ascii);
      expect(decodeUtf8(asciiBytes, asciiBytes, 0, asciiBytes.length)).toBe(ascii);
      expect(decodeUtf8(otherBytes, otherBytes, 0, otherBytes.length)).toBe(other);
      expect(decodeUtf8(otherBytes, otherBytes, 0, otherBytes.length)).toBe(other);
    }
  });

  it('keeps its own copy of the bytes: a caller reusing its buffer cannot make it return stale text', () => {
    const original = 'svc.a';
    const other = collidingWith(original);
    // A pooled Buffer, as an HTTP body may be: Buffer#slice would be a view of it.
    const pooled = latin(original);
    expect(decodeUtf8(pooled, pooled, 0, original.length)).toBe(original);
    pooled.write(other, 'latin1'); // the caller reuses its buffer for the next request
    const next = latin(other);
    expect(decodeUtf8(next, next, 0, other.length)).toBe(other);
  });
});
