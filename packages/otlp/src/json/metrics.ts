import { OTLP_DECODE_ERROR_CODES as CODES, OtlpDecodeError } from '../errors.js';
import type { DecodeLimits } from '../limits.js';
import { Rejections } from '../rejections.js';
import type { DecodedMetrics, Metric, MetricData, ResourceMetrics, ScopeMetrics } from '../types.js';
import { eachObject, keyValues, messageField, resource, scope } from './common.js';
import { decodeDataPoints } from './data-points.js';
import { arrayField, boolField, enumField, isObject, type JsonObject, objectField, stringField } from './fields.js';

const DATA_TYPES = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/** Decodes a parsed OTLP/JSON ExportMetricsServiceRequest; throws OtlpDecodeError when it is malformed. */
export function decodeMetricsRequestJson(request: unknown, limits: DecodeLimits): DecodedMetrics {
  if (!isObject(request)) throw new OtlpDecodeError(CODES.jsonType, 'the body must be a JSON object');
  const rejections = new Rejections(['resourceMetrics', 'scopeMetrics', 'dataPoints']);
  const resourceMetrics = eachObject(arrayField(request, 'resourceMetrics'), 'resourceMetrics', (object, index): ResourceMetrics => {
    rejections.resourceIndex = index;
    return {
      resource: messageField(object, 'resource', (message) => resource(message, limits)),
      scopeMetrics: eachObject(arrayField(object, 'scopeMetrics'), 'scopeMetrics', (scopeObject, scopeIndex) => {
        rejections.scopeIndex = scopeIndex;
        return scopeMetrics(scopeObject, rejections, limits);
      }),
      schemaUrl: stringField(object, 'schemaUrl', limits),
    };
  });
  return { resourceMetrics, rejected: rejections.count, errorMessage: rejections.errorMessage('data point', 'data points') };
}

function scopeMetrics(object: JsonObject, rejections: Rejections, limits: DecodeLimits): ScopeMetrics {
  const metrics: Metric[] = [];
  eachObject(arrayField(object, 'metrics'), 'metrics', (metricObject, index) => {
    const decoded = metric(metricObject, rejections, index, limits);
    if (decoded !== undefined) metrics.push(decoded);
  });
  return {
    scope: messageField(object, 'scope', (message) => scope(message, limits)),
    metrics,
    schemaUrl: stringField(object, 'schemaUrl', limits),
  };
}

/** A metric, or undefined when it carries no data. */
function metric(object: JsonObject, rejections: Rejections, index: number, limits: DecodeLimits): Metric | undefined {
  const name = stringField(object, 'name', limits);
  const description = stringField(object, 'description', limits);
  const unit = stringField(object, 'unit', limits);
  const metadata = keyValues(object, 'metadata', 0, limits);
  let data: MetricData | undefined;
  for (const type of DATA_TYPES) {
    const message = objectField(object, type);
    if (message === undefined) continue;
    data = messageField(object, type, () => metricData(type, message as JsonObject, rejections, `metrics[${index}].${type}`, limits));
  }
  return data === undefined ? undefined : { name, description, unit, metadata, ...data };
}

function metricData(type: MetricData['type'], object: JsonObject, rejections: Rejections, path: string, limits: DecodeLimits): MetricData {
  const dataPoints = decodeDataPoints(type, arrayField(object, 'dataPoints'), rejections, path, limits);
  if (type === 'gauge' || type === 'summary') return { type, dataPoints } as MetricData;
  const aggregationTemporality = enumField(object, 'aggregationTemporality');
  if (type === 'sum') return { type, aggregationTemporality, isMonotonic: boolField(object, 'isMonotonic'), dataPoints } as MetricData;
  return { type, aggregationTemporality, dataPoints } as MetricData;
}
