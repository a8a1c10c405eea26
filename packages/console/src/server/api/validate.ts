import type { z } from 'zod';
import { ATTRIBUTE_PREFIX, splitAttributeParams } from './query-params.js';

/** A request the API refuses, with the parameters at fault (answered as 400 or 404). */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly statusCode: 400 | 404 | 409 | 502,
    readonly error: string,
    message: string,
    readonly issues?: { parameter: string; message: string }[],
  ) {
    super(message);
  }
}

type Issue = { parameter: string; message: string };

/** The parameter an issue is about, as the caller wrote it: `limit`, `q` (not `q.2`), `attr.http.route`. */
function parameterOf(path: readonly PropertyKey[]): string {
  const [name, key] = path;
  if (name === undefined) return '(query)';
  if (name === 'attributes' && key !== undefined) return `${ATTRIBUTE_PREFIX}${String(key)}`;
  return String(name);
}

/** Parameters given more than once (`limit=1&limit=2`): none of the API's takes a list. */
function repeatedParameters(raw: Record<string, unknown>): Set<string> {
  const repeated = new Set<string>();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) repeated.add(name);
    else if (name === 'attributes' && typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) if (Array.isArray(inner)) repeated.add(`${ATTRIBUTE_PREFIX}${key}`);
    }
  }
  return repeated;
}

/**
 * Validates a query string against its schema; `attr.KEY=VALUE` parameters become
 * `attributes`. A failure names every bad or unknown parameter once, as the caller wrote it, so a
 * script's author can fix it without reading the server.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  return parseInput(schema, splitAttributeParams((query ?? {}) as Record<string, unknown>), 'query parameter', 'parameter');
}

/** Validates a JSON request body against its schema; a failure names each bad or unknown field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiRequestError(400, 'bad_request', 'the request body must be a JSON object');
  }
  return parseInput(schema, body as Record<string, unknown>, 'body field', 'field');
}

function parseInput<S extends z.ZodType>(schema: S, raw: Record<string, unknown>, what: string, noun: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const repeated = repeatedParameters(raw);
  const issues: Issue[] = [];
  const add = (issue: Issue) => {
    if (!issues.some((seen) => seen.parameter === issue.parameter && seen.message === issue.message)) issues.push(issue);
  };
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add({ parameter: key, message: `unknown ${noun}` });
      continue;
    }
    const parameter = parameterOf(issue.path);
    add({ parameter, message: repeated.has(parameter) ? 'given more than once: give it once' : issue.message });
  }
  const names = [...new Set(issues.map((issue) => issue.parameter))].join(', ');
  throw new ApiRequestError(400, 'bad_request', `bad ${what}(s): ${names}`, issues);
}
