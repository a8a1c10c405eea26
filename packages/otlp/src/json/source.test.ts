import { describe, expect, it } from 'vitest';
import { OTLP_DECODE_ERROR_CODES as CODES } from '../errors.js';
import { quoteInexactNumbers } from './source.js';

describe('quoteInexactNumbers', () => {
  it('quotes integer literals with more than 15 digits and literals with an exponent', () => {
    expect(quoteInexactNumbers('{"a":1764633600123456789,"b":-9007199254740993,"c":1e3}', 64)).toBe(
      '{"a":"1764633600123456789","b":"-9007199254740993","c":"1e3"}',
    );
  });

  it('leaves exact numbers, and numbers inside strings, untouched (returning the same text)', () => {
    const text = '{"a":123456789012345,"b":-0.5,"c":"1764633600123456789","d":"\\"1764633600123456789"}';
    expect(quoteInexactNumbers(text, 64)).toBe(text);
  });

  it('leaves invalid number tokens for JSON.parse to reject', () => {
    expect(quoteInexactNumbers('[01234567890123456789]', 64)).toBe('[01234567890123456789]');
  });

  it('counts nesting outside strings only, and throws past the limit', () => {
    expect(quoteInexactNumbers('[[["[[[[[["]]]', 3)).toBe('[[["[[[[[["]]]');
    expect(() => quoteInexactNumbers('[[[[]]]]', 3)).toThrow(expect.objectContaining({ code: CODES.tooDeep }));
  });

  it('finds the end of strings that contain escaped backslashes before a quote', () => {
    expect(quoteInexactNumbers('["a\\\\",12345678901234567]', 4)).toBe('["a\\\\","12345678901234567"]');
  });
});
