import type { AnyValue } from './types.js';

const TWO_POW_53 = 2n ** 53n;

/** A new attribute map: null prototype, so `__proto__` and `constructor` are ordinary keys. */
export const newAttributes = (): Record<string, AnyValue> => Object.create(null) as Record<string, AnyValue>;

/** An AnyValue int64 as a number when that is exact, else as the bigint. */
export function int64Value(value: bigint): number | bigint {
  return value < TWO_POW_53 && value > -TWO_POW_53 ? Number(value) : value;
}
