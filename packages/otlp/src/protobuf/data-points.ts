import { rethrowWithin } from '../errors.js';
import type {
  Exemplar,
  ExponentialHistogramBuckets,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  NumberDataPoint,
  PointValue,
  SummaryDataPoint,
} from '../types.js';
import { checkListSize, decodeKeyValue, newAttributes } from './common.js';
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

/** Mutable fields every point decoder fills; `into` keeps the attribute count for the limit. */
interface Common {
  attributes: Record<string, never>;
  attributeCount: number;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  flags: number;
}

const newCommon = (): Common => ({
  attributes: newAttributes() as Record<string, never>,
  attributeCount: 0,
  startTimeUnixNano: 0n,
  timeUnixNano: 0n,
  flags: 0,
});

function attribute(reader: ProtobufReader, common: Common): void {
  checkListSize(reader, ++common.attributeCount);
  decodeKeyValue(reader, common.attributes, 0);
}

function segment(names: FieldNames, fieldTag: number, attributesField: number, common: Common, exemplars: number): string {
  const field = fieldTag >>> 3;
  if (field === attributesField && (fieldTag & 7) === WIRE_LEN) return `attributes[${common.attributeCount - 1}]`;
  const name = names[field] ?? '';
  return name === 'exemplars' ? `exemplars[${exemplars}]` : name;
}

export function decodeNumberPoint(reader: ProtobufReader): NumberDataPoint {
  const outer = reader.enter();
  const common = newCommon();
  let value: PointValue;
  const exemplars: Exemplar[] = [];
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      switch (fieldTag) {
        case tag(7, WIRE_LEN):
          attribute(reader, common);
          break;
        case tag(2, WIRE_I64):
          common.startTimeUnixNano = reader.fixed64();
          break;
        case tag(3, WIRE_I64):
          common.timeUnixNano = reader.fixed64();
          break;
        case tag(4, WIRE_I64):
          value = reader.double();
          break;
        case tag(6, WIRE_I64):
          value = reader.sfixed64();
          break;
        case tag(5, WIRE_LEN):
          exemplars.push(decodeExemplar(reader));
          break;
        case tag(8, WIRE_VARINT):
          common.flags = reader.uint32();
          break;
        default:
          reader.skip(fieldTag, NUMBER_FIELDS);
      }
    }
  } catch (error) {
    rethrowWithin(error, segment(NUMBER_FIELDS, fieldTag, 7, common, exemplars.length));
  }
  reader.leave(outer);
  const { attributes, startTimeUnixNano, timeUnixNano, flags } = common;
  return { attributes, startTimeUnixNano, timeUnixNano, flags, value, exemplars };
}

export function decodeHistogramPoint(reader: ProtobufReader): HistogramDataPoint {
  const outer = reader.enter();
  const common = newCommon();
  let count = 0;
  let sum: number | undefined;
  const bucketCounts: number[] = [];
  const explicitBounds: number[] = [];
  const exemplars: Exemplar[] = [];
  let min: number | undefined;
  let max: number | undefined;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      switch (fieldTag) {
        case tag(9, WIRE_LEN):
          attribute(reader, common);
          break;
        case tag(2, WIRE_I64):
          common.startTimeUnixNano = reader.fixed64();
          break;
        case tag(3, WIRE_I64):
          common.timeUnixNano = reader.fixed64();
          break;
        case tag(4, WIRE_I64):
          count = Number(reader.fixed64());
          break;
        case tag(5, WIRE_I64):
          sum = reader.double();
          break;
        case tag(6, WIRE_I64):
        case tag(6, WIRE_LEN):
          fixed64s(reader, fieldTag, bucketCounts);
          break;
        case tag(7, WIRE_I64):
        case tag(7, WIRE_LEN):
          doubles(reader, fieldTag, explicitBounds);
          break;
        case tag(8, WIRE_LEN):
          exemplars.push(decodeExemplar(reader));
          break;
        case tag(10, WIRE_VARINT):
          common.flags = reader.uint32();
          break;
        case tag(11, WIRE_I64):
          min = reader.double();
          break;
        case tag(12, WIRE_I64):
          max = reader.double();
          break;
        default:
          reader.skip(fieldTag, HISTOGRAM_FIELDS);
      }
    }
  } catch (error) {
    rethrowWithin(error, segment(HISTOGRAM_FIELDS, fieldTag, 9, common, exemplars.length));
  }
  reader.leave(outer);
  const { attributes, startTimeUnixNano, timeUnixNano, flags } = common;
  return { attributes, startTimeUnixNano, timeUnixNano, flags, count, sum, bucketCounts, explicitBounds, exemplars, min, max };
}

export function decodeExponentialPoint(reader: ProtobufReader): ExponentialHistogramDataPoint {
  const outer = reader.enter();
  const common = newCommon();
  let count = 0;
  let sum: number | undefined;
  let scale = 0;
  let zeroCount = 0;
  let positive: ExponentialHistogramBuckets = { offset: 0, bucketCounts: [] };
  let negative: ExponentialHistogramBuckets = { offset: 0, bucketCounts: [] };
  const exemplars: Exemplar[] = [];
  let min: number | undefined;
  let max: number | undefined;
  let zeroThreshold = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      switch (fieldTag) {
        case tag(1, WIRE_LEN):
          attribute(reader, common);
          break;
        case tag(2, WIRE_I64):
          common.startTimeUnixNano = reader.fixed64();
          break;
        case tag(3, WIRE_I64):
          common.timeUnixNano = reader.fixed64();
          break;
        case tag(4, WIRE_I64):
          count = Number(reader.fixed64());
          break;
        case tag(5, WIRE_I64):
          sum = reader.double();
          break;
        case tag(6, WIRE_VARINT):
          scale = reader.sint32();
          break;
        case tag(7, WIRE_I64):
          zeroCount = Number(reader.fixed64());
          break;
        case tag(8, WIRE_LEN):
          positive = decodeBuckets(reader);
          break;
        case tag(9, WIRE_LEN):
          negative = decodeBuckets(reader);
          break;
        case tag(10, WIRE_VARINT):
          common.flags = reader.uint32();
          break;
        case tag(11, WIRE_LEN):
          exemplars.push(decodeExemplar(reader));
          break;
        case tag(12, WIRE_I64):
          min = reader.double();
          break;
        case tag(13, WIRE_I64):
          max = reader.double();
          break;
        case tag(14, WIRE_I64):
          zeroThreshold = reader.double();
          break;
        default:
          reader.skip(fieldTag, EXPONENTIAL_FIELDS);
      }
    }
  } catch (error) {
    rethrowWithin(error, segment(EXPONENTIAL_FIELDS, fieldTag, 1, common, exemplars.length));
  }
  reader.leave(outer);
  const { attributes, startTimeUnixNano, timeUnixNano, flags } = common;
  return {
    attributes,
    startTimeUnixNano,
    timeUnixNano,
    flags,
    count,
    sum,
    scale,
    zeroCount,
    positive,
    negative,
    exemplars,
    min,
    max,
    zeroThreshold,
  };
}

export function decodeSummaryPoint(reader: ProtobufReader): SummaryDataPoint {
  const outer = reader.enter();
  const common = newCommon();
  let count = 0;
  let sum = 0;
  const quantileValues: { quantile: number; value: number }[] = [];
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      switch (fieldTag) {
        case tag(7, WIRE_LEN):
          attribute(reader, common);
          break;
        case tag(2, WIRE_I64):
          common.startTimeUnixNano = reader.fixed64();
          break;
        case tag(3, WIRE_I64):
          common.timeUnixNano = reader.fixed64();
          break;
        case tag(4, WIRE_I64):
          count = Number(reader.fixed64());
          break;
        case tag(5, WIRE_I64):
          sum = reader.double();
          break;
        case tag(6, WIRE_LEN):
          quantileValues.push(decodeQuantile(reader));
          break;
        case tag(8, WIRE_VARINT):
          common.flags = reader.uint32();
          break;
        default:
          reader.skip(fieldTag, SUMMARY_FIELDS);
      }
    }
  } catch (error) {
    const field = fieldTag >>> 3;
    rethrowWithin(error, field === 6 ? `quantileValues[${quantileValues.length}]` : segment(SUMMARY_FIELDS, fieldTag, 7, common, 0));
  }
  reader.leave(outer);
  const { attributes, startTimeUnixNano, timeUnixNano, flags } = common;
  return { attributes, startTimeUnixNano, timeUnixNano, flags, count, sum, quantileValues };
}
