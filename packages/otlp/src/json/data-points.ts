import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError } from '../errors.js';
import type { DecodeLimits } from '../limits.js';
import { exemplarsProblem, exponentialPointProblem, histogramPointProblem, summaryPointProblem } from '../metric-checks.js';
import type { Rejections } from '../rejections.js';
import type {
  Exemplar,
  ExponentialHistogramBuckets,
  ExponentialHistogramDataPoint,
  HistogramDataPoint,
  MetricData,
  NumberDataPoint,
  PointValue,
  SummaryDataPoint,
} from '../types.js';
import { eachObject, keyValues, messageField } from './common.js';
import {
  arrayField,
  doubleField,
  doubleValue,
  exactInteger,
  hexIdField,
  int32Field,
  int64Field,
  type JsonObject,
  optionalDoubleField,
  preview,
  uint32Field,
  uint64Field,
} from './fields.js';

type Decoder = (object: JsonObject, limits: DecodeLimits) => unknown;
type Check = (point: never) => string | undefined;

const DECODERS: Record<MetricData['type'], readonly [Decoder, Check]> = {
  gauge: [numberPoint, (point: NumberDataPoint) => exemplarsProblem(point.exemplars)],
  sum: [numberPoint, (point: NumberDataPoint) => exemplarsProblem(point.exemplars)],
  histogram: [histogramPoint, histogramPointProblem],
  exponentialHistogram: [exponentialPoint, exponentialPointProblem],
  summary: [summaryPoint, summaryPointProblem],
};

/** The valid data points of one metric; invalid ones are counted in `rejections` under `path`. */
export function decodeDataPoints(
  type: MetricData['type'],
  list: readonly unknown[],
  rejections: Rejections,
  path: string,
  limits: DecodeLimits,
): unknown[] {
  const [decode, check] = DECODERS[type] as readonly [Decoder, (point: unknown) => string | undefined];
  const points: unknown[] = [];
  eachObject(list, 'dataPoints', (object, index) => {
    const point = decode(object, limits);
    const problem = check(point);
    if (problem === undefined) points.push(point);
    else rejections.add(`${path}.dataPoints[${index}]`, problem);
  });
  return points;
}

function common(object: JsonObject, attributesKey: string, limits: DecodeLimits) {
  return {
    attributes: keyValues(object, attributesKey, 0, limits),
    startTimeUnixNano: uint64Field(object, 'startTimeUnixNano'),
    timeUnixNano: uint64Field(object, 'timeUnixNano'),
    flags: uint32Field(object, 'flags'),
  };
}

/** asDouble is a number, asInt a bigint; the last present wins, as in protobuf's oneof. */
function pointValue(object: JsonObject): PointValue {
  if (object.asInt != null) return int64Field(object, 'asInt');
  if (object.asDouble != null) return doubleValue(object.asDouble, 'asDouble');
  return undefined;
}

/** A uint64 count as a number (a value past 2^53 stays unsafe, and the point checks reject it). */
const countField = (object: JsonObject, key: string): number => Number(uint64Field(object, key));

function counts(object: JsonObject, key: string): number[] {
  return arrayField(object, key).map((value, index) => {
    const integer = exactInteger(value);
    if (integer === undefined || integer < 0n) {
      throw new OtlpDecodeError(CODES.invalidNumber, `${preview(value)} is not a uint64`, `${key}[${index}]`);
    }
    return Number(integer);
  });
}

function exemplars(object: JsonObject, limits: DecodeLimits): Exemplar[] {
  return eachObject(arrayField(object, 'exemplars'), 'exemplars', (exemplar) => ({
    filteredAttributes: keyValues(exemplar, 'filteredAttributes', 0, limits),
    timeUnixNano: uint64Field(exemplar, 'timeUnixNano'),
    value: pointValue(exemplar),
    traceId: hexIdField(exemplar, 'traceId', limits),
    spanId: hexIdField(exemplar, 'spanId', limits),
  }));
}

function numberPoint(object: JsonObject, limits: DecodeLimits): NumberDataPoint {
  return { ...common(object, 'attributes', limits), value: pointValue(object), exemplars: exemplars(object, limits) };
}

function histogramPoint(object: JsonObject, limits: DecodeLimits): HistogramDataPoint {
  return {
    ...common(object, 'attributes', limits),
    count: countField(object, 'count'),
    sum: optionalDoubleField(object, 'sum'),
    bucketCounts: counts(object, 'bucketCounts'),
    explicitBounds: arrayField(object, 'explicitBounds').map((value, index) => doubleValue(value, `explicitBounds[${index}]`)),
    exemplars: exemplars(object, limits),
    min: optionalDoubleField(object, 'min'),
    max: optionalDoubleField(object, 'max'),
  };
}

function buckets(message: JsonObject | undefined): ExponentialHistogramBuckets {
  if (message === undefined) return { offset: 0, bucketCounts: [] };
  return { offset: int32Field(message, 'offset'), bucketCounts: counts(message, 'bucketCounts') };
}

function exponentialPoint(object: JsonObject, limits: DecodeLimits): ExponentialHistogramDataPoint {
  return {
    ...common(object, 'attributes', limits),
    count: countField(object, 'count'),
    sum: optionalDoubleField(object, 'sum'),
    scale: int32Field(object, 'scale'),
    zeroCount: countField(object, 'zeroCount'),
    positive: messageField(object, 'positive', buckets),
    negative: messageField(object, 'negative', buckets),
    exemplars: exemplars(object, limits),
    min: optionalDoubleField(object, 'min'),
    max: optionalDoubleField(object, 'max'),
    zeroThreshold: doubleField(object, 'zeroThreshold'),
  };
}

function summaryPoint(object: JsonObject, limits: DecodeLimits): SummaryDataPoint {
  return {
    ...common(object, 'attributes', limits),
    count: countField(object, 'count'),
    sum: doubleField(object, 'sum'),
    quantileValues: eachObject(arrayField(object, 'quantileValues'), 'quantileValues', (quantile) => ({
      quantile: doubleField(quantile, 'quantile'),
      value: doubleField(quantile, 'value'),
    })),
  };
}
