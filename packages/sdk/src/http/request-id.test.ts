import { describe, expect, it } from 'vitest';
import { rejectedRequestId, resolveRequestId } from './request-id.js';

/** RFC 9562: version 8 in the 13th hex digit, variant 10xx in the 17th. */
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('resolveRequestId', () => {
  it.each([
    'abc-123',
    '9f1c2a7e-4b6d-4c3e-8f2a-1b2c3d4e5f60',
    'Root=1-67891233-abcdef012345678912345678',
    'svc.gateway:req/42+retry=1@edge_7',
    'x'.repeat(128),
  ])('reuses the valid incoming id %s', (incoming) => {
    expect(resolveRequestId(incoming)).toBe(incoming);
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['empty', ''],
    ['containing a space', 'abc 123'],
    ['containing a newline', 'abc\n{"level":60}'],
    ['containing a carriage return', 'abc\r'],
    ['containing a quote', 'abc"def'],
    ['containing non-ASCII letters', 'réquest'],
  ])('replaces an id %s with a UUID', (_reason, incoming) => {
    const id = resolveRequestId(incoming);

    expect(id).not.toBe(incoming);
    expect(id).toMatch(UUID_V8);
  });

  it('replaces a repeated header (an array of ids) with a UUID', () => {
    expect(resolveRequestId(['abc', 'def'])).toMatch(UUID_V8);
  });

  it('generates a UUID when no id came in', () => {
    expect(resolveRequestId(undefined)).toMatch(UUID_V8);
  });

  it('generates a different id for every request without one: one random prefix per process, then a counter', () => {
    const ids = Array.from({ length: 50 }, () => resolveRequestId(undefined));
    expect(new Set(ids).size).toBe(50);
    expect(new Set(ids.map((id) => id.slice(0, 24))).size).toBe(1);
    const counters = ids.map((id) => Number.parseInt(id.slice(24), 16));
    expect(counters.slice(1)).toEqual(counters.slice(0, -1).map((value) => value + 1));
  });

  it('counts on in its last 12 hex digits past 65,536 ids, where its high digits are formatted anew', () => {
    const ids = Array.from({ length: 70_000 }, () => resolveRequestId(undefined));
    const counters = ids.map((id) => Number.parseInt(id.slice(24), 16));
    for (const id of ids) expect(id).toMatch(UUID_V8);
    expect(counters.every((value, i) => i === 0 || value === (counters[i - 1] as number) + 1)).toBe(true);
    expect(counters.some((value) => value % 65_536 === 0)).toBe(true);
  });

  it('draws its prefix from fresh randomness in every process', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const script = "import('./packages/sdk/src/http/request-id.ts').then((m) => console.log(m.resolveRequestId(undefined)))";
    const run = () => promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script]).then(({ stdout }) => stdout.trim());
    const [first, second] = await Promise.all([run(), run()]);
    expect(first).toMatch(UUID_V8);
    expect(second).toMatch(UUID_V8);
    expect(first.slice(0, 24)).not.toBe(second.slice(0, 24));
  });
});

describe('rejectedRequestId', () => {
  it('keeps a rejected id made of printable characters as it came', () => {
    expect(rejectedRequestId('abc 123 "quoted"')).toBe('abc 123 "quoted"');
  });

  it('keeps the first 128 characters of a too long id', () => {
    expect(rejectedRequestId(`${'x'.repeat(128)}tail`)).toBe('x'.repeat(128));
  });

  it('replaces control and non-ASCII characters with "?"', () => {
    expect(rejectedRequestId('abc\n{"level":60}\tr\u00e9q\u0000')).toBe('abc?{"level":60}?r?q?');
  });

  it('joins a repeated header, and keeps nothing for an empty one', () => {
    expect(rejectedRequestId(['abc', 'd e'])).toBe('abc,d e');
    expect(rejectedRequestId('')).toBeUndefined();
  });
});
