import { describe, expect, it } from 'vitest';
import { jsonString } from './direct-line.js';
import { RepeatedJsonStrings } from './repeated-json.js';

describe('RepeatedJsonStrings', () => {
  it('writes the bytes jsonString() writes, for strings that need escaping too', () => {
    const repeated = new RepeatedJsonStrings();
    for (const value of ['GET', '/users/:id', 'a "quoted" \\ route', 'tab\there', '', 'é/ünïcode', 'x'.repeat(150)]) {
      expect(repeated.of(value)).toBe(jsonString(value));
      expect(repeated.of(value)).toBe(jsonString(value)); // the kept value, the second time
      expect(JSON.parse(repeated.of(value))).toBe(value);
    }
  });

  it('keeps at most its limit of strings and still writes the others', () => {
    const repeated = new RepeatedJsonStrings(3);
    const values = Array.from({ length: 10 }, (_, i) => `/path/${i}`);
    for (const value of values) expect(repeated.of(value)).toBe(`"${value}"`);
    expect(repeated.size).toBe(3);
    for (const value of values) expect(repeated.of(value)).toBe(`"${value}"`);
    expect(repeated.size).toBe(3);
  });

  it('does not keep long strings', () => {
    const repeated = new RepeatedJsonStrings();
    const long = `/${'a'.repeat(300)}`;
    expect(repeated.of(long)).toBe(JSON.stringify(long));
    expect(repeated.of('/short')).toBe('"/short"');
    expect(repeated.size).toBe(1);
  });
});
