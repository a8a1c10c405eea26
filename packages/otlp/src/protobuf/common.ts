import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError, rethrowWithin } from '../errors.js';
import type { AnyValue, Attributes, InstrumentationScope, Resource } from '../types.js';
import { newAttributes } from '../values.js';
import { type FieldNames, type ProtobufReader, tag, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './reader.js';

// Field names by number, for paths in errors and for telling known fields from unknown ones.
// opentelemetry/proto/common/v1/common.proto and resource/v1/resource.proto.
const ANY_VALUE_FIELDS: FieldNames = {
  1: 'stringValue',
  2: 'boolValue',
  3: 'intValue',
  4: 'doubleValue',
  5: 'arrayValue',
  6: 'kvlistValue',
  7: 'bytesValue',
};
const KEY_VALUE_FIELDS: FieldNames = { 1: 'key', 2: 'value' };
const LIST_FIELDS: FieldNames = { 1: 'values' };
const SCOPE_FIELDS: FieldNames = { 1: 'name', 2: 'version', 3: 'attributes', 4: 'droppedAttributesCount' };
const RESOURCE_FIELDS: FieldNames = { 1: 'attributes', 2: 'droppedAttributesCount' };

/** Counts `count` entries of one list against the limit. */
export function checkListSize(reader: ProtobufReader, count: number): void {
  if (count > reader.limits.maxAttributes) {
    throw new OtlpDecodeError(CODES.tooLarge, `more than ${reader.limits.maxAttributes} entries`);
  }
}

export function decodeAnyValue(reader: ProtobufReader, depth: number): AnyValue {
  let value: AnyValue = null;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      switch (fieldTag) {
        case tag(1, WIRE_LEN):
          value = reader.string();
          break;
        case tag(2, WIRE_VARINT):
          value = reader.bool();
          break;
        case tag(3, WIRE_VARINT):
          value = reader.int64Value();
          break;
        case tag(4, WIRE_I64):
          value = reader.double();
          break;
        case tag(5, WIRE_LEN):
          value = decodeList(reader, depth + 1);
          break;
        case tag(6, WIRE_LEN): {
          const outer = reader.enter();
          value = decodeKeyValues(reader, 1, depth + 1);
          reader.leave(outer);
          break;
        }
        case tag(7, WIRE_LEN):
          value = reader.bytesCopy();
          break;
        default:
          reader.skip(fieldTag, ANY_VALUE_FIELDS);
      }
    }
  } catch (error) {
    rethrowWithin(error, ANY_VALUE_FIELDS[fieldTag >>> 3] ?? '');
  }
  return value;
}

function checkDepth(reader: ProtobufReader, depth: number): void {
  if (depth > reader.limits.maxAnyValueDepth) {
    throw new OtlpDecodeError(CODES.tooDeep, `AnyValue nested deeper than ${reader.limits.maxAnyValueDepth} levels`);
  }
}

/** ArrayValue: the reader is at its length prefix. */
function decodeList(reader: ProtobufReader, depth: number): AnyValue[] {
  checkDepth(reader, depth);
  const outer = reader.enter();
  const values: AnyValue[] = [];
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(1, WIRE_LEN)) {
        checkListSize(reader, values.length + 1);
        const end = reader.enter();
        values.push(decodeAnyValue(reader, depth));
        reader.leave(end);
      } else {
        reader.skip(fieldTag, LIST_FIELDS);
      }
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(1, WIRE_LEN) ? `values[${values.length}]` : (LIST_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return values;
}

/**
 * The repeated KeyValue at `field` of the current message (a KeyValueList's values), read to
 * the end of the message. Used for kvlists; attribute lists inside larger messages use {@link decodeKeyValue}.
 */
function decodeKeyValues(reader: ProtobufReader, field: number, depth: number): Attributes {
  checkDepth(reader, depth);
  const into = newAttributes();
  let count = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(field, WIRE_LEN)) {
        checkListSize(reader, ++count);
        decodeKeyValue(reader, into, depth);
      } else {
        reader.skip(fieldTag, LIST_FIELDS);
      }
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(field, WIRE_LEN) ? `values[${count - 1}]` : '');
  }
  return into;
}

/** One KeyValue, the reader at its length prefix, into `into`. Callers count entries against the limit. */
export function decodeKeyValue(reader: ProtobufReader, into: Record<string, AnyValue>, depth: number): void {
  const outer = reader.enter();
  let key = '';
  let value: AnyValue = null;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(1, WIRE_LEN)) key = reader.string();
      else if (fieldTag === tag(2, WIRE_LEN)) {
        const end = reader.enter();
        value = decodeAnyValue(reader, depth);
        reader.leave(end);
      } else reader.skip(fieldTag, KEY_VALUE_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, KEY_VALUE_FIELDS[fieldTag >>> 3] ?? '');
  }
  reader.leave(outer);
  into[key] = value;
}

/** Resource, the reader at its length prefix. */
export function decodeResource(reader: ProtobufReader): Resource {
  const outer = reader.enter();
  const attributes = newAttributes();
  let count = 0;
  let droppedAttributesCount = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(1, WIRE_LEN)) {
        checkListSize(reader, ++count);
        decodeKeyValue(reader, attributes, 0);
      } else if (fieldTag === tag(2, WIRE_VARINT)) droppedAttributesCount = reader.uint32();
      else reader.skip(fieldTag, RESOURCE_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(1, WIRE_LEN) ? `attributes[${count - 1}]` : (RESOURCE_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return { attributes, droppedAttributesCount };
}

/** InstrumentationScope, the reader at its length prefix. */
export function decodeScope(reader: ProtobufReader): InstrumentationScope {
  const outer = reader.enter();
  let name = '';
  let version = '';
  const attributes = newAttributes();
  let count = 0;
  let droppedAttributesCount = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      switch (fieldTag) {
        case tag(1, WIRE_LEN):
          name = reader.string();
          break;
        case tag(2, WIRE_LEN):
          version = reader.string();
          break;
        case tag(3, WIRE_LEN):
          checkListSize(reader, ++count);
          decodeKeyValue(reader, attributes, 0);
          break;
        case tag(4, WIRE_VARINT):
          droppedAttributesCount = reader.uint32();
          break;
        default:
          reader.skip(fieldTag, SCOPE_FIELDS);
      }
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(3, WIRE_LEN) ? `attributes[${count - 1}]` : (SCOPE_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return { name, version, attributes, droppedAttributesCount };
}

/** An empty scope or resource, for a message that leaves the field out. */
export { newAttributes };

export const emptyScope = (): InstrumentationScope => ({ name: '', version: '', attributes: newAttributes(), droppedAttributesCount: 0 });
export const emptyResource = (): Resource => ({ attributes: newAttributes(), droppedAttributesCount: 0 });
