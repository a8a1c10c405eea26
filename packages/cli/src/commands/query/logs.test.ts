import { describe, expect, it } from 'vitest';
import { attributePairs } from './logs.js';

describe('attributePairs', () => {
  it('writes attributes as logfmt in stored order, the request id last and a repeated service left out', () => {
    const attributes = { service: 'orders-api', request_id: 'r-1', method: 'GET', route: '/users/:id', status: 200, duration_ms: 1.5 };
    expect(attributePairs({ service: 'orders-api', attributes })).toBe(
      'method=GET route=/users/:id status=200 duration_ms=1.5 request_id=r-1',
    );
    expect(attributePairs({ service: 'payments', attributes: { service: 'orders-api' } })).toBe('service=orders-api');
  });

  it('quotes values with spaces, quotes or equals signs, and empty ones; objects as JSON', () => {
    const attributes = { reason: 'card declined', quote: 'say "hi"', pair: 'a=b', empty: '', cart: { items: 2 } };
    expect(attributePairs({ service: 's', attributes })).toBe(
      'reason="card declined" quote="say \\"hi\\"" pair="a=b" empty="" cart="{\\"items\\":2}"',
    );
  });

  it('is empty without attributes', () => {
    expect(attributePairs({ service: 's' })).toBe('');
    expect(attributePairs({ service: 's', attributes: {} })).toBe('');
  });
});
