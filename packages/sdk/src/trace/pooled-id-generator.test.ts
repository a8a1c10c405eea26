import { describe, expect, it } from 'vitest';
import { idWordsOf } from '../../test/support/id-words.js';
import { POOL_BYTES, PooledIdGenerator } from './pooled-id-generator.js';

const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

describe('PooledIdGenerator', () => {
  it('makes 32-hex trace ids and 16-hex span ids', () => {
    const ids = new PooledIdGenerator();
    expect(ids.generateTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.generateSpanId()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('never repeats an id across many pool refills', () => {
    const ids = new PooledIdGenerator();
    const seen = new Set<string>();
    // 24 bytes a request: enough requests for several refills.
    const requests = Math.ceil((4 * POOL_BYTES) / 24);
    for (let i = 0; i < requests; i++) {
      seen.add(ids.generateTraceId());
      seen.add(ids.generateSpanId());
    }
    expect(seen.size).toBe(2 * requests);
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

  it("gives the XOR of the last trace id's four 32-bit words, read from its bytes, and -1 for any other id", () => {
    const ids = new PooledIdGenerator();
    const xorOf = (id: string) => [0, 8, 16, 24].reduce((xor, at) => (xor ^ Number.parseInt(id.slice(at, at + 8), 16)) >>> 0, 0);
    // Across chunk and pool refills, with a span id drawn in between as a request does (40 bytes an iteration).
    let overwritten = 0;
    const iterations = Math.ceil((3 * POOL_BYTES) / 40);
    for (let i = 0; i < iterations; i++) {
      const traceId = ids.generateTraceId();
      expect(ids.xorOfLast(traceId)).toBe(xorOf(traceId));
      ids.generateSpanId();
      // The span id's draw may have refilled the pool (once in ~2,730 requests): then the bytes are gone.
      const after = ids.xorOfLast(traceId);
      if (after === -1) overwritten++;
      else expect(after).toBe(xorOf(traceId));
      const next = ids.generateTraceId();
      expect(ids.xorOfLast(traceId)).toBe(-1);
      expect(ids.xorOfLast(next)).toBe(xorOf(next));
    }
    // The span id's draw refilled the pool under the trace id's bytes at most once a refill (three here).
    expect(overwritten).toBeLessThanOrEqual(3);
    expect(ids.xorOfLast('4bf92f3577b34da6a3ce929d0e0e4736')).toBe(-1);
    // A pool's worth of span ids refills it at least once: the last trace id's bytes are no longer there.
    const traceId = ids.generateTraceId();
    for (let i = 0; i < POOL_BYTES / 8; i++) ids.generateSpanId();
    expect(ids.xorOfLast(traceId)).toBe(-1);
  });

  it("gives the last trace and span ids' bytes as words, and undefined for other ids or bytes a refill overwrote", () => {
    const ids = new PooledIdGenerator();
    // A lone span id first (a child span's), so that a request's span id sometimes starts a chunk and
    // sometimes a refill, which overwrites its trace id's bytes.
    ids.generateSpanId();
    let overwritten = 0;
    const requests = Math.ceil((3 * POOL_BYTES) / 24);
    for (let i = 0; i < requests; i++) {
      const traceId = ids.generateTraceId();
      const spanId = ids.generateSpanId();
      const words = ids.idWordsOf(traceId, spanId);
      if (words === undefined) overwritten++;
      else expect(words).toEqual(idWordsOf(traceId, spanId));
      // An equal id made elsewhere (a copy, not the generator's string) is found too; other ids are not.
      expect(ids.idWordsOf(`${traceId.slice(0, 16)}${traceId.slice(16)}`, spanId)).toEqual(words);
      expect(ids.idWordsOf(CALLER_TRACE_ID, spanId)).toBeUndefined();
      expect(ids.idWordsOf(traceId, CALLER_SPAN_ID)).toBeUndefined();
    }
    // Once a refill, when the span id's draw made it (three refills here).
    expect(overwritten).toBeGreaterThanOrEqual(1);
    expect(overwritten).toBeLessThanOrEqual(3);
    // Ids made before the last ones are no longer the generator's last.
    const first = [ids.generateTraceId(), ids.generateSpanId()] as const;
    ids.generateSpanId();
    expect(ids.idWordsOf(...first)).toBeUndefined();
  });
});
