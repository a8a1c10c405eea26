/**
 * The building blocks of the query schemas (schemas.ts): each says what it accepts in one
 * message, in the API's own words ("a whole number from 1 to 1000"), not zod's, and refuses what
 * the store could not answer (a key it cannot quote, a number past what its columns hold), so a
 * bad value is a 400 naming its parameter rather than a 500.
 */
import { z } from 'zod';

/** A whole number from 1 to `max` (a limit, a count of series). */
export function countParam(max: number) {
  const message = `a whole number from 1 to ${max}`;
  return z.coerce.number({ error: message }).int({ error: message }).min(1, { error: message }).max(max, { error: message });
}

/** `limit`: at most `max`, `defaultLimit` when absent. */
export const limitParam = (defaultLimit: number, max: number) =>
  countParam(max)
    .default(defaultLimit)
    .meta({ description: `at most ${max}` });

/**
 * Durations the store compares with its BIGINT nanosecond columns: 10^12 ms (~31 years) is far
 * below the 9.2 * 10^12 ms they hold, and far above any span.
 */
const MAX_DURATION_MS = 1_000_000_000_000;

/** A duration in milliseconds, fractions allowed. */
export function durationMsParam() {
  const message = `milliseconds, a number from 0 to ${MAX_DURATION_MS}`;
  return z.coerce.number({ error: message }).min(0, { error: message }).max(MAX_DURATION_MS, { error: message });
}

/** Text compared as it is (a service name, a route): an empty one is left out instead. */
export function textParam(maxLength?: number) {
  const text = z.string({ error: 'text' }).min(1, { error: 'empty: leave the parameter out instead' });
  return maxLength === undefined ? text : text.max(maxLength, { error: `at most ${maxLength} characters` });
}

/** One of `values`. */
export function choiceParam<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.join(', ')}` });
}

/**
 * Why `key` cannot be filtered on: the store quotes it into a JSON path (store/worker/sql.ts),
 * and a JavaScript object drops `__proto__` as a key (zod's record does), which would silently
 * lose the filter.
 */
function attributeKeyProblem(key: string): string | undefined {
  if (/["\\]/.test(key)) return 'an attribute key cannot contain " or \\';
  if (key === '__proto__') return 'no attribute key can be __proto__';
  return undefined;
}

/**
 * `attr.KEY=VALUE` filters, moved here by {@link splitAttributeParams}: each attribute must equal
 * its value, compared as text (`attr.http.response.status_code=500` matches the number 500).
 * A failure names the parameter as written, `attr.KEY` (see validate.ts). The keys are checked
 * before the record is built, which would drop `__proto__`.
 */
export const attributeFilters = z
  .preprocess(
    (filters, ctx) => {
      for (const key of typeof filters === 'object' && filters !== null ? Object.keys(filters) : []) {
        const message = attributeKeyProblem(key);
        if (message !== undefined) ctx.addIssue({ code: 'custom', path: [key], message, input: key });
      }
      return filters;
    },
    z.record(z.string(), z.string({ error: 'text' })),
  )
  .default({})
  .meta({
    description: 'attribute filter, repeatable: attr.http.request.method=GET; the value is compared as text; KEY without " or \\',
  });

/** The parameter prefix of {@link attributeFilters}. */
export const ATTRIBUTE_PREFIX = 'attr.';

/**
 * Moves `attr.KEY=VALUE` query parameters into `attributes` so the strict schemas still reject
 * every other unknown parameter by name.
 */
export function splitAttributeParams(query: Record<string, unknown>): Record<string, unknown> {
  // Null prototypes: `__proto__=1` stays a parameter (refused as unknown), not a prototype.
  const rest: Record<string, unknown> = Object.create(null);
  const attributes: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith(ATTRIBUTE_PREFIX) && key.length > ATTRIBUTE_PREFIX.length) attributes[key.slice(ATTRIBUTE_PREFIX.length)] = value;
    else rest[key] = value;
  }
  return Object.keys(attributes).length > 0 ? { ...rest, attributes } : rest;
}
