import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeMetricsRequest, decodeTraceRequest } from './decode.js';
import { OtlpDecodeError } from './errors.js';
import type { OtlpFormat } from './format.js';
import { upstreamLogRecords, upstreamMetrics, upstreamSpans } from './upstream.fixture.js';

// Corrupted real payloads: whatever the bytes, a decoder either returns values or throws an
// OtlpDecodeError (a 400), never another error that would be a 500 or crash a receiver.
// A seeded generator keeps every run the same.

const MUTATIONS = 1500;

function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function mutate(body: Uint8Array, random: () => number): Uint8Array {
  const copy = new Uint8Array(body);
  const at = Math.floor(random() * copy.length);
  switch (Math.floor(random() * 4)) {
    case 0:
      copy[at] = Math.floor(random() * 256);
      return copy;
    case 1:
      copy[at] = (copy[at] as number) ^ (1 << Math.floor(random() * 8));
      return copy;
    case 2:
      return copy.subarray(0, at);
    default:
      return new Uint8Array([...copy.subarray(0, at), Math.floor(random() * 256), ...copy.subarray(at)]);
  }
}

/** Runs `decode` on mutations of `body`; returns how many decoded and how many threw OtlpDecodeError. */
function survey(body: Uint8Array, decode: (body: Uint8Array) => unknown, seed: number): { decoded: number; rejected: number } {
  const random = generator(seed);
  const outcome = { decoded: 0, rejected: 0 };
  for (let i = 0; i < MUTATIONS; i++) {
    const mutated = mutate(body, random);
    try {
      decode(mutated);
      outcome.decoded++;
    } catch (error) {
      if (!(error instanceof OtlpDecodeError)) throw new Error(`mutation ${i} threw ${String(error)}`, { cause: error });
      outcome.rejected++;
    }
  }
  return outcome;
}

describe('decoding corrupted payloads', () => {
  it.each(['protobuf', 'json'] as const)(
    'answers every mutation of a trace request with values or an OtlpDecodeError (%s)',
    async (format: OtlpFormat) => {
      const spans = await upstreamSpans();
      const body = (format === 'protobuf' ? ProtobufTraceSerializer : JsonTraceSerializer).serializeRequest(spans) as Uint8Array;
      const outcome = survey(body, (mutated) => decodeTraceRequest(mutated, format), 1);
      expect(outcome.decoded + outcome.rejected).toBe(MUTATIONS);
      expect(outcome.rejected).toBeGreaterThan(0);
    },
  );

  it.each(['protobuf', 'json'] as const)(
    'answers every mutation of a logs request with values or an OtlpDecodeError (%s)',
    async (format: OtlpFormat) => {
      const records = await upstreamLogRecords();
      const body = (format === 'protobuf' ? ProtobufLogsSerializer : JsonLogsSerializer).serializeRequest(records) as Uint8Array;
      const outcome = survey(body, (mutated) => decodeLogsRequest(mutated, format), 2);
      expect(outcome.decoded + outcome.rejected).toBe(MUTATIONS);
      expect(outcome.rejected).toBeGreaterThan(0);
    },
  );

  it('answers every mutation of a metrics request with values or an OtlpDecodeError (protobuf)', async () => {
    const body = ProtobufMetricsSerializer.serializeRequest(await upstreamMetrics()) as Uint8Array;
    const outcome = survey(body, (mutated) => decodeMetricsRequest(mutated, 'protobuf'), 3);
    expect(outcome.decoded + outcome.rejected).toBe(MUTATIONS);
    expect(outcome.rejected).toBeGreaterThan(0);
  });
});
