import { ProtobufWriter, tag, varintSize, WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from '../protobuf/index.js';
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
 * A KeyValue whose parts all fit one-byte lengths (the pair under 128 bytes), written with one
 * bounds check and no length backfills: a string value of ASCII characters, or a non-negative
 * integer under 2^28. Returns false having written nothing (past `position`) for any other value,
 * which then takes the general path.
 */
function writeShortPair(writer: ProtobufWriter, fieldTag: number, keyField: Buffer, value: unknown): boolean {
  if (typeof value === 'string') return writeShortStringPair(writer, fieldTag, keyField, value);
  if (typeof value !== 'number' || !(value >= 0 && value < 0x1000_0000) || Math.floor(value) !== value) return false;
  return writeShortIntPair(writer, fieldTag, keyField, value);
}

/**
 * The KeyValue's tag and length, its key field (copied whole: TypedArray.prototype.set costs a
 * fraction of a byte loop over a 20-byte key), then the value's tag and AnyValue length.
 * Returns the position after them.
 */
function writePairHead(writer: ProtobufWriter, fieldTag: number, keyField: Buffer, pair: number, anyValue: number): number {
  writer.ensure(2 + pair);
  const buffer = writer.buffer;
  let position = writer.position;
  buffer[position++] = fieldTag;
  buffer[position++] = pair;
  buffer.set(keyField, position);
  position += keyField.length;
  buffer[position++] = KEY_VALUE_VALUE;
  buffer[position++] = anyValue;
  return position;
}

function writeShortStringPair(writer: ProtobufWriter, fieldTag: number, keyField: Buffer, value: string): boolean {
  const units = value.length;
  // The key field, then the value's tag and length, the string's tag and length, the units.
  const pair = keyField.length + 4 + units;
  if (pair > 0x7f) return false;
  let position = writePairHead(writer, fieldTag, keyField, pair, units + 2);
  const buffer = writer.buffer;
  buffer[position++] = ANY_STRING;
  buffer[position++] = units;
  for (let i = 0; i < units; i++) {
    const unit = value.charCodeAt(i);
    if (unit > 0x7f) return false;
    buffer[position++] = unit;
  }
  writer.position = position;
  return true;
}

function writeShortIntPair(writer: ProtobufWriter, fieldTag: number, keyField: Buffer, value: number): boolean {
  const valueBytes = varintSize(value);
  const pair = keyField.length + 3 + valueBytes;
  if (pair > 0x7f) return false;
  let position = writePairHead(writer, fieldTag, keyField, pair, 1 + valueBytes);
  const buffer = writer.buffer;
  buffer[position++] = ANY_INT;
  let rest = value;
  while (rest > 0x7f) {
    buffer[position++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  buffer[position++] = rest;
  writer.position = position;
  return true;
}

/** Attribute positions whose last key and short pair are remembered (see AttributesEncoder). */
const RECENT_POSITIONS = 64;

/** What the encoder remembers of one position of the maps it encoded. */
interface Slot {
  key: string;
  keyField: Buffer | undefined;
  /** The value last written here as a short pair, and that pair (its length, key and value) once the value came twice in a row. */
  value: unknown;
  pair: Uint8Array | undefined;
}

/** A KeyValue through its position's slot: the remembered pair when the value repeats, else a fresh short pair. */
function writeAtSlot(writer: ProtobufWriter, fieldTag: number, slot: Slot, value: unknown): boolean {
  const keyField = slot.keyField;
  if (keyField === undefined) return false;
  const remembered = slot.pair;
  // One comparison (a generic one: the values' types vary by position), used twice.
  const repeated = value === slot.value;
  if (remembered !== undefined && repeated) {
    writer.ensure(1 + remembered.length);
    writer.buffer[writer.position] = fieldTag;
    writer.buffer.set(remembered, writer.position + 1);
    writer.position += 1 + remembered.length;
    return true;
  }
  const start = writer.position;
  if (!writeShortPair(writer, fieldTag, keyField, value)) return false;
  // A value seen once is not copied (a path, an id): only one that came twice in a row.
  if (repeated) slot.pair = copyOf(writer.buffer, start + 1, writer.position);
  else {
    slot.value = value;
    slot.pair = undefined;
  }
  return true;
}

/**
 * A copy of `bytes[from, to)` in an array of its own: a Buffer would be a slice of Node's shared
 * 8 KiB pool and keep all of it alive; a Uint8Array of up to 64 bytes (most pairs) has its bytes
 * on V8's heap, a longer one a backing store of its own size.
 */
function copyOf(bytes: Uint8Array, from: number, to: number): Uint8Array {
  const copy = new Uint8Array(to - from);
  for (let i = from; i < to; i++) copy[i - from] = bytes[i] as number;
  return copy;
}

/** A KeyValue of any value, each length written after what it measures. */
function writeGeneralPair(writer: ProtobufWriter, fieldTag: number, key: string, keyField: Buffer | undefined, value: unknown): void {
  writer.uint32(fieldTag);
  const keyValue = writer.beginMessage();
  if (keyField === undefined) {
    writer.uint32(KEY_VALUE_KEY);
    writer.string(key);
  } else {
    writer.raw(keyField);
  }
  writer.uint32(KEY_VALUE_VALUE);
  const valueStart = writer.beginMessage();
  writeAnyValue(writer, value);
  writer.endMessage(valueStart);
  writer.endMessage(keyValue);
}

/**
 * Writes attribute maps as runs of `KeyValue` fields. Attribute keys repeat across spans and
 * log records, so their encoded `KeyValue.key` field is cached (bounded: past the limit keys
 * are encoded each time rather than evicting, which keeps the first, most common keys hot).
 * Maps of one kind list their keys in the same order (a server span's, a log call site's), so
 * each position remembers its last key, checked before the cache's hash lookup, and its last
 * short pair: a value that repeats there (a method, a route, a status code) is copied whole.
 */
export class AttributesEncoder {
  readonly #keyFields = new Map<string, Buffer>();
  readonly #keyCacheSize: number;
  readonly #scratch = new ProtobufWriter(256);
  readonly #slots: Slot[] = [];

  constructor(keyCacheSize = DEFAULT_KEY_CACHE_SIZE) {
    this.#keyCacheSize = keyCacheSize;
  }

  /** Writes each attribute as a length-delimited KeyValue in field `field`. */
  attributes(writer: ProtobufWriter, field: number, attributes: AttributesInput): void {
    const fieldTag = tag(field, WIRE_LENGTH_DELIMITED);
    // Field numbers under 16 take a one-byte tag, which the short pairs assume.
    const short = fieldTag < 0x80;
    let index = 0;
    for (const key in attributes) {
      if (!hasOwn.call(attributes, key)) continue;
      const value = attributes[key];
      const position = index++;
      let keyField: Buffer | undefined;
      if (position < RECENT_POSITIONS) {
        const slot = this.#slotAt(position, key);
        if (short && writeAtSlot(writer, fieldTag, slot, value)) continue;
        keyField = slot.keyField;
      } else {
        keyField = this.#keyField(key);
        if (short && keyField !== undefined && writeShortPair(writer, fieldTag, keyField, value)) continue;
      }
      writeGeneralPair(writer, fieldTag, key, keyField, value);
    }
  }

  /** The slot of position `index` (filled in order), for `key`: a new key there forgets the last one's pair. */
  #slotAt(index: number, key: string): Slot {
    let slot = this.#slots[index];
    if (slot === undefined) {
      slot = { key, keyField: this.#keyField(key), value: undefined, pair: undefined };
      this.#slots[index] = slot;
    } else if (slot.key !== key) {
      slot.key = key;
      slot.keyField = this.#keyField(key);
      slot.value = undefined;
      slot.pair = undefined;
    }
    return slot;
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
