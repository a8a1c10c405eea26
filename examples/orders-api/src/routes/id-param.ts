import { HttpError } from '../http-errors.js';

/** Path ids are positive integers; anything else is a 400 naming the parameter. */
export function idParam(value: string | undefined, name = 'id'): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0 || String(id) !== value) {
    throw new HttpError(400, 'invalid_request', `${name}: must be a positive integer`);
  }
  return id;
}
