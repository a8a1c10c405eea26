import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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
