import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError } from './http-errors.js';

/**
 * Socket errors, SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server is
 * shutting down, crashed, or cannot take connections yet): the database is not there, which
 * says nothing about the request.
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);

/** pg's own errors without a code: a connection that dropped, or a checkout that waited past connectionTimeoutMillis. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((prefix) => message.startsWith(prefix));
}

/**
 * Fails fast while Postgres is down. A request that finds the database unavailable answers 503
 * database_unavailable (as a missing payments service answers 503 payment_unavailable) and
 * closes the gate: the routes that need the database then answer 503 at once instead of each
 * queueing for a connection attempt (a pile-up of pool clients that would slow every answer
 * down). Every `retryAfterMs` one request goes through as a trial; once one is served, the gate
 * opens, so the service recovers by itself when Postgres is back. A load balancer takes the
 * replica out through /readyz meanwhile (the postgres check is critical).
 */
export class DatabaseGate {
  readonly #retryAfterMs: number;
  readonly #now: () => number;
  #failing = false;
  #nextTrialAt = 0;

  /** `now`: the clock, for tests. */
  constructor(retryAfterMs = 1000, now: () => number = Date.now) {
    this.#retryAfterMs = retryAfterMs;
    this.#now = now;
  }

  /** Before the routes that need the database. */
  readonly guard: RequestHandler = (_req, res, next) => {
    if (!this.#failing) {
      next();
      return;
    }
    if (this.#now() < this.#nextTrialAt) {
      res.setHeader('retry-after', Math.ceil(this.#retryAfterMs / 1000));
      next(new HttpError(503, 'database_unavailable', 'the database is unavailable; try again later'));
      return;
    }
    // This request is the trial; the others keep failing fast until it is answered.
    this.#nextTrialAt = this.#now() + this.#retryAfterMs;
    res.once('finish', () => {
      if (res.statusCode !== 503) this.#failing = false;
    });
    next();
  };

  /** Before the app's error handlers: turns a connection failure into the 503 and closes the gate. */
  readonly onError: ErrorRequestHandler = (error, _req, res, next) => {
    if (!isDatabaseUnavailable(error)) {
      next(error);
      return;
    }
    this.#failing = true;
    this.#nextTrialAt = this.#now() + this.#retryAfterMs;
    if (!res.headersSent) res.setHeader('retry-after', Math.ceil(this.#retryAfterMs / 1000));
    next(new HttpError(503, 'database_unavailable', 'the database is unavailable; try again later', undefined, error));
  };
}
