import { randomUUID } from 'node:crypto';

/** Accepted incoming ids: bounded length, no characters that could forge log structure. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The incoming id when it is safe to reuse, else a fresh UUID v4. */
export function resolveRequestId(incoming: string | string[] | undefined): string {
  if (typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming)) return incoming;
  return randomUUID();
}
