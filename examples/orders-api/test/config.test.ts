import { describe, expect, it } from 'vitest';
import { readOrdersConfig } from '../src/config.js';

describe('readOrdersConfig', () => {
  it('reads the embedded Postgres port from PG_PORT, and leaves it to a free one when unset', () => {
    expect(readOrdersConfig({ PG_PORT: '55432' }).pgPort).toBe(55_432);
    expect(readOrdersConfig({}).pgPort).toBeUndefined();
  });

  it.each(['abc', '0', '70000', '5432.5'])('refuses PG_PORT=%s, naming the variable', (value) => {
    expect(() => readOrdersConfig({ PG_PORT: value })).toThrow(/invalid orders-api configuration:\n {2}PG_PORT: /);
  });
});
