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
});
