import { OtlpDecodeError, type OtlpDecodeErrorCode } from '@sightline/otlp';
/**
 * Named errors with stable codes. They cross the worker boundary as `{ name, code, message }`
 * and are rebuilt on the main thread by `errorFromWire`, so `instanceof` works for callers.
 */
export class StoreError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** The append queue is full: answer 503 + Retry-After, never buffer more. */
export class StoreOverloadedError extends StoreError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds = 1) {
    super('SL_STORE_OVERLOADED', message);
    this.name = 'StoreOverloadedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class StoreClosedError extends StoreError {
  constructor(message = 'the store is closed') {
    super('SL_STORE_CLOSED', message);
    this.name = 'StoreClosedError';
  }
}

/** The worker thread that owns DuckDB died; nothing pending will complete. */
export class StoreWorkerCrashedError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SL_STORE_WORKER_CRASHED', message, options);
    this.name = 'StoreWorkerCrashedError';
  }
}

export class StoreOpenError extends StoreError {
  constructor(message: string) {
    super('SL_STORE_OPEN_FAILED', message);
    this.name = 'StoreOpenError';
  }
}

/** A commit failed; the rows of every append in that transaction were not stored. */
export class StoreWriteError extends StoreError {
  constructor(message: string) {
    super('SL_STORE_WRITE_FAILED', message);
    this.name = 'StoreWriteError';
  }
}

export class StoreQueryError extends StoreError {
  constructor(message: string) {
    super('SL_STORE_QUERY_FAILED', message);
    this.name = 'StoreQueryError';
  }
}

/** The query's caller went away (its HTTP client disconnected): the worker stopped or skipped it. */
export class QueryCancelledError extends StoreError {
  constructor(message = 'the query was cancelled: its caller went away') {
    super('SL_QUERY_CANCELLED', message);
    this.name = 'QueryCancelledError';
  }
}

/**
 * One option that cannot be used: its name (a path such as `scrape.1` for a list's item) and what
 * is wrong, in words that do not name it, so that a command line can name its own flag instead.
 */
export interface ConfigIssue {
  readonly option: string;
  readonly problem: string;
}

export class StoreConfigError extends StoreError {
  /** The options at fault; empty when the options as a whole are (`path` and `memory` both given). */
  readonly issues: readonly ConfigIssue[];
  constructor(message: string, issues: readonly ConfigIssue[] = []) {
    super('SL_STORE_CONFIG_INVALID', message);
    this.name = 'StoreConfigError';
    this.issues = issues;
  }

  /** `option: problem`, with the option and problem kept apart in `issues`. */
  static of(option: string, problem: string): StoreConfigError {
    return new StoreConfigError(`${option}: ${problem}`, [{ option, problem }]);
  }
}

export interface WireError {
  name: string;
  code: string;
  message: string;
  /** An OtlpDecodeError's detail and field path, so the receiver can answer 400 naming the field. */
  detail?: string;
  path?: string;
}

export function errorToWire(error: unknown, fallbackCode: string): WireError {
  if (error instanceof StoreError) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof OtlpDecodeError) {
    return { name: error.name, code: error.code, message: error.message, detail: error.detail, path: error.path };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { name: 'StoreError', code: fallbackCode, message };
}

/** A malformed OTLP body the worker could not decode, rebuilt as the codec's own error (a 400). */
export function decodeErrorFromWire(wire: WireError): OtlpDecodeError | undefined {
  if (wire.name !== 'OtlpDecodeError') return undefined;
  return new OtlpDecodeError(wire.code as OtlpDecodeErrorCode, wire.detail ?? wire.message, wire.path ?? '');
}

export function errorFromWire(wire: WireError): StoreError {
  switch (wire.code) {
    case 'SL_STORE_OVERLOADED':
      return new StoreOverloadedError(wire.message);
    case 'SL_STORE_CLOSED':
      return new StoreClosedError(wire.message);
    case 'SL_STORE_OPEN_FAILED':
      return new StoreOpenError(wire.message);
    case 'SL_STORE_WRITE_FAILED':
      return new StoreWriteError(wire.message);
    case 'SL_STORE_QUERY_FAILED':
      return new StoreQueryError(wire.message);
    case 'SL_QUERY_CANCELLED':
      return new QueryCancelledError(wire.message);
    case 'SL_STORE_CONFIG_INVALID':
      return new StoreConfigError(wire.message);
    default:
      return new StoreError(wire.code, wire.message);
  }
}
