import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError, rethrowWithin } from '../errors.js';
import type { DecodeLimits } from '../limits.js';
import type { AnyValue, Attributes, InstrumentationScope, Resource } from '../types.js';
import { int64Value, newAttributes } from '../values.js';
import {
  arrayField,
  base64Field,
  boolField,
  doubleValue,
  int64Field,
  isObject,
  type JsonObject,
  objectField,
  stringField,
  uint32Field,
} from './fields.js';

/** Reads element `index` of a repeated message field, with the path of its errors. */
export function eachObject<T>(list: readonly unknown[], key: string, decode: (object: JsonObject, index: number) => T): T[] {
  const out: T[] = [];
  for (let index = 0; index < list.length; index++) {
    const element = list[index];
    if (!isObject(element)) {
      const got = element === null ? 'null' : Array.isArray(element) ? 'array' : typeof element;
      throw new OtlpDecodeError(CODES.jsonType, `expected an object, got ${got}`, `${key}[${index}]`);
    }
    try {
      out.push(decode(element, index));
    } catch (error) {
      rethrowWithin(error, `${key}[${index}]`);
    }
  }
  return out;
}

function checkDepth(depth: number, limits: DecodeLimits): void {
  if (depth > limits.maxAnyValueDepth) {
    throw new OtlpDecodeError(CODES.tooDeep, `AnyValue nested deeper than ${limits.maxAnyValueDepth} levels`);
  }
}

/** Path names the first entry past the limit, as the protobuf decoder does. */
function checkListSize(count: number, key: string, limits: DecodeLimits): void {
  if (count > limits.maxAttributes) {
    throw new OtlpDecodeError(CODES.tooLarge, `more than ${limits.maxAttributes} entries`, `${key}[${limits.maxAttributes}]`);
  }
}

/** An AnyValue object ({} or null is the empty value). The last member present wins, as in protobuf's oneof. */
export function anyValue(object: JsonObject | undefined, depth: number, limits: DecodeLimits): AnyValue {
  if (object === undefined) return null;
  if (object.stringValue != null) return stringField(object, 'stringValue', limits);
  if (object.boolValue != null) return boolField(object, 'boolValue');
  if (object.intValue != null) return int64Value(int64Field(object, 'intValue'));
  if (object.doubleValue != null) return doubleValue(object.doubleValue, 'doubleValue');
  if (object.arrayValue != null) {
    checkDepth(depth + 1, limits);
    const list = objectField(object, 'arrayValue') as JsonObject;
    const values = arrayField(list, 'values');
    const out: AnyValue[] = [];
    try {
      checkListSize(values.length, 'values', limits);
      for (let index = 0; index < values.length; index++) {
        const element = values[index];
        if (!isObject(element)) throw new OtlpDecodeError(CODES.jsonType, 'expected an object', `values[${index}]`);
        try {
          out.push(anyValue(element, depth + 1, limits));
        } catch (error) {
          rethrowWithin(error, `values[${index}]`);
        }
      }
    } catch (error) {
      rethrowWithin(error, 'arrayValue');
    }
    return out;
  }
  if (object.kvlistValue != null) {
    checkDepth(depth + 1, limits);
    const list = objectField(object, 'kvlistValue') as JsonObject;
    try {
      return keyValues(list, 'values', depth + 1, limits);
    } catch (error) {
      rethrowWithin(error, 'kvlistValue');
    }
  }
  if (object.bytesValue != null) return base64Field(object, 'bytesValue', limits);
  return null;
}

/** A `repeated KeyValue` field as an attribute map. */
export function keyValues(object: JsonObject, key: string, depth: number, limits: DecodeLimits): Attributes {
  const list = arrayField(object, key);
  checkListSize(list.length, key, limits);
  const into = newAttributes();
  eachObject(list, key, (entry) => {
    const name = stringField(entry, 'key', limits);
    const value = objectField(entry, 'value');
    try {
      into[name] = anyValue(value, depth, limits);
    } catch (error) {
      rethrowWithin(error, 'value');
    }
  });
  return into;
}

export function resource(object: JsonObject | undefined, limits: DecodeLimits): Resource {
  if (object === undefined) return { attributes: newAttributes(), droppedAttributesCount: 0 };
  return { attributes: keyValues(object, 'attributes', 0, limits), droppedAttributesCount: uint32Field(object, 'droppedAttributesCount') };
}

export function scope(object: JsonObject | undefined, limits: DecodeLimits): InstrumentationScope {
  if (object === undefined) return { name: '', version: '', attributes: newAttributes(), droppedAttributesCount: 0 };
  return {
    name: stringField(object, 'name', limits),
    version: stringField(object, 'version', limits),
    attributes: keyValues(object, 'attributes', 0, limits),
    droppedAttributesCount: uint32Field(object, 'droppedAttributesCount'),
  };
}

/** Decodes the embedded message at `key` (undefined when absent), with `key` in front of its errors' paths. */
export function messageField<T>(object: JsonObject, key: string, decode: (message: JsonObject | undefined) => T): T {
  const message = objectField(object, key);
  try {
    return decode(message);
  } catch (error) {
    rethrowWithin(error, key);
  }
}
