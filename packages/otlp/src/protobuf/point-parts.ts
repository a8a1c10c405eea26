import { rethrowWithin } from '../errors.js';
import type { Exemplar, ExponentialHistogramBuckets, PointValue } from '../types.js';
import { checkListSize, decodeKeyValue, newAttributes } from './common.js';
import { type FieldNames, type ProtobufReader, tag, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './reader.js';

// The parts of data points (opentelemetry/proto/metrics/v1/metrics.proto): repeated scalars,
// which protobuf allows packed or not, exponential buckets, summary quantiles and exemplars.
const QUANTILE_FIELDS: FieldNames = { 1: 'quantile', 2: 'value' };
const BUCKETS_FIELDS: FieldNames = { 1: 'offset', 2: 'bucketCounts' };
const EXEMPLAR_FIELDS: FieldNames = { 2: 'timeUnixNano', 3: 'asDouble', 4: 'spanId', 5: 'traceId', 6: 'asInt', 7: 'filteredAttributes' };

/** Reads a repeated fixed64 (packed or not) as numbers into `into`. */
export function fixed64s(reader: ProtobufReader, fieldTag: number, into: number[]): void {
  if ((fieldTag & 7) !== WIRE_LEN) {
    into.push(Number(reader.fixed64()));
    return;
  }
  const outer = reader.enter();
  while (reader.more()) into.push(Number(reader.fixed64()));
  reader.leave(outer);
}

/** Reads a repeated double (packed or not) into `into`. */
export function doubles(reader: ProtobufReader, fieldTag: number, into: number[]): void {
  if ((fieldTag & 7) !== WIRE_LEN) {
    into.push(reader.double());
    return;
  }
  const outer = reader.enter();
  while (reader.more()) into.push(reader.double());
  reader.leave(outer);
}

/** Reads a repeated uint64 varint (packed or not) as numbers into `into`. */
export function uint64s(reader: ProtobufReader, fieldTag: number, into: number[]): void {
  if ((fieldTag & 7) !== WIRE_LEN) {
    into.push(Number(reader.uint64()));
    return;
  }
  const outer = reader.enter();
  while (reader.more()) into.push(Number(reader.uint64()));
  reader.leave(outer);
}

export function decodeBuckets(reader: ProtobufReader): ExponentialHistogramBuckets {
  const outer = reader.enter();
  let offset = 0;
  const bucketCounts: number[] = [];
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(1, WIRE_VARINT)) offset = reader.sint32();
      else if (fieldTag === tag(2, WIRE_VARINT) || fieldTag === tag(2, WIRE_LEN)) uint64s(reader, fieldTag, bucketCounts);
      else reader.skip(fieldTag, BUCKETS_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, BUCKETS_FIELDS[fieldTag >>> 3] ?? '');
  }
  reader.leave(outer);
  return { offset, bucketCounts };
}

export function decodeQuantile(reader: ProtobufReader): { quantile: number; value: number } {
  const outer = reader.enter();
  let quantile = 0;
  let value = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(1, WIRE_I64)) quantile = reader.double();
      else if (fieldTag === tag(2, WIRE_I64)) value = reader.double();
      else reader.skip(fieldTag, QUANTILE_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, QUANTILE_FIELDS[fieldTag >>> 3] ?? '');
  }
  reader.leave(outer);
  return { quantile, value };
}

export function decodeExemplar(reader: ProtobufReader): Exemplar {
  const outer = reader.enter();
  const filteredAttributes = newAttributes();
  let count = 0;
  let timeUnixNano = 0n;
  let value: PointValue;
  let traceId = '';
  let spanId = '';
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      switch (fieldTag) {
        case tag(7, WIRE_LEN):
          checkListSize(reader, ++count);
          decodeKeyValue(reader, filteredAttributes, 0);
          break;
        case tag(2, WIRE_I64):
          timeUnixNano = reader.fixed64();
          break;
        case tag(3, WIRE_I64):
          value = reader.double();
          break;
        case tag(6, WIRE_I64):
          value = reader.sfixed64();
          break;
        case tag(4, WIRE_LEN):
          spanId = reader.hex();
          break;
        case tag(5, WIRE_LEN):
          traceId = reader.hex();
          break;
        default:
          reader.skip(fieldTag, EXEMPLAR_FIELDS);
      }
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(7, WIRE_LEN) ? `filteredAttributes[${count - 1}]` : (EXEMPLAR_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return { filteredAttributes, timeUnixNano, value, traceId, spanId };
}
