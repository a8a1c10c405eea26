/**
 * What an app throws is read by the SDK in many places (type, message, stack, code, status,
 * cause, its fields) while the app's request is failing. A getter that throws, or a Proxy whose
 * traps throw, must not turn that into an SDK failure: it crashed a node:http service (the
 * rejection handler threw) and sent Express's HTML page with the SDK's stack. So a thrown value
 * enters the SDK through safeThrown(): an ordinary error is returned as it is (each field it
 * needs read once, as every later reader would); one whose fields cannot all be read becomes a
 * plain Error holding what could be read, the same copy for the same value every time (so the
 * tracker still counts one throw once).
 */

/** The fields the SDK reads from a thrown value. */
const READ = ['name', 'message', 'stack', 'code', 'status', 'statusCode', 'expose', 'cause', 'errors'] as const;

/** Causes and aggregate members followed below a thrown value (a chain deeper than this is left as it is). */
const MAX_DEPTH = 8;

const UNREADABLE_MESSAGE = '[unreadable: reading the thrown value threw]';

const copies = new WeakMap<object, Error>();

function isObject(value: unknown): value is Record<PropertyKey, unknown> {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function readable(value: unknown, depth: number, seen: Set<object>): boolean {
  if (!isObject(value) || depth > MAX_DEPTH || seen.has(value)) return true;
  seen.add(value);
  try {
    for (const key of READ) void value[key];
    for (const key of Object.keys(value)) void value[key];
    if (!readable(value.cause, depth + 1, seen)) return false;
    const members = value.errors;
    if (Array.isArray(members)) for (const member of members) if (!readable(member, depth + 1, seen)) return false;
    return true;
  } catch {
    return false;
  }
}

function read(value: Record<PropertyKey, unknown>, key: PropertyKey): unknown {
  try {
    return value[key];
  } catch {
    return undefined;
  }
}

function typeName(value: Record<PropertyKey, unknown>): string {
  const name = read(value, 'name');
  if (typeof name === 'string' && name !== '') return name;
  const maker = read(value, 'constructor');
  const constructorName = isObject(maker) ? read(maker, 'name') : undefined;
  return typeof constructorName === 'string' && constructorName !== '' ? constructorName : 'Error';
}

function copyOf(value: Record<PropertyKey, unknown>, depth: number, seen: Set<object>): Error {
  const known = copies.get(value);
  if (known !== undefined) return known;
  seen.add(value);
  const message = read(value, 'message');
  const copy = new Error(typeof message === 'string' ? message : UNREADABLE_MESSAGE) as Error & Record<string, unknown>;
  const name = typeName(value);
  Object.defineProperty(copy, 'name', { value: name, writable: true, configurable: true, enumerable: false });
  // Without the original's stack, none: this copy's own would point into the SDK.
  const stack = read(value, 'stack');
  copy.stack = typeof stack === 'string' ? stack : `${name}: ${copy.message}`;
  let keys: string[] = [];
  try {
    keys = Object.keys(value);
  } catch {
    // An ownKeys trap that throws: the fields the SDK reads by name are still tried below.
  }
  for (const key of new Set<string>([...keys, 'code', 'status', 'statusCode', 'expose'])) {
    if (key === 'message' || key === 'stack' || key === 'name' || key === 'cause' || key === 'errors') continue;
    const field = read(value, key);
    if (field !== undefined) copy[key] = field;
  }
  const cause = read(value, 'cause');
  if (cause !== undefined) {
    Object.defineProperty(copy, 'cause', { value: follow(cause, depth + 1, seen), writable: true, configurable: true, enumerable: false });
  }
  const members = read(value, 'errors');
  if (Array.isArray(members)) {
    try {
      copy.errors = members.map((member) => follow(member, depth + 1, seen));
    } catch {
      // A members array whose items cannot be read: left out.
    }
  }
  copies.set(value, copy);
  return copy;
}

function follow(value: unknown, depth: number, seen: Set<object>): unknown {
  if (!isObject(value) || depth > MAX_DEPTH) return value;
  // A cycle: the copy being built stands for it (or the original, when it was readable).
  if (seen.has(value)) return copies.get(value) ?? value;
  return readable(value, depth, new Set(seen)) ? value : copyOf(value, depth, seen);
}

/**
 * `value` when every field the SDK reads from it (and from its causes and aggregate members) can
 * be read; else a plain Error with what could be (name, message, stack, code, status, readable
 * fields, cause), the same copy for the same value. Never throws.
 */
export function safeThrown(value: unknown): unknown {
  if (!isObject(value)) return value;
  try {
    const known = copies.get(value);
    if (known !== undefined) return known;
    return readable(value, 0, new Set()) ? value : copyOf(value, 0, new Set());
  } catch {
    return new Error(UNREADABLE_MESSAGE);
  }
}

/**
 * A thrown value as String() writes it (an error: its message), never throwing: an object
 * without a toString (`Object.create(null)`) or whose toString throws is written as its type.
 */
export function thrownString(value: unknown): string {
  try {
    return value instanceof Error ? String(value.message) : String(value);
  } catch {
    return isObject(value) ? `[${typeName(value)}]` : typeof value;
  }
}
