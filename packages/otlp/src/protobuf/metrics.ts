import { rethrowWithin } from '../errors.js';
import type { DecodeLimits } from '../limits.js';
import { Rejections } from '../rejections.js';
import type { DecodedMetrics, Metric, MetricData, ResourceMetrics, ScopeMetrics } from '../types.js';
import { checkListSize, decodeKeyValue, decodeScope, emptyScope, newAttributes } from './common.js';
import { decodeExportEnvelope, exportEnvelope } from './envelope.js';
import { decodeMetricData } from './metric-data.js';
import { type FieldNames, ProtobufReader, tag, WIRE_LEN } from './reader.js';

// opentelemetry/proto/metrics/v1/metrics.proto and collector/metrics/v1/metrics_service.proto.
const SCOPE_METRICS_FIELDS: FieldNames = { 1: 'scope', 2: 'metrics', 3: 'schemaUrl' };
const METRIC_FIELDS: FieldNames = {
  1: 'name',
  2: 'description',
  3: 'unit',
  5: 'gauge',
  7: 'sum',
  9: 'histogram',
  10: 'exponentialHistogram',
  11: 'summary',
  12: 'metadata',
};
const DATA_TYPES: Readonly<Partial<Record<number, MetricData['type']>>> = {
  5: 'gauge',
  7: 'sum',
  9: 'histogram',
  10: 'exponentialHistogram',
  11: 'summary',
};

const METRICS_ENVELOPE = exportEnvelope(
  'resourceMetrics',
  'scopeMetrics',
  decodeScopeMetrics,
  (resource, scopeMetrics: ScopeMetrics[], schemaUrl): ResourceMetrics => ({
    resource,
    scopeMetrics,
    schemaUrl,
  }),
);

/** Decodes an ExportMetricsServiceRequest in protobuf; throws OtlpDecodeError when it is malformed. */
export function decodeMetricsRequestProtobuf(body: Uint8Array, limits: DecodeLimits): DecodedMetrics {
  const reader = new ProtobufReader(body, limits);
  const rejections = new Rejections(['resourceMetrics', 'scopeMetrics', 'dataPoints']);
  const resourceMetrics = decodeExportEnvelope(reader, rejections, METRICS_ENVELOPE);
  return { resourceMetrics, rejected: rejections.count, errorMessage: rejections.errorMessage('data point', 'data points') };
}

function decodeScopeMetrics(reader: ProtobufReader, rejections: Rejections): ScopeMetrics {
  const outer = reader.enter();
  let scope = emptyScope();
  const metrics: Metric[] = [];
  let schemaUrl = '';
  let index = 0;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      if (fieldTag === tag(2, WIRE_LEN)) {
        const metric = decodeMetric(reader, rejections, index);
        if (metric !== undefined) metrics.push(metric);
        index++;
      } else if (fieldTag === tag(1, WIRE_LEN)) scope = decodeScope(reader);
      else if (fieldTag === tag(3, WIRE_LEN)) schemaUrl = reader.string();
      else reader.skip(fieldTag, SCOPE_METRICS_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(2, WIRE_LEN) ? `metrics[${index}]` : (SCOPE_METRICS_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return { scope, metrics, schemaUrl };
}

/** A metric, or undefined when it carries no data (no `oneof data` member). */
function decodeMetric(reader: ProtobufReader, rejections: Rejections, index: number): Metric | undefined {
  const outer = reader.enter();
  let name = '';
  let description = '';
  let unit = '';
  const metadata = newAttributes();
  let metadataCount = 0;
  let data: MetricData | undefined;
  let fieldTag = 0;
  try {
    while (reader.more()) {
      fieldTag = 0;
      fieldTag = reader.tag();
      const field = fieldTag >>> 3;
      const dataType = DATA_TYPES[field];
      if (dataType !== undefined && (fieldTag & 7) === WIRE_LEN) {
        data = decodeMetricData(reader, dataType, rejections, `metrics[${index}].${dataType}`);
      } else if (fieldTag === tag(1, WIRE_LEN)) name = reader.string();
      else if (fieldTag === tag(2, WIRE_LEN)) description = reader.string();
      else if (fieldTag === tag(3, WIRE_LEN)) unit = reader.string();
      else if (fieldTag === tag(12, WIRE_LEN)) {
        checkListSize(reader, ++metadataCount);
        decodeKeyValue(reader, metadata, 0);
      } else reader.skip(fieldTag, METRIC_FIELDS);
    }
  } catch (error) {
    rethrowWithin(error, fieldTag === tag(12, WIRE_LEN) ? `metadata[${metadataCount - 1}]` : (METRIC_FIELDS[fieldTag >>> 3] ?? ''));
  }
  reader.leave(outer);
  return data === undefined ? undefined : { name, description, unit, metadata, ...data };
}
