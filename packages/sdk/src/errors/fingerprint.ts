import { createHash } from 'node:crypto';
import { type NormalizedFrame, parseStackFrames } from './stack-frames.js';

/** In-app frames that decide the group: deep enough to tell call sites apart, shallow enough to survive refactors below. */
const TOP_FRAMES = 5;
const STACK_FRAMES_PARSED = 30;
const ERROR_CODE = /^[A-Za-z0-9_.-]{1,40}$/;

// Message placeholders, most specific first: ids and numbers vary per occurrence, the text does not.
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX = /\b(?:0x)?(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi;
const NUMBER = /\b\d+(?:\.\d+)?/g;
const MESSAGE_LIMIT = 200;

export interface Fingerprint {
  /** 16 hex characters; equal for occurrences of the same error. */
  readonly id: string;
  /** The error's class name (`TypeError`), `NonError` for other thrown values, `Message` for captureMessage. */
  readonly type: string;
  /** A string `code` the error carries (`ECONNREFUSED`, a SQLSTATE): part of the fingerprint. */
  readonly code: string | undefined;
  /** The frames the id was computed from, `function (file)`, top first. */
  readonly frames: readonly string[];
}

/** UUIDs, long hex ids and numbers become placeholders, so `order 42 failed` and `order 43 failed` group. */
export function normalizeMessage(message: string): string {
  return message.slice(0, MESSAGE_LIMIT).replace(UUID, '<uuid>').replace(HEX, '<hex>').replace(NUMBER, '<n>');
}

/** The error's class name; `NonError` for a thrown value that is not an error and has no name. */
export function errorType(error: unknown): string {
  if (!(error instanceof Error)) {
    const name = (error as { name?: unknown } | null)?.name;
    return typeof name === 'string' && name !== '' ? name : 'NonError';
  }
  return error.name || error.constructor?.name || 'Error';
}

/** A short string `code` (ECONNREFUSED, a SQLSTATE, an app's error code), if the error has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : undefined;
}

function topFrames(frames: readonly NormalizedFrame[]): string[] {
  const inApp = frames.filter((frame) => frame.inApp);
  // An error raised inside a dependency or Node (a socket error) has no app frame: its own frames still group it.
  return (inApp.length > 0 ? inApp : frames).slice(0, TOP_FRAMES).map((frame) => `${frame.function} (${frame.file})`);
}

function hash(material: string): string {
  return createHash('sha1').update(material).digest('hex').slice(0, 16);
}

/**
 * Error type (and code) + normalized top in-app frames. The message only decides when there
 * is no stack to go by (a thrown string, an error whose stack was cut), and then normalized.
 */
export function fingerprintError(error: unknown, message: string, root: string): Fingerprint {
  const type = errorType(error);
  const code = errorCode(error);
  const stack = (error as { stack?: unknown } | null)?.stack;
  const frames = typeof stack === 'string' ? topFrames(parseStackFrames(stack, root, STACK_FRAMES_PARSED)) : [];
  const head = code === undefined ? type : `${type}[${code}]`;
  const material = frames.length > 0 ? `${head}\n${frames.join('\n')}` : `${head}\n${normalizeMessage(message)}`;
  return { id: hash(material), type, code, frames };
}

/** captureMessage(): the normalized text and the level decide. */
export function fingerprintMessage(message: string, level: string): Fingerprint {
  return { id: hash(`Message\n${level}\n${normalizeMessage(message)}`), type: 'Message', code: undefined, frames: [] };
}
