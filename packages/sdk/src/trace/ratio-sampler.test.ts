import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { type Sampler, SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { PooledIdGenerator } from './pooled-id-generator.js';
import { TraceIdRatioSampler } from './ratio-sampler.js';

const decide = (sampler: Sampler, id: string) => sampler.shouldSample(ROOT_CONTEXT, id, 'GET', SpanKind.SERVER, {}, []).decision;

describe('TraceIdRatioSampler', () => {
  it("decides every trace id as OpenTelemetry's TraceIdRatioBased does", () => {
    const ids = [
      ...Array.from({ length: 20_000 }, () => randomBytes(16).toString('hex')),
      ...Array.from({ length: 2_000 }, () => randomBytes(16).toString('hex').toUpperCase()),
      '00000000000000000000000000000000',
      '00000000000000000000000000000001',
      'ffffffffffffffffffffffffffffffff',
      '4bf92f3577b34da6a3ce929d0e0e4736',
      '4bf92f3577b34da6a3ce929d0e0e473',
      '4bf92f3577b34da6a3ce929d0e0e47360',
      '4bf92f3577b34da6a3ce929d0e0e473g',
      'zbf92f3577b34da6a3ce929d0e0e4736',
      '4bf92f3577b34da6a3ce929d0e0e47é6',
      '',
    ];
    for (const ratio of [0, 0.001, 0.1, 0.5, 0.999, 1, -1, 2, Number.NaN]) {
      const ours = new TraceIdRatioSampler(ratio);
      const upstream = new TraceIdRatioBasedSampler(ratio);
      const differ = ids.filter((id) => decide(ours, id) !== decide(upstream, id));
      expect(differ, `ratio ${ratio}`).toEqual([]);
      expect(ours.toString()).toBe(upstream.toString());
    }
  });

  it('samples about its ratio of random trace ids', () => {
    const sampler = new TraceIdRatioSampler(0.1);
    const sampled = Array.from({ length: 20_000 }, () => decide(sampler, randomBytes(16).toString('hex'))).filter(
      (d) => d === SamplingDecision.RECORD_AND_SAMPLED,
    ).length;
    expect(sampled / 20_000).toBeGreaterThan(0.08);
    expect(sampled / 20_000).toBeLessThan(0.12);
  });

  it("decides as OpenTelemetry's TraceIdRatioBased does when it takes the words from the id generator, and for ids it did not make", () => {
    const ids = new PooledIdGenerator();
    for (const ratio of [0.001, 0.1, 0.5, 0.999]) {
      const ours = new TraceIdRatioSampler(ratio, ids);
      const upstream = new TraceIdRatioBasedSampler(ratio);
      const differ: string[] = [];
      for (let i = 0; i < 20_000; i++) {
        const id = ids.generateTraceId();
        if (decide(ours, id) !== decide(upstream, id)) differ.push(id);
        // An id the generator did not just make is read digit by digit.
        const other = i % 2 === 0 ? randomBytes(16).toString('hex') : '0'.repeat(32);
        if (decide(ours, other) !== decide(upstream, other)) differ.push(other);
      }
      expect(differ, `ratio ${ratio}`).toEqual([]);
    }
  });
});
