import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';

/** An expected failure with a stable code: answered as JSON, not recorded as a server fault. */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** "items.0.quantity: Too small: expected number to be >0": the field first, as clients need it. */
export function invalidInput(error: z.ZodError): HttpError {
  const message = error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  return new HttpError(400, 'invalid_request', message);
}

/** Parses `input` with `schema` or throws a 400 naming the field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidInput(result.error);
  return result.data;
}

/**
 * Answers expected errors (HttpError, body-parser's 4xx) before sightlineExpressErrors sees
 * them: a 4xx is the client's mistake, not an error on the server span. Anything else goes on
 * to sightlineExpressErrors, which records it and answers 5xx JSON with the request id. So
 * does an error that comes once the response has started: sightlineExpressErrors hands it on
 * to Express, which closes the connection rather than leave the response hanging.
 */
export const expectedErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  if (error instanceof HttpError) {
    res.status(error.status).json({ error: error.code, message: error.message, ...error.details });
    return;
  }
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const clientStatus = status ?? statusCode;
  if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
    const type = (error as { type?: unknown }).type;
    const code = type === 'entity.parse.failed' ? 'invalid_json' : 'invalid_request';
    res.status(clientStatus).json({ error: code, message: (error as Error).message });
    return;
  }
  next(error);
};
