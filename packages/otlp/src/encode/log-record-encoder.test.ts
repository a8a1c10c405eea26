import { TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest } from '../decode.js';
import type { ResourceLogs } from '../types.js';
import { upstreamLogRecords } from '../upstream.fixture.js';
import { ExportRequestEncoder, LogRecordBatch } from './export-request.js';
import { LogRecordEncoder } from './log-record-encoder.js';
import { encodeLogsRequest } from './requests.js';

/** Our own decoder, strict about ids and lengths: every record must come back, none rejected. */
function decode(body: Uint8Array): readonly ResourceLogs[] {
  const decoded = decodeLogsRequest(body, 'protobuf');
  expect(decoded.rejected).toBe(0);
  return decoded.resourceLogs;
}

/** All records share one resource and one scope, as the SDK's log export sends them. */
function ours(records: readonly ReadableLogRecord[]): readonly ResourceLogs[] {
  const [first] = records;
  if (first === undefined) throw new Error('no records');
  return decode(encodeLogsRequest(first.resource, first.instrumentationScope, records));
}

function theirs(records: readonly ReadableLogRecord[]): readonly ResourceLogs[] {
  const body = ProtobufLogsSerializer.serializeRequest([...records]);
  if (body === undefined) throw new Error('OTel serializer returned nothing');
  return decode(body);
}

const resource = resourceFromAttributes(
  { 'service.name': 'checkout', 'host.cpu.count': 2 },
  { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' },
);
const scope = { name: '@sightline/sdk', version: '0.1.0' };

/** A record as the SDK makes one from a pino line: a message body, fields as attributes, maybe a span. */
function pinoRecord(overrides: Partial<ReadableLogRecord>): ReadableLogRecord {
  return {
    hrTime: [1_764_633_600, 123_000_000],
    hrTimeObserved: [1_764_633_601, 5],
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: 'request completed',
    attributes: {},
    droppedAttributesCount: 0,
    resource,
    instrumentationScope: scope,
    ...overrides,
  };
}

describe('LogRecordEncoder conformance with OpenTelemetry JS’s ProtobufLogsSerializer', () => {
  it('decodes to the same request for real records: span context, map and bytes bodies, dropped attributes, event names', async () => {
    const records = await upstreamLogRecords();
    expect(records).toHaveLength(3);
    const decoded = ours(records);
    expect(decoded).toEqual(theirs(records));

    const [resourceLogs] = decoded;
    expect(resourceLogs?.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    expect(resourceLogs?.scopeLogs[0]?.scope.attributes).toEqual({ 'scope.kind': 'app' });
    const [placed, failed, shipped] = resourceLogs?.scopeLogs[0]?.logRecords ?? [];
    expect(placed?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(placed?.flags).toBe(TraceFlags.SAMPLED);
    expect(placed?.timeUnixNano).toBe(1_764_633_600_000_000_005n);
    expect(failed?.droppedAttributesCount).toBe(1);
    expect(shipped?.eventName).toBe('order.shipped');
  });

  it('decodes to the same request for records made from pino lines, without a severity, with an empty body or nested values', () => {
    const records = [
      pinoRecord({
        attributes: {
          'http.request.method': 'GET',
          'http.response.status_code': 200,
          responseTime: 12.5,
          cached: false,
          req: '{"id":1,"url":"/users/42"}',
          greeting: 'héllo 世界 😀',
          nothing: null,
          list: [1, 'two', true],
          negative: -(2 ** 40),
        },
        spanContext: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED },
      }),
      pinoRecord({ severityNumber: undefined, severityText: undefined, body: '' }),
      pinoRecord({
        body: undefined,
        attributes: { unsampled: true },
        spanContext: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.NONE },
      }),
      pinoRecord({
        severityNumber: SeverityNumber.FATAL,
        severityText: 'FATAL',
        body: 'x'.repeat(70_000),
        attributes: { stack: 'y'.repeat(20_000) },
      }),
    ];
    expect(ours(records)).toEqual(theirs(records));
  });

  it('decodes to the same request for a batch of 512 records whose request needs multi-byte lengths', () => {
    const records = Array.from({ length: 512 }, (_, i) =>
      pinoRecord({ hrTime: [1_764_633_600 + i, i], body: `line ${i}`, attributes: { i, route: `/orders/${i}`, pad: 'z'.repeat(i) } }),
    );
    const decoded = ours(records);
    expect(decoded).toEqual(theirs(records));
    expect(decoded[0]?.scopeLogs[0]?.logRecords).toHaveLength(512);
  });
});

describe('LogRecordBatch', () => {
  it('leaves no bytes behind for a record that fails to encode, and counts only the records it holds', () => {
    const poisoned: ReadableLogRecord['attributes'] = {};
    Object.defineProperty(poisoned, 'broken', {
      enumerable: true,
      get() {
        throw new Error('attribute getter failed');
      },
    });
    const encoder = new LogRecordEncoder();
    const batch = new LogRecordBatch();
    batch.add(pinoRecord({ body: 'good' }), scope, encoder);
    expect(() => batch.add(pinoRecord({ body: 'bad', attributes: poisoned }), scope, encoder)).toThrow('attribute getter failed');
    batch.add(pinoRecord({ body: 'after' }), scope, encoder);
    expect(batch.count).toBe(2);
    const [decoded] = decode(new ExportRequestEncoder(resource, encoder).encode(batch));
    expect(decoded?.scopeLogs[0]?.logRecords.map((record) => record.body)).toEqual(['good', 'after']);
  });

  it('starts empty after reset, and the request encoder reuses what it encoded of the resource and scope', () => {
    const encoder = new LogRecordEncoder();
    const requests = new ExportRequestEncoder(resource, encoder);
    const batch = new LogRecordBatch();
    batch.add(pinoRecord({ body: 'first request' }), scope, encoder);
    const first = Buffer.from(requests.encode(batch));
    batch.reset();
    expect(batch.count).toBe(0);
    batch.add(pinoRecord({ body: 'first request' }), scope, encoder);
    expect(requests.encode(batch).equals(first)).toBe(true);
    expect(decode(first)[0]?.scopeLogs[0]?.scope).toEqual({
      name: '@sightline/sdk',
      version: '0.1.0',
      attributes: {},
      droppedAttributesCount: 0,
    });
  });
});
