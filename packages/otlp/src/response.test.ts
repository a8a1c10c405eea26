import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { encodeExportResponse, encodeStatus, GrpcCode } from './response.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('encodeExportResponse', () => {
  it.each(['protobuf', 'json'] as const)('writes full success as the empty message (%s)', (format) => {
    const expected = format === 'json' ? '{}' : '';
    expect(text(encodeExportResponse('traces', undefined, format))).toBe(expected);
    expect(text(encodeExportResponse('logs', { rejected: 0, errorMessage: '' }, format))).toBe(expected);
  });

  it('writes partial success that upstream exporters read back, for each signal, in protobuf', () => {
    const partial = { rejected: 3, errorMessage: 'spans[1]: traceId is all zero' };
    expect(ProtobufTraceSerializer.deserializeResponse(encodeExportResponse('traces', partial, 'protobuf'))).toEqual({
      partialSuccess: { rejectedSpans: 3, errorMessage: partial.errorMessage },
    });
    expect(ProtobufLogsSerializer.deserializeResponse(encodeExportResponse('logs', partial, 'protobuf'))).toEqual({
      partialSuccess: { rejectedLogRecords: 3, errorMessage: partial.errorMessage },
    });
    expect(ProtobufMetricsSerializer.deserializeResponse(encodeExportResponse('metrics', partial, 'protobuf'))).toEqual({
      partialSuccess: { rejectedDataPoints: 3, errorMessage: partial.errorMessage },
    });
  });

  it('writes partial success in proto3 JSON, the int64 count as a decimal string', () => {
    const partial = { rejected: 2n, errorMessage: 'ünïcode' };
    expect(JsonTraceSerializer.deserializeResponse(encodeExportResponse('traces', partial, 'json'))).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: 'ünïcode' },
    });
    expect(JsonLogsSerializer.deserializeResponse(encodeExportResponse('logs', partial, 'json'))).toEqual({
      partialSuccess: { rejectedLogRecords: '2', errorMessage: 'ünïcode' },
    });
    expect(JsonMetricsSerializer.deserializeResponse(encodeExportResponse('metrics', partial, 'json'))).toEqual({
      partialSuccess: { rejectedDataPoints: '2', errorMessage: 'ünïcode' },
    });
  });

  it('writes the exact protobuf bytes of a partial success (field 1 varint, field 2 string)', () => {
    // partial_success (1, length 8) { rejected_spans (1) = 300 as varint ac 02; error_message (2) = "bad" }
    expect([...encodeExportResponse('traces', { rejected: 300, errorMessage: 'bad' }, 'protobuf')]).toEqual([
      0x0a, 0x08, 0x08, 0xac, 0x02, 0x12, 0x03, 0x62, 0x61, 0x64,
    ]);
  });

  it('writes a warning with nothing rejected, as the spec allows', () => {
    expect(JSON.parse(text(encodeExportResponse('traces', { rejected: 0, errorMessage: 'sampled down' }, 'json')))).toEqual({
      partialSuccess: { errorMessage: 'sampled down' },
    });
  });
});

describe('encodeStatus', () => {
  it('writes a google.rpc.Status in protobuf: code as field 1 varint, message as field 2', () => {
    expect([...encodeStatus({ code: GrpcCode.INVALID_ARGUMENT, message: 'bad' }, 'protobuf')]).toEqual([
      0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64,
    ]);
  });

  it('writes a message longer than 127 bytes with a two-byte length', () => {
    const message = 'm'.repeat(200);
    const bytes = encodeStatus({ code: GrpcCode.RESOURCE_EXHAUSTED, message }, 'protobuf');
    expect([...bytes.subarray(0, 5)]).toEqual([0x08, 0x08, 0x12, 0xc8, 0x01]);
    expect(bytes.length).toBe(5 + 200);
  });

  it('writes a google.rpc.Status in proto3 JSON', () => {
    expect(JSON.parse(text(encodeStatus({ code: GrpcCode.UNAVAILABLE, message: 'queue full' }, 'json')))).toEqual({
      code: 14,
      message: 'queue full',
    });
  });

  it('refuses a code that is not an int32', () => {
    expect(() => encodeStatus({ code: 1.5, message: '' }, 'protobuf')).toThrow(RangeError);
  });
});
