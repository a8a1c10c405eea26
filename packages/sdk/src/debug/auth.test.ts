import { describe, expect, it } from 'vitest';
import { BearerAuth, generateToken } from './auth.js';

describe('BearerAuth', () => {
  const auth = new BearerAuth('s3cret-token-0123456789');

  it('accepts the token in a Bearer authorization header, scheme in any case', () => {
    expect(auth.check('Bearer s3cret-token-0123456789')).toBe(true);
    expect(auth.check('bearer s3cret-token-0123456789')).toBe(true);
  });

  it('refuses a missing header, another scheme, a wrong token, a prefix of the token and an empty one', () => {
    expect(auth.check(undefined)).toBe(false);
    expect(auth.check('Basic czNjcmV0LXRva2Vu')).toBe(false);
    expect(auth.check('Bearer s3cret-token-0123456780')).toBe(false);
    expect(auth.check('Bearer s3cret-token')).toBe(false);
    expect(auth.check('Bearer ')).toBe(false);
    expect(auth.check('s3cret-token-0123456789')).toBe(false);
  });
});

describe('generateToken', () => {
  it('makes a different 32-character url-safe token each time', () => {
    const first = generateToken();
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(generateToken()).not.toBe(first);
  });
});
