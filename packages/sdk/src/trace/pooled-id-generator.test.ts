import { describe, expect, it } from 'vitest';
import { PooledIdGenerator } from './pooled-id-generator.js';

describe('PooledIdGenerator', () => {
  it('makes 32-hex trace ids and 16-hex span ids', () => {
    const ids = new PooledIdGenerator();
    expect(ids.generateTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.generateSpanId()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('never repeats an id across many pool refills', () => {
    const ids = new PooledIdGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      seen.add(ids.generateTraceId());
      seen.add(ids.generateSpanId());
    }
    expect(seen.size).toBe(40_000);
  });

  it('spreads its ids over every hex digit in every position (no chunk or pool seam repeats or zeroes bytes)', () => {
    const ids = new PooledIdGenerator();
    const digits = Array.from({ length: 48 }, () => new Set<string>());
    for (let i = 0; i < 2_000; i++) {
      const id = ids.generateTraceId() + ids.generateSpanId();
      for (let at = 0; at < id.length; at++) digits[at]?.add(id[at] as string);
    }
    expect(digits.map((seen) => seen.size)).toEqual(new Array(48).fill(16));
  });

  it('draws 16-hex span ids alone too, as child spans do, across chunk boundaries', () => {
    const ids = new PooledIdGenerator();
    const spans = Array.from({ length: 1_000 }, () => ids.generateSpanId());
    expect(spans.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(new Set(spans).size).toBe(1_000);
  });
});
