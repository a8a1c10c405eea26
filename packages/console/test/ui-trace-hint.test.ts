import { describe, expect, it } from 'vitest';
import { outlineHintOf, traceHintOf } from '../ui/src/api/trace-hint.js';

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

describe('trace details hint from the outline', () => {
  const spans = ['1767225600000000000', '999999999999999999', '1767225600500000000', '1767225599000000000'].map((startTimeUnixNano) => ({
    startTimeUnixNano,
  }));

  it('bounds a complete trace by its first and last span start exactly (decimal strings of different lengths ordered as numbers)', () => {
    expect(outlineHintOf(spans, false)).toEqual({ start: '999999999999999999', end: '1767225600500000000' });
  });

  it('leaves a recent trace open-ended and widened before its first start: a late parent starts earlier', () => {
    expect(outlineHintOf(spans, true)).toEqual({ start: String(999_999_999_999_999_999n - SLACK) });
  });

  it('gives no hint for no spans or garbage', () => {
    expect(outlineHintOf([], false)).toEqual({});
    expect(outlineHintOf([{ startTimeUnixNano: 'x' }], false)).toEqual({});
  });
});
