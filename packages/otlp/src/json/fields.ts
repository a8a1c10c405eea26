import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError } from '../errors.js';
import type { DecodeLimits } from '../limits.js';

// Readers for one field of a parsed OTLP/JSON object, following the proto3 JSON mapping with
// OTLP's deviations (hex ids, integer enums). A missing field or null reads as the default.
// Each throws an OtlpDecodeError whose path is the key; the callers add the enclosing path.

export type JsonObject = { readonly [key: string]: unknown };

const DECIMAL_INTEGER = /^-?\d+$/;
const DECIMAL_NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const HEX = /^[0-9a-fA-F]*$/;
const MAX_UINT64 = 2n ** 64n - 1n;
const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;
const MAX_UINT32 = 0xffff_ffff;

function typeError(key: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  throw new OtlpDecodeError(CODES.jsonType, `expected ${expected}, got ${got}`, key);
}

function numberError(key: string, detail: string): never {
  throw new OtlpDecodeError(CODES.invalidNumber, detail, key);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An embedded message: undefined when absent or null. */
export function objectField(object: JsonObject, key: string): JsonObject | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) typeError(key, 'an object', value);
  return value;
}

/** A repeated field: [] when absent or null. */
export function arrayField(object: JsonObject, key: string): readonly unknown[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) typeError(key, 'an array', value);
  return value;
}

export function stringField(object: JsonObject, key: string, limits: DecodeLimits): string {
  const value = object[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') typeError(key, 'a string', value);
  checkStringSize(value, key, limits);
  return value;
}

export function checkStringSize(value: string, key: string, limits: DecodeLimits): void {
  // A UTF-16 unit takes 1-3 UTF-8 bytes: count bytes only when the units alone cannot decide.
  if (value.length * 3 <= limits.maxStringBytes) return;
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > limits.maxStringBytes) {
    throw new OtlpDecodeError(CODES.tooLarge, `${bytes} bytes exceed the limit of ${limits.maxStringBytes}`, key);
  }
}

export function boolField(object: JsonObject, key: string): boolean {
  const value = object[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') typeError(key, 'true or false', value);
  return value;
}

/** An enum: OTLP/JSON allows only the integer, never the name. */
export function enumField(object: JsonObject, key: string): number {
  const value = object[key];
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value))
    typeError(key, 'an integer enum value (OTLP/JSON does not allow names)', value);
  return value;
}

/** More characters than any 64-bit integer needs: longer text is out of range, and is not parsed. */
const MAX_INTEGER_TEXT = 32;
/** 10^21 passes 2^64: a larger magnitude is out of range whatever its digits. */
const MAX_DECIMAL_DIGITS = 21;

/** The exact integer value of a JSON number or numeric string, or undefined when it is not an integer in range. */
export function exactInteger(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value !== 'string' || value.length > MAX_INTEGER_TEXT) return undefined;
  if (DECIMAL_INTEGER.test(value)) return BigInt(value);
  // 1.5e3 and 17e17: the pre-pass hands exponent literals over as text, evaluated exactly here.
  const match = DECIMAL_NUMBER.exec(value);
  if (match === null) return undefined;
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const significant = `${whole}${fraction}`.replace(/^0+/, '');
  if (significant === '') return 0n;
  const digits = significant.replace(/0+$/, '');
  // The value is digits * 10^exponent with no trailing zero in digits: a negative exponent leaves a fraction.
  const exponent = Number(exponentText) - fraction.length + (significant.length - digits.length);
  if (exponent < 0 || digits.length + exponent > MAX_DECIMAL_DIGITS) return undefined;
  const result = BigInt(digits) * 10n ** BigInt(exponent);
  return sign === '-' ? -result : result;
}

/** A value for an error message: JSON text, cut short. */
export function preview(value: unknown): string {
  const text = JSON.stringify(typeof value === 'string' ? value.slice(0, MAX_INTEGER_TEXT + 1) : value) ?? String(value);
  return text.length > MAX_INTEGER_TEXT ? `${text.slice(0, MAX_INTEGER_TEXT)}…` : text;
}

function integerField(object: JsonObject, key: string, min: bigint, max: bigint, what: string): bigint {
  const value = object[key];
  if (value === undefined || value === null) return 0n;
  if (typeof value !== 'number' && typeof value !== 'string') typeError(key, `${what} (a number or a decimal string)`, value);
  const integer = exactInteger(value);
  if (integer === undefined) {
    if (typeof value === 'number' && Number.isInteger(value))
      numberError(key, `${value} is past 2^53 and lost precision; write it as a string`);
    numberError(key, `${preview(value)} is not an integer in range`);
  }
  if (integer < min || integer > max) numberError(key, `${integer} is out of range for ${what}`);
  return integer;
}

/** fixed64/uint64 (timestamps, counts) as bigint. */
export function uint64Field(object: JsonObject, key: string): bigint {
  return integerField(object, key, 0n, MAX_UINT64, 'uint64');
}

/** int64/sfixed64 as bigint. */
export function int64Field(object: JsonObject, key: string): bigint {
  return integerField(object, key, MIN_INT64, MAX_INT64, 'int64');
}

export function uint32Field(object: JsonObject, key: string): number {
  return Number(integerField(object, key, 0n, BigInt(MAX_UINT32), 'uint32'));
}

/** int32/sint32 (histogram scale and offsets). */
export function int32Field(object: JsonObject, key: string): number {
  return Number(integerField(object, key, -(2n ** 31n), 2n ** 31n - 1n, 'int32'));
}

/** A double: a number, a numeric string, or "NaN", "Infinity", "-Infinity" (proto3 JSON). */
export function doubleValue(value: unknown, key: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return Number.NaN;
    if (value === 'Infinity') return Number.POSITIVE_INFINITY;
    if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
    if (DECIMAL_NUMBER.test(value)) return Number(value);
    numberError(key, `${preview(value)} is not a number`);
  }
  return typeError(key, 'a number', value);
}

export function doubleField(object: JsonObject, key: string): number {
  const value = object[key];
  return value === undefined || value === null ? 0 : doubleValue(value, key);
}

/** An `optional double`: undefined when absent. */
export function optionalDoubleField(object: JsonObject, key: string): number | undefined {
  const value = object[key];
  return value === undefined || value === null ? undefined : doubleValue(value, key);
}

/** A bytes field other than an id: base64, standard or URL-safe alphabet. */
export function base64Field(object: JsonObject, key: string, limits: DecodeLimits): Uint8Array {
  const value = stringField(object, key, limits);
  if (!BASE64.test(value)) throw new OtlpDecodeError(CODES.jsonType, 'expected base64', key);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/**
 * A trace or span id: hex in OTLP/JSON, case-insensitive; returned in lowercase. Its length
 * is checked with the item, which is rejected rather than the request; a value that is not
 * hex at all is returned as it is, for the same check to name it.
 */
export function hexIdField(object: JsonObject, key: string, limits: DecodeLimits): string {
  const value = stringField(object, key, limits);
  return HEX.test(value) ? value.toLowerCase() : value;
}
