import { describe, expect, it } from 'vitest';
import { traceHintOf } from '../ui/src/api/trace-hint.js';

const SLACK = 300_000_000_000n;
const NOW_MS = 1_767_225_600_000;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;

describe('trace link time hint', () => {
  it('widens an old trace’s start and end by the slack', () => {
    const start = ns(NOW_MS - 3_600_000);
    const end = start + 250_000_000n;
    const hint = traceHintOf(new URLSearchParams({ start: String(start), end: String(end) }), NOW_MS);
    expect(hint).toEqual({ start: String(start - SLACK), end: String(end + SLACK) });
  });

  it('leaves the end open while the trace may still receive spans', () => {
    const start = ns(NOW_MS - 5_000);
    const hint = traceHintOf(new URLSearchParams({ start: String(start), end: String(start + 1_000_000n) }), NOW_MS);
    expect(hint).toEqual({ start: String(start - SLACK) });
  });

  it('gives no hint for a link without one or with garbage', () => {
    expect(traceHintOf(new URLSearchParams(), NOW_MS)).toEqual({});
    expect(traceHintOf(new URLSearchParams({ start: '12abc' }), NOW_MS)).toEqual({});
    expect(traceHintOf(new URLSearchParams({ start: '5' }), NOW_MS)).toEqual({ start: '0' });
  });
});
