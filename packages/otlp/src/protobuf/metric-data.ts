import { rethrowWithin } from '../errors.js';
import { exemplarsProblem, exponentialPointProblem, histogramPointProblem, summaryPointProblem } from '../metric-checks.js';
import type { Rejections } from '../rejections.js';
import type { MetricData, NumberDataPoint } from '../types.js';
import { decodeExponentialPoint, decodeHistogramPoint, decodeNumberPoint, decodeSummaryPoint } from './data-points.js';
import { type FieldNames, type ProtobufReader, tag, WIRE_LEN, WIRE_VARINT } from './reader.js';

type DataType = MetricData['type'];

// Gauge, Sum, Histogram, ExponentialHistogram and Summary share field 1 (data_points); Sum,
// Histogram and ExponentialHistogram have aggregation_temporality at 2, Sum is_monotonic at 3.
const FIELDS: Record<DataType, FieldNames> = {
  gauge: { 1: 'dataPoints' },
  sum: { 1: 'dataPoints', 2: 'aggregationTemporality', 3: 'isMonotonic' },
  histogram: { 1: 'dataPoints', 2: 'aggregationTemporality' },
  exponentialHistogram: { 1: 'dataPoints', 2: 'aggregationTemporality' },
  summary: { 1: 'dataPoints' },
};

const numberPointProblem = (point: NumberDataPoint): string | undefined => exemplarsProblem(point.exemplars);

const DECODERS: Record<DataType, readonly [(reader: ProtobufReader) => unknown, (point: never) => string | undefined]> = {
  gauge: [decodeNumberPoint, numberPointProblem],
  sum: [decodeNumberPoint, numberPointProblem],
  histogram: [decodeHistogramPoint, histogramPointProblem],
  exponentialHistogram: [decodeExponentialPoint, exponentialPointProblem],
  summary: [decodeSummaryPoint, summaryPointProblem],
};

/**
 * One of the metric's data messages, the reader at its length prefix. Invalid points are
 * counted in `rejections` under `path` (e.g. `metrics[2].histogram`) and left out.
 */
export function decodeMetricData(reader: ProtobufReader, type: DataType, rejections: Rejections, path: string): MetricData {
  const outer = reader.enter();
  const known = FIELDS[type];
  const [decodePoint, pointProblem] = DECODERS[type] as readonly [
    (reader: ProtobufReader) => unknown,
    (point: unknown) => string | undefined,
  ];
  const dataPoints: unknown[] = [];
  let aggregationTemporality = 0;
  let isMonotonic = false;
  let index = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(1, WIRE_LEN)) {
        const point = decodePoint(reader);
        const problem = pointProblem(point);
        if (problem === undefined) dataPoints.push(point);
        else rejections.add(`${path}.dataPoints[${index}]`, problem);
        index++;
      } else if (fieldTag === tag(2, WIRE_VARINT) && known[2] !== undefined) aggregationTemporality = reader.int32();
      else if (fieldTag === tag(3, WIRE_VARINT) && known[3] !== undefined) isMonotonic = reader.bool();
      else reader.skip(fieldTag, known);
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(1, WIRE_LEN) ? `dataPoints[${index}]` : (known[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  if (type === 'gauge' || type === 'summary') return { type, dataPoints } as MetricData;
  if (type === 'sum') return { type, aggregationTemporality, isMonotonic, dataPoints } as MetricData;
  return { type, aggregationTemporality, dataPoints } as MetricData;
}
