import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** 24 random bytes, 32 base64url characters: comfortably above the 16-character minimum. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Checks `Authorization: Bearer <token>`. Both sides are hashed first so timingSafeEqual
 * compares equal lengths and the comparison time says nothing about the token, not even its length.
 */
export class BearerAuth {
  readonly #expected: Buffer;

  constructor(token: string) {
    this.#expected = digest(token);
  }

  check(header: string | undefined): boolean {
    if (header === undefined || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') return false;
    return timingSafeEqual(digest(header.slice(7).trim()), this.#expected);
  }
}

/** 127.0.0.0/8, ::1, ::ffff:127.x and `localhost`: the addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare.toLowerCase().startsWith('::ffff:127.');
  return false;
}
