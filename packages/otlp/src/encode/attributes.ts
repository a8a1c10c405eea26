import { ProtobufWriter, tag, WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from '../protobuf/index.js';
import type { AttributesInput } from './types.js';

// Field numbers from opentelemetry-proto common/v1/common.proto (KeyValue, AnyValue, ArrayValue, KeyValueList).
const KEY_VALUE_KEY = tag(1, WIRE_LENGTH_DELIMITED);
const KEY_VALUE_VALUE = tag(2, WIRE_LENGTH_DELIMITED);
const ANY_STRING = tag(1, WIRE_LENGTH_DELIMITED);
const ANY_BOOL = tag(2, WIRE_VARINT);
const ANY_INT = tag(3, WIRE_VARINT);
const ANY_DOUBLE = tag(4, WIRE_FIXED64);
const ANY_ARRAY = tag(5, WIRE_LENGTH_DELIMITED);
const ANY_KVLIST = tag(6, WIRE_LENGTH_DELIMITED);
const ANY_BYTES = tag(7, WIRE_LENGTH_DELIMITED);
/** ArrayValue.values and KeyValueList.values are both field 1. */
const LIST_VALUES = tag(1, WIRE_LENGTH_DELIMITED);

/** Integral numbers in int64's range are int_value, as OTel JS's serializer does; others double_value. */
const MIN_INT64 = -(2 ** 63);
const MAX_INT64_EXCLUSIVE = 2 ** 63;

const DEFAULT_KEY_CACHE_SIZE = 1024;

const hasOwn = Object.prototype.hasOwnProperty;

function writeNumber(writer: ProtobufWriter, value: number): void {
  if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64_EXCLUSIVE) {
    writer.uint32(ANY_INT);
    writer.int64(value);
  } else {
    writer.uint32(ANY_DOUBLE);
    writer.double(value);
  }
}

function writeArrayValue(writer: ProtobufWriter, values: readonly unknown[]): void {
  writer.uint32(ANY_ARRAY);
  const array = writer.beginMessage();
  for (let i = 0; i < values.length; i++) {
    writer.uint32(LIST_VALUES);
    const item = writer.beginMessage();
    writeAnyValue(writer, values[i]);
    writer.endMessage(item);
  }
  writer.endMessage(array);
}

function writeKeyValueList(writer: ProtobufWriter, object: Record<string, unknown>): void {
  writer.uint32(ANY_KVLIST);
  const list = writer.beginMessage();
  for (const key in object) {
    if (!hasOwn.call(object, key)) continue;
    writer.uint32(LIST_VALUES);
    const keyValue = writer.beginMessage();
    writer.uint32(KEY_VALUE_KEY);
    writer.string(key);
    writer.uint32(KEY_VALUE_VALUE);
    const value = writer.beginMessage();
    writeAnyValue(writer, object[key]);
    writer.endMessage(value);
    writer.endMessage(keyValue);
  }
  writer.endMessage(list);
}

/**
 * One AnyValue's fields. A oneof member is written even when it holds its default (false, 0,
 * ''), since its presence is the value. Types OTLP cannot carry (undefined, null, bigint,
 * functions) leave the AnyValue empty, as OTel JS's serializer does.
 */
export function writeAnyValue(writer: ProtobufWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      writer.uint32(ANY_STRING);
      writer.string(value);
      return;
    case 'number':
      writeNumber(writer, value);
      return;
    case 'boolean':
      writer.uint32(ANY_BOOL);
      writer.uint32(value ? 1 : 0);
      return;
    case 'object':
      if (value === null) return;
      if (value instanceof Uint8Array) {
        writer.uint32(ANY_BYTES);
        writer.bytes(value);
      } else if (Array.isArray(value)) {
        writeArrayValue(writer, value);
      } else {
        writeKeyValueList(writer, value as Record<string, unknown>);
      }
      return;
    default:
      return;
  }
}

/**
 * Writes attribute maps as runs of `KeyValue` fields. Attribute keys repeat across spans and
 * log records, so their encoded `KeyValue.key` field is cached (bounded: past the limit keys
 * are encoded each time rather than evicting, which keeps the first, most common keys hot).
 */
export class AttributesEncoder {
  readonly #keyFields = new Map<string, Buffer>();
  readonly #keyCacheSize: number;
  readonly #scratch = new ProtobufWriter(256);

  constructor(keyCacheSize = DEFAULT_KEY_CACHE_SIZE) {
    this.#keyCacheSize = keyCacheSize;
  }

  /** Writes each attribute as a length-delimited KeyValue in field `field`. */
  attributes(writer: ProtobufWriter, field: number, attributes: AttributesInput): void {
    const fieldTag = tag(field, WIRE_LENGTH_DELIMITED);
    for (const key in attributes) {
      if (!hasOwn.call(attributes, key)) continue;
      writer.uint32(fieldTag);
      const keyValue = writer.beginMessage();
      const keyField = this.#keyField(key);
      if (keyField === undefined) {
        writer.uint32(KEY_VALUE_KEY);
        writer.string(key);
      } else {
        writer.raw(keyField);
      }
      writer.uint32(KEY_VALUE_VALUE);
      const value = writer.beginMessage();
      writeAnyValue(writer, attributes[key]);
      writer.endMessage(value);
      writer.endMessage(keyValue);
    }
  }

  #keyField(key: string): Buffer | undefined {
    const cached = this.#keyFields.get(key);
    if (cached !== undefined || this.#keyFields.size >= this.#keyCacheSize) return cached;
    const scratch = this.#scratch;
    scratch.reset();
    scratch.uint32(KEY_VALUE_KEY);
    scratch.string(key);
    const encoded = Buffer.from(scratch.view());
    this.#keyFields.set(key, encoded);
    return encoded;
  }
}
