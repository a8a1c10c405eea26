import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeLogsRequest } from './decode.js';
import type { OtlpFormat } from './format.js';
import type { DecodedLogs, LogRecord } from './types.js';
import { asAnyValue, asAttributes, nanos, upstreamLogRecords } from './upstream.fixture.js';

/** What OTLP says a ReadableLogRecord becomes (opentelemetry-proto logs.proto). */
function expectedRecord(record: ReadableLogRecord): LogRecord {
  return {
    timeUnixNano: nanos(record.hrTime),
    observedTimeUnixNano: nanos(record.hrTimeObserved),
    severityNumber: record.severityNumber ?? 0,
    severityText: record.severityText ?? '',
    body: asAnyValue(record.body),
    attributes: asAttributes(record.attributes),
    droppedAttributesCount: record.droppedAttributesCount,
    flags: record.spanContext?.traceFlags ?? 0,
    traceId: record.spanContext?.traceId,
    spanId: record.spanContext?.spanId,
    eventName: record.eventName ?? '',
  };
}

const serializers = { protobuf: ProtobufLogsSerializer, json: JsonLogsSerializer } as const;

describe.each(['protobuf', 'json'] as const)(
  'decodeLogsRequest on what upstream otlp-transformer serializes (%s)',
  (format: OtlpFormat) => {
    let records: ReadableLogRecord[];
    let decoded: DecodedLogs;
    const decodedRecords = () => decoded.resourceLogs[0]?.scopeLogs[0]?.logRecords ?? [];

    beforeAll(async () => {
      records = await upstreamLogRecords();
      decoded = decodeLogsRequest(serializers[format].serializeRequest(records) as Uint8Array, format);
    });

    it('decodes every log record field as upstream wrote it', () => {
      expect(decoded.rejected).toBe(0);
      expect(decoded.resourceLogs).toHaveLength(1);
      expect(decoded.resourceLogs[0]?.scopeLogs).toHaveLength(1);
      expect(decodedRecords()).toEqual(records.map(expectedRecord));
    });

    it('decodes the resource, the scope with its attributes, and both schema urls', () => {
      const [resourceLogs] = decoded.resourceLogs;
      expect(resourceLogs?.resource.attributes['service.name']).toBe('checkout');
      expect(resourceLogs?.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
      expect(resourceLogs?.scopeLogs[0]?.scope).toEqual({
        name: '@sightline/orders-log',
        version: '2.0.1',
        attributes: { 'scope.kind': 'app' },
        droppedAttributesCount: 0,
      });
      expect(resourceLogs?.scopeLogs[0]?.schemaUrl).toBe('https://opentelemetry.io/schemas/1.27.0');
    });

    it('keeps the trace context, times and severity of a record emitted inside a span', () => {
      const [info] = decodedRecords();
      expect(info?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(info?.spanId).toBe('00f067aa0ba902b7');
      expect(info?.flags).toBe(1);
      expect(info?.timeUnixNano).toBe(1_764_633_600_000_000_005n);
      expect(info?.observedTimeUnixNano).toBe(1_764_633_600_000_000_006n);
      expect(info?.severityNumber).toBe(9);
      expect(info?.severityText).toBe('info');
      expect(info?.body).toBe('order placed');
      expect(info?.attributes).toEqual({ 'order.id': 'o-1', 'order.total': 12.5, 'order.items': 3 });
    });

    it('decodes a structured body: nested kvlists, arrays and bytes', () => {
      const error = decodedRecords()[1];
      expect(error?.body).toEqual({
        message: 'charge failed',
        code: 402,
        nested: { retry: false, attempts: [1, 2] },
        raw: new Uint8Array([0, 255, 16]),
      });
      expect(error?.traceId).toBeUndefined();
      expect(error?.spanId).toBeUndefined();
      expect(error?.droppedAttributesCount).toBe(1);
    });

    it('decodes an event record: its event name and an empty body', () => {
      const event = decodedRecords()[2];
      expect(event?.eventName).toBe('order.shipped');
      expect(event?.body).toBeNull();
      expect(event?.severityNumber).toBe(13);
    });
  },
);

describe('decodeLogsRequest, both formats', () => {
  it('decodes the same values from upstream protobuf and upstream JSON', async () => {
    const records = await upstreamLogRecords();
    const fromProtobuf = decodeLogsRequest(ProtobufLogsSerializer.serializeRequest(records) as Uint8Array, 'protobuf');
    const fromJson = decodeLogsRequest(JsonLogsSerializer.serializeRequest(records) as Uint8Array, 'json');
    expect(fromJson).toEqual(fromProtobuf);
  });
});
