import { rethrowWithin } from '../errors.js';
import type { AnyValue, ExponentialHistogramDataPoint, HistogramDataPoint, NumberDataPoint, SummaryDataPoint } from '../types.js';
import { checkListSize, decodeKeyValue, newAttributes } from './common.js';
import type { Draft } from './draft.js';
import { decodeBuckets, decodeExemplar, decodeQuantile, doubles, fixed64s } from './point-parts.js';
import { type FieldNames, type ProtobufReader, tag, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './reader.js';

// The data point messages of opentelemetry/proto/metrics/v1/metrics.proto. Counts are read as
// numbers; metric-checks.ts rejects a point whose count was past 2^53 (no longer a safe integer).
const NUMBER_FIELDS: FieldNames = {
  2: 'startTimeUnixNano',
  3: 'timeUnixNano',
  4: 'asDouble',
  5: 'exemplars',
  6: 'asInt',
  7: 'attributes',
  8: 'flags',
};
const HISTOGRAM_FIELDS: FieldNames = {
  2: 'startTimeUnixNano',
  3: 'timeUnixNano',
  4: 'count',
  5: 'sum',
  6: 'bucketCounts',
  7: 'explicitBounds',
  8: 'exemplars',
  9: 'attributes',
  10: 'flags',
  11: 'min',
  12: 'max',
};
const EXPONENTIAL_FIELDS: FieldNames = {
  1: 'attributes',
  2: 'startTimeUnixNano',
  3: 'timeUnixNano',
  4: 'count',
  5: 'sum',
  6: 'scale',
  7: 'zeroCount',
  8: 'positive',
  9: 'negative',
  10: 'flags',
  11: 'exemplars',
  12: 'min',
  13: 'max',
  14: 'zeroThreshold',
};
const SUMMARY_FIELDS: FieldNames = {
  2: 'startTimeUnixNano',
  3: 'timeUnixNano',
  4: 'count',
  5: 'sum',
  6: 'quantileValues',
  7: 'attributes',
  8: 'flags',
};

/** One attribute of a point; `count` (already incremented) is checked against the limit. */
function attribute(reader: ProtobufReader, attributes: Record<string, AnyValue>, count: number): void {
  checkListSize(reader, count);
  decodeKeyValue(reader, attributes, 0);
}

function segment(names: FieldNames, fieldTag: number, attributesField: number, attributeCount: number, exemplars: number): string {
  const field = fieldTag >>> 3;
  if (field === attributesField && (fieldTag & 7) === WIRE_LEN) return `attributes[${attributeCount - 1}]`;
  const name = names[field] ?? '';
  return name === 'exemplars' ? `exemplars[${exemplars}]` : name;
}

export function decodeNumberPoint(reader: ProtobufReader): NumberDataPoint {
  const outer = reader.enter();
  const point = emptyNumberPoint();
  let attributeCount = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      switch (fieldTag) {
        case tag(7, WIRE_LEN):
          attribute(reader, point.attributes, ++attributeCount);
          break;
        case tag(2, WIRE_I64):
          point.startTimeUnixNano = reader.fixed64();
          break;
        case tag(3, WIRE_I64):
          point.timeUnixNano = reader.fixed64();
          break;
        case tag(4, WIRE_I64):
          point.value = reader.double();
          break;
        case tag(6, WIRE_I64):
          point.value = reader.sfixed64();
          break;
        case tag(5, WIRE_LEN):
          point.exemplars.push(decodeExemplar(reader));
          break;
        case tag(8, WIRE_VARINT):
          point.flags = reader.uint32();
          break;
        default:
          reader.skip(fieldTag, NUMBER_FIELDS);
      }
    }
  } catch (error) {
    rethrowWithin(error, segment(NUMBER_FIELDS, fieldTag, 7, attributeCount, point.exemplars.length));
  }
  reader.leave(outer);
  return point;
}

const emptyNumberPoint = (): Draft<NumberDataPoint> => ({
  attributes: newAttributes(),
  startTimeUnixNano: 0n,
  timeUnixNano: 0n,
  flags: 0,
  value: undefined,
  exemplars: [],
});

export function decodeHistogramPoint(reader: ProtobufReader): HistogramDataPoint {
  const outer = reader.enter();
  const point = emptyHistogramPoint();
  let attributeCount = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      // The repeated messages are read here, where their counts for the limit and error paths live.
      if (fieldTag === tag(9, WIRE_LEN)) attribute(reader, point.attributes, ++attributeCount);
      else if (fieldTag === tag(8, WIRE_LEN)) point.exemplars.push(decodeExemplar(reader));
      else readHistogramField(reader, fieldTag, point);
    }
  } catch (error) {
    rethrowWithin(error, segment(HISTOGRAM_FIELDS, fieldTag, 9, attributeCount, point.exemplars.length));
  }
  reader.leave(outer);
  return point;
}

const emptyHistogramPoint = (): Draft<HistogramDataPoint> => ({
  attributes: newAttributes(),
  startTimeUnixNano: 0n,
  timeUnixNano: 0n,
  flags: 0,
  count: 0,
  sum: undefined,
  bucketCounts: [],
  explicitBounds: [],
  exemplars: [],
  min: undefined,
  max: undefined,
});

/** A HistogramDataPoint field other than attributes and exemplars. */
function readHistogramField(reader: ProtobufReader, fieldTag: number, point: Draft<HistogramDataPoint>): void {
  switch (fieldTag) {
    case tag(6, WIRE_I64):
    case tag(6, WIRE_LEN):
      fixed64s(reader, fieldTag, point.bucketCounts);
      break;
    case tag(7, WIRE_I64):
    case tag(7, WIRE_LEN):
      doubles(reader, fieldTag, point.explicitBounds);
      break;
    case tag(11, WIRE_I64):
      point.min = reader.double();
      break;
    case tag(12, WIRE_I64):
      point.max = reader.double();
      break;
    default:
      readSharedHistogramField(reader, fieldTag, point, HISTOGRAM_FIELDS);
  }
}

export function decodeExponentialPoint(reader: ProtobufReader): ExponentialHistogramDataPoint {
  const outer = reader.enter();
  const point = emptyExponentialPoint();
  let attributeCount = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      // The repeated messages are read here, where their counts for the limit and error paths live.
      if (fieldTag === tag(1, WIRE_LEN)) attribute(reader, point.attributes, ++attributeCount);
      else if (fieldTag === tag(11, WIRE_LEN)) point.exemplars.push(decodeExemplar(reader));
      else readExponentialField(reader, fieldTag, point);
    }
  } catch (error) {
    rethrowWithin(error, segment(EXPONENTIAL_FIELDS, fieldTag, 1, attributeCount, point.exemplars.length));
  }
  reader.leave(outer);
  return point;
}

const emptyExponentialPoint = (): Draft<ExponentialHistogramDataPoint> => ({
  attributes: newAttributes(),
  startTimeUnixNano: 0n,
  timeUnixNano: 0n,
  flags: 0,
  count: 0,
  sum: undefined,
  scale: 0,
  zeroCount: 0,
  positive: { offset: 0, bucketCounts: [] },
  negative: { offset: 0, bucketCounts: [] },
  exemplars: [],
  min: undefined,
  max: undefined,
  zeroThreshold: 0,
});

/** An ExponentialHistogramDataPoint field other than attributes and exemplars. */
function readExponentialField(reader: ProtobufReader, fieldTag: number, point: Draft<ExponentialHistogramDataPoint>): void {
  switch (fieldTag) {
    case tag(6, WIRE_VARINT):
      point.scale = reader.sint32();
      break;
    case tag(7, WIRE_I64):
      point.zeroCount = Number(reader.fixed64());
      break;
    case tag(8, WIRE_LEN):
      point.positive = decodeBuckets(reader);
      break;
    case tag(9, WIRE_LEN):
      point.negative = decodeBuckets(reader);
      break;
    case tag(12, WIRE_I64):
      point.min = reader.double();
      break;
    case tag(13, WIRE_I64):
      point.max = reader.double();
      break;
    case tag(14, WIRE_I64):
      point.zeroThreshold = reader.double();
      break;
    default:
      readSharedHistogramField(reader, fieldTag, point, EXPONENTIAL_FIELDS);
  }
}

/** What both histogram points hold under the same field numbers. */
type SharedHistogramFields = Pick<Draft<HistogramDataPoint>, 'startTimeUnixNano' | 'timeUnixNano' | 'count' | 'sum' | 'flags'>;

/**
 * The fields HistogramDataPoint and ExponentialHistogramDataPoint number alike: the times (2, 3),
 * count (4), sum (5) and flags (10). Any other field is unknown to the point and skipped.
 */
function readSharedHistogramField(reader: ProtobufReader, fieldTag: number, point: SharedHistogramFields, names: FieldNames): void {
  switch (fieldTag) {
    case tag(2, WIRE_I64):
      point.startTimeUnixNano = reader.fixed64();
      break;
    case tag(3, WIRE_I64):
      point.timeUnixNano = reader.fixed64();
      break;
    case tag(4, WIRE_I64):
      point.count = Number(reader.fixed64());
      break;
    case tag(5, WIRE_I64):
      point.sum = reader.double();
      break;
    case tag(10, WIRE_VARINT):
      point.flags = reader.uint32();
      break;
    default:
      reader.skip(fieldTag, names);
  }
}

export function decodeSummaryPoint(reader: ProtobufReader): SummaryDataPoint {
  const outer = reader.enter();
  const point = emptySummaryPoint();
  let attributeCount = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      switch (fieldTag) {
        case tag(7, WIRE_LEN):
          attribute(reader, point.attributes, ++attributeCount);
          break;
        case tag(2, WIRE_I64):
          point.startTimeUnixNano = reader.fixed64();
          break;
        case tag(3, WIRE_I64):
          point.timeUnixNano = reader.fixed64();
          break;
        case tag(4, WIRE_I64):
          point.count = Number(reader.fixed64());
          break;
        case tag(5, WIRE_I64):
          point.sum = reader.double();
          break;
        case tag(6, WIRE_LEN):
          point.quantileValues.push(decodeQuantile(reader));
          break;
        case tag(8, WIRE_VARINT):
          point.flags = reader.uint32();
          break;
        default:
          reader.skip(fieldTag, SUMMARY_FIELDS);
      }
    }
  } catch (error) {
    const field = fieldTag >>> 3;
    rethrowWithin(
      error,
      field === 6 ? `quantileValues[${point.quantileValues.length}]` : segment(SUMMARY_FIELDS, fieldTag, 7, attributeCount, 0),
    );
  }
  reader.leave(outer);
  return point;
}

const emptySummaryPoint = (): Draft<SummaryDataPoint> => ({
  attributes: newAttributes(),
  startTimeUnixNano: 0n,
  timeUnixNano: 0n,
  flags: 0,
  count: 0,
  sum: 0,
  quantileValues: [],
});
