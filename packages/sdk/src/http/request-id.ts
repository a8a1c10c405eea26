import { randomUUID } from 'node:crypto';

/** Accepted incoming ids: bounded length, no characters that could forge log structure. */
const MAX_REQUEST_ID_LENGTH = 128;
const VALID_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
/** Anything but printable ASCII: control characters and bytes a terminal or log viewer could misread. */
const UNPRINTABLE = /[^\x20-\x7e]/g;

/** A fresh id's counter: 48 bits, the last group of the UUID. */
const COUNTER_LIMIT = 2 ** 48;
let prefix = drawPrefix();
let counter = 0;
/** Two hex digits per byte value, for the counter's low 16 bits. */
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** The prefix and the counter's high 32 bits as hex, redone once every 65,536 ids. */
let head = '';
let headOf = -1;

/**
 * The first 20 hex digits of a fresh id: 74 random bits with the version-8 nibble and the
 * RFC 9562 variant bits in their places (taken from a random v4 UUID, whose variant is the same).
 */
function drawPrefix(): string {
  const random = randomUUID();
  return `${random.slice(0, 14)}8${random.slice(15, 24)}`;
}

/**
 * A fresh request id: an RFC 9562 version-8 UUID, 74 random bits drawn once per process (and
 * again when the counter wraps) followed by a 48-bit counter. Unique across processes as far as
 * two processes never draw the same 74 bits, ordered within one, and a fraction of randomUUID()'s
 * cost per request. Not a secret, like any request id (a client may choose its own).
 */
function freshRequestId(): string {
  if (++counter === COUNTER_LIMIT) {
    prefix = drawPrefix();
    counter = 1;
    headOf = -1;
  }
  // Half the cost of counter.toString(16).padStart(12, '0') per id (the same digits).
  const high = Math.floor(counter / 65_536);
  if (high !== headOf) {
    headOf = high;
    head = `${prefix}${high.toString(16).padStart(8, '0')}`;
  }
  const low = counter & 0xffff;
  return head + HEX_BYTES[low >> 8] + HEX_BYTES[low & 0xff];
}

/** The incoming id when it is safe to reuse, else a fresh UUID (see freshRequestId). */
export function resolveRequestId(incoming: string | string[] | undefined): string {
  if (typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming)) return incoming;
  return freshRequestId();
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
