import { randomUUID } from 'node:crypto';

/** Accepted incoming ids: bounded length, no characters that could forge log structure. */
const MAX_REQUEST_ID_LENGTH = 128;
const VALID_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
/** Anything but printable ASCII: control characters and bytes a terminal or log viewer could misread. */
const UNPRINTABLE = /[^\x20-\x7e]/g;

/** The incoming id when it is safe to reuse, else a fresh UUID v4. */
export function resolveRequestId(incoming: string | string[] | undefined): string {
  if (typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming)) return incoming;
  return randomUUID();
}

/**
 * An incoming id resolveRequestId() did not reuse, kept for the access line (`request_id_rejected`)
 * so a caller's id can still be traced: its first 128 characters, each unprintable one replaced
 * by `?`. Undefined when no id came in.
 */
export function rejectedRequestId(incoming: string | string[]): string | undefined {
  const text = typeof incoming === 'string' ? incoming : incoming.join(',');
  if (text === '') return undefined;
  return text.slice(0, MAX_REQUEST_ID_LENGTH).replace(UNPRINTABLE, '?');
}
