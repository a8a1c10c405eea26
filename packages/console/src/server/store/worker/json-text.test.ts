import { describe, expect, it } from 'vitest';
import { jsonOrNull, jsonText } from './json-text.js';

describe('JSON text of attributes', () => {
  it('writes int64 (bigint) attribute values as decimal strings', () => {
    expect(jsonText({ big: 9007199254740993n, small: 1 })).toBe('{"big":"9007199254740993","small":1}');
  });

  it('stores nothing for absent or empty lists', () => {
    expect(jsonOrNull(undefined)).toBeNull();
    expect(jsonOrNull([])).toBeNull();
    expect(jsonOrNull({ a: 'b' })).toBe('{"a":"b"}');
  });
});
