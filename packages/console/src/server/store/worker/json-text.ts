/** JSON text for attribute maps, events, buckets. int64 attribute values arrive as bigint. */
function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    // The replacer costs ~2x on every call; only values that really hold a bigint pay for it.
    if (error instanceof TypeError) return JSON.stringify(value, bigintReplacer);
    throw error;
  }
}

export function jsonOrNull(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value) && value.length === 0) return null;
  return jsonText(value);
}

const sharedText = new WeakMap<object, string | null>();

/**
 * jsonOrNull for a value many rows share by reference (a resource's attributes: every span of a
 * request's resource holds the same object): stringified once, then looked up.
 */
export function sharedJsonOrNull(value: object | undefined): string | null {
  if (value === undefined) return null;
  let text = sharedText.get(value);
  if (text === undefined) {
    text = jsonOrNull(value);
    sharedText.set(value, text);
  }
  return text;
}

export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  return JSON.parse(text) as T;
}
