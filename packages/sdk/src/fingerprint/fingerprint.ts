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
  /** The frames the id was computed from, top first: `function (file)`, or `? (file:line:column)` / `? (file:line)` for an anonymous app frame. */
  readonly frames: readonly string[];
}

export interface StackFingerprintOptions {
  /**
   * Paths under it are reported relative to it (the SDK passes the working directory). Without
   * one, a path outside node_modules keeps its last three segments.
   */
  readonly root?: string;
  /** A string code the error carries (`ECONNREFUSED`); part of the fingerprint when given. */
  readonly code?: string;
  /** Decides, normalized, only when the stack has no frame to go by. */
  readonly message?: string;
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

/**
 * What one frame contributes, following Sentry's grouping: a named frame is its function and
 * file, without the line, which moves with every edit above it while the name stays. An
 * anonymous app frame (an inline `async () => { … }` route handler) has nothing but its
 * position to tell it from its neighbours, so the position is kept: two handlers of one file
 * are two bugs. The throw site (the top app frame) keeps line and column (minified code is
 * all on line 1); a caller keeps its line only, so `[f(1), f(2)]` stays one call site. Such a
 * position changes when code above it moves, opening a new group on that deploy: merging
 * distinct bugs would be worse. A dependency's or Node's anonymous frame keeps no position:
 * upgrading it must not split groups.
 */
function frameKey(frame: NormalizedFrame, top: boolean): string {
  if (frame.function !== '?' || !frame.inApp || frame.line === undefined) return `${frame.function} (${frame.file})`;
  return top ? `? (${frame.file}:${frame.line}:${frame.column ?? 0})` : `? (${frame.file}:${frame.line})`;
}

function topFrames(frames: readonly NormalizedFrame[]): string[] {
  const inApp = frames.filter((frame) => frame.inApp);
  // An error raised inside a dependency or Node (a socket error) has no app frame: its own frames still group it.
  return (inApp.length > 0 ? inApp : frames).slice(0, TOP_FRAMES).map((frame, index) => frameKey(frame, index === 0));
}

function hash(material: string): string {
  return createHash('sha1').update(material).digest('hex').slice(0, 16);
}

/**
 * The fingerprint of an exception given as plain strings: `exception.type` and
 * `exception.stacktrace` of an OTLP span event or log record group with the very code the SDK
 * uses for thrown errors. Error type (and code) + the normalized top in-app frames; the message
 * decides only when the stack has no frame (a thrown string, a stack that was cut, a stack
 * not in V8's `    at …` format). Pure.
 */
export function fingerprintFromStack(type: string, stack: string | undefined, options: StackFingerprintOptions = {}): Fingerprint {
  const code = options.code !== undefined && ERROR_CODE.test(options.code) ? options.code : undefined;
  const frames = stack === undefined || stack === '' ? [] : topFrames(parseStackFrames(stack, options.root ?? '', STACK_FRAMES_PARSED));
  const head = code === undefined ? type : `${type}[${code}]`;
  const material = frames.length > 0 ? `${head}\n${frames.join('\n')}` : `${head}\n${normalizeMessage(options.message ?? '')}`;
  return { id: hash(material), type, code, frames };
}

/** The fingerprint of a thrown value: fingerprintFromStack() of its type, code and stack. */
export function fingerprintError(error: unknown, message: string, root: string): Fingerprint {
  const stack = (error as { stack?: unknown } | null)?.stack;
  const code = errorCode(error);
  return fingerprintFromStack(errorType(error), typeof stack === 'string' ? stack : undefined, {
    root,
    message,
    ...(code === undefined ? {} : { code }),
  });
}

/** captureMessage(): the normalized text and the level decide. */
export function fingerprintMessage(message: string, level: string): Fingerprint {
  return { id: hash(`Message\n${level}\n${normalizeMessage(message)}`), type: 'Message', code: undefined, frames: [] };
}
