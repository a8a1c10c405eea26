import { fingerprintFromStack } from '../fingerprint/index.js';

/**
 * The message of the error tracker's line for a captured exception (errors/log-sink.ts writes
 * it): such a line names the group its error was counted in, by `fingerprint` and `error_type`.
 */
export const CAPTURED_ERROR_MESSAGE = 'error captured';

/**
 * The messages of the request pass's access line (http/request-pass.ts writes it): a failed
 * request's line names the group its error was counted in, as the tracker's own line does.
 */
export const ACCESS_LINE_MESSAGES = { completed: 'request completed', slow: 'slow request' } as const;

/**
 * The message of the SDK's line for one of its own failures (observer/internal-errors.ts writes
 * it): an export refused while the collector restarts, a listener that threw. Not the app's
 * error: such a line gets no exception attributes, so a backend that groups exceptions (the
 * console's error groups and their alerts) does not page on it; the line itself is exported.
 */
export const INTERNAL_ERROR_MESSAGE = 'sightline instrumentation error (contained; further ones this minute are only counted)';

// OpenTelemetry's semantic conventions for exceptions in logs (stable): what a consumer of
// OTLP logs (the console's error groups, any backend) reads an exception from.
const EXCEPTION_TYPE = 'exception.type';
const EXCEPTION_MESSAGE = 'exception.message';
const EXCEPTION_STACKTRACE = 'exception.stacktrace';
/** The group, named as on the SDK's span exception events: the console takes it as given. */
const ERROR_FINGERPRINT = 'sightline.error.fingerprint';
/** Longer than any error name; a longer stack head is no `name: message` head. */
const MAX_NAME_LENGTH = 200;

type Fields = Record<string, unknown>;

/** What pino's error serializer wrote (`type`, `message`, `stack`, own fields), not some other value. */
function isSerializedError(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const fields = value as Fields;
  return typeof fields.message === 'string' || typeof fields.stack === 'string';
}

/**
 * `error.name`, which the error tracker groups by (fingerprint's errorType()), read back from the
 * serialised error: pino writes the constructor's name as `type` and `name` only when it is the
 * error's own field, but V8 heads the stack with `name: message` (`name` alone without a
 * message). So `class NotFound extends Error {}`, named `Error` by its prototype, is `Error`
 * here as in its capture, and the line and the capture of one throw fall into one group.
 */
function errorName(error: Fields, message: string, stack: string | undefined): string {
  const own = error.name;
  if (typeof own === 'string' && own !== '') return own;
  const type = typeof error.type === 'string' && error.type !== '' ? error.type : 'Error';
  if (stack === undefined) return type;
  const end = message === '' ? headEnd(stack) : stack.indexOf(`: ${message}`);
  if (end <= 0 || end > MAX_NAME_LENGTH) return type;
  const head = stack.slice(0, end);
  return head.includes('\n') ? type : head;
}

/** The end of the name in a stack whose error has no message: `Name`, or `Name: ` as some prepareStackTrace write it. */
function headEnd(stack: string): number {
  let end = stack.indexOf('\n');
  if (end === -1) end = stack.length;
  return stack.startsWith(': ', end - 2) ? end - 2 : end;
}

/** The line's own exception attributes win: a line that wrote them has nothing to add. */
function hasOwnExceptionFields(line: Fields): boolean {
  return EXCEPTION_TYPE in line || EXCEPTION_MESSAGE in line || EXCEPTION_STACKTRACE in line || ERROR_FINGERPRINT in line;
}

/**
 * Adds the exception a pino line carries (under `err`, pino's key, else `error`, which the SDK
 * serialises too) to its OTLP attributes as the semantic conventions write exceptions in logs:
 * `exception.type`, `exception.message`, `exception.stacktrace`, plus the group's fingerprint
 * as `sightline.error.fingerprint`. The error tracker's own line, and a failed request's access
 * line (which names the group the tracker counted its error in), keep the fingerprint and type
 * they printed (for a thrown value that is no error too); any other line's error gets the
 * fingerprint the tracker would give it, from the same function with the same root, type and
 * code, so a request's access line, the app's own line and the capture of one throw are one
 * group. Nothing for a line without an error, or with its own `exception.*` fields. Returns
 * the number of attributes added. Runs at export, and only for lines with an error does it do
 * more than two property reads.
 */
export function addExceptionAttributes(line: Fields, attributes: Fields, root: string): number {
  const err = line.err;
  // The tracker's line, and a failed request's access line, which names the group the tracker
  // counted its error in; not any line with such fields (an app's own `fingerprint` is not ours).
  const msg = line.msg;
  if (msg === INTERNAL_ERROR_MESSAGE) return 0;
  const named =
    msg === CAPTURED_ERROR_MESSAGE || (err !== undefined && (msg === ACCESS_LINE_MESSAGES.completed || msg === ACCESS_LINE_MESSAGES.slow));
  if (named && typeof line.fingerprint === 'string' && typeof line.error_type === 'string') {
    if (hasOwnExceptionFields(line)) return 0;
    const shaped = isSerializedError(err);
    const stack = shaped ? err.stack : undefined;
    attributes[EXCEPTION_TYPE] = line.error_type;
    attributes[EXCEPTION_MESSAGE] = shaped ? String(err.message ?? '') : thrownValueText(err);
    if (typeof stack === 'string') attributes[EXCEPTION_STACKTRACE] = stack;
    attributes[ERROR_FINGERPRINT] = line.fingerprint;
    return typeof stack === 'string' ? 4 : 3;
  }
  const error = isSerializedError(err) ? err : isSerializedError(line.error) ? line.error : undefined;
  if (error === undefined || hasOwnExceptionFields(line)) return 0;
  const message = typeof error.message === 'string' ? error.message : '';
  const stack = typeof error.stack === 'string' ? error.stack : undefined;
  const name = errorName(error, message, stack);
  const code = typeof error.code === 'string' ? error.code : undefined;
  attributes[EXCEPTION_TYPE] = name;
  attributes[EXCEPTION_MESSAGE] = message;
  if (stack !== undefined) attributes[EXCEPTION_STACKTRACE] = stack;
  attributes[ERROR_FINGERPRINT] = fingerprintFromStack(name, stack, { root, message, ...(code === undefined ? {} : { code }) }).id;
  return stack === undefined ? 3 : 4;
}

/** A thrown value that is no error, as the tracker's message shows it: a string as it is, else its JSON. */
function thrownValueText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
