import type { z } from 'zod';
import { splitAttributeParams } from './schemas.js';

/** A request the API refuses, with the parameters at fault (answered as 400 or 404). */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly statusCode: 400 | 404,
    readonly error: string,
    message: string,
    readonly issues?: { parameter: string; message: string }[],
  ) {
    super(message);
  }
}

/**
 * Validates a query string against its schema; `attr.KEY=VALUE` parameters become
 * `attributes`. A failure names every bad or unknown parameter, so a script's author can fix it
 * without reading the server.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const raw = splitAttributeParams((query ?? {}) as Record<string, unknown>);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues: { parameter: string; message: string }[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ parameter: key, message: 'unknown parameter' });
    } else {
      issues.push({ parameter: issue.path.join('.') || '(query)', message: issue.message });
    }
  }
  const names = issues.map((issue) => issue.parameter).join(', ');
  throw new ApiRequestError(400, 'bad_request', `bad query parameter(s): ${names}`, issues);
}
