import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ErrorOccurrence, type LogRow, openStore, type SpanRow, type Store } from '../../src/server/store/index.js';
import { generateErrorOccurrences } from '../../src/server/store/testing/index.js';
import { logsRequest, tracesRequest } from './browser/otlp-json.js';

// Within the default retention: older rows would be dropped.
const NEWEST = BigInt(Date.now() - 60_000) * 1_000_000n;
const FINGERPRINT = 'paging0123456789';
let store: Store;
/** Occurrences stored: 90 span events six to a nanosecond, 12 identical log lines, one throw recorded four times. */
let stored: number;

// Exceptions are taken from spans and logs as OTLP bodies are stored: through the receiver's path.
const ingestSpans = (spans: SpanRow[]) => store.ingestOtlp('traces', 'json', Buffer.from(JSON.stringify(tracesRequest(spans))));
const ingestLogs = (logs: LogRow[]) => store.ingestOtlp('logs', 'json', Buffer.from(JSON.stringify(logsRequest(logs))));

const NESTED_TRACE = 'ab'.repeat(16);
const NESTED_STACK = 'Error: nested\n    at inner (/srv/a.ts:1:1)';

beforeAll(async () => {
  store = await openStore({ memory: true });
  const { spans, logs, count } = generateErrorOccurrences({ fingerprint: FINGERPRINT, newestNs: NEWEST, spanOccurrences: 90, logOnly: 12 });
  // Appended in several commits, newest first, as exports from several services would arrive.
  for (let start = 0; start < spans.length; start += 25) await ingestSpans(spans.slice(start, start + 25));
  await ingestLogs(logs);
  // One throw that unwound through three spans and was logged: one occurrence, four recordings, at a tied time.
  const exception = {
    'exception.type': 'CardDeclinedError',
    'exception.stacktrace': NESTED_STACK,
    'sightline.error.fingerprint': FINGERPRINT,
  };
  const time = NEWEST - 3_000_000_000n;
  await ingestSpans(
    ['01', '02', '03'].map((suffix, depth) => ({
      traceId: NESTED_TRACE,
      spanId: suffix.repeat(8),
      ...(depth === 0 ? {} : { parentSpanId: '01'.repeat(8) }),
      name: 'charge',
      kind: 1,
      startTimeUnixNano: time - 1_000n,
      endTimeUnixNano: time + BigInt(depth) + 1_000n,
      statusCode: 2,
      serviceName: 'payments',
      events: [{ name: 'exception', timeUnixNano: time + BigInt(2 - depth), attributes: exception }],
    })),
  );
  await ingestLogs([
    {
      timeUnixNano: time + 5n,
      severityNumber: 17,
      body: 'x',
      serviceName: 'payments',
      traceId: NESTED_TRACE,
      spanId: '03'.repeat(8),
      attributes: exception,
    },
  ]);
  stored = count + 1;
});

afterAll(async () => {
  await store?.close();
});

/** Every page of the group, `limit` at a time, each after the previous page's last occurrence. */
async function allPages(limit: number): Promise<ErrorOccurrence[][]> {
  const pages: ErrorOccurrence[][] = [];
  let before: { timeUnixNano: bigint; key: string } | undefined;
  for (;;) {
    const page = await store.errorOccurrences({ fingerprint: FINGERPRINT, limit, ...(before === undefined ? {} : { before }) });
    if (page.length === 0) return pages;
    pages.push(page);
    const last = page.at(-1)!;
    before = { timeUnixNano: last.timeUnixNano, key: last.key };
    if (pages.length > stored) throw new Error('paging does not end');
  }
}

describe('error occurrences, a page at a time', () => {
  it('counts what the group counts: one occurrence per throw, each identical log line outside a span its own', async () => {
    const [group] = await store.errorGroups({ fingerprint: FINGERPRINT, limit: 1 });
    expect(group?.count).toBe(stored);
    const all = await store.errorOccurrences({ fingerprint: FINGERPRINT, limit: 1_000 });
    expect(all).toHaveLength(stored);
    const nested = all.find((occurrence) => occurrence.traceId === NESTED_TRACE);
    expect(nested).toMatchObject({ recordings: 4, sources: ['log', 'span'], spanId: '03'.repeat(8) });
  });

  it("gives the group's first exception time as the group counts it, and null for a fingerprint nobody stored", async () => {
    const [group] = await store.errorGroups({ fingerprint: FINGERPRINT, limit: 1 });
    const all = await store.errorOccurrences({ fingerprint: FINGERPRINT, limit: 1_000 });
    const oldest = all.reduce((min, occurrence) => (occurrence.timeUnixNano < min ? occurrence.timeUnixNano : min), NEWEST);
    expect(await store.errorFirstSeen(FINGERPRINT)).toBe(group?.firstSeenMs);
    expect(await store.errorFirstSeen(FINGERPRINT)).toBe(Number(oldest / 1_000_000n));
    expect(await store.errorFirstSeen('nobody0123456789')).toBeNull();
  });

  it('are newest first, several to a nanosecond, in an order that stays the same from one query to the next', async () => {
    const all = await store.errorOccurrences({ fingerprint: FINGERPRINT, limit: 1_000 });
    for (let index = 1; index < all.length; index++) expect(all[index]!.timeUnixNano <= all[index - 1]!.timeUnixNano).toBe(true);
    // 6 span events and 12 log lines at the newest nanosecond alone.
    expect(all.filter((occurrence) => occurrence.timeUnixNano === NEWEST)).toHaveLength(18);
    expect(new Set(all.map((occurrence) => occurrence.key)).size).toBe(all.length);
    expect(await store.errorOccurrences({ fingerprint: FINGERPRINT, limit: 1_000 })).toEqual(all);
  });

  it.each([50, 7, 1])('pages of %i neither skip nor repeat an occurrence, ties in time included', async (limit) => {
    const all = await store.errorOccurrences({ fingerprint: FINGERPRINT, limit: 1_000 });
    const pages = await allPages(limit);
    expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    expect(pages.flat().map((occurrence) => occurrence.key)).toEqual(all.map((occurrence) => occurrence.key));
    expect(pages.flat()).toEqual(all);
    if (limit === 50) expect(pages.map((page) => page.length)).toEqual([50, 50, stored - 100]);
  });

  it('starts a page right after an occurrence in the middle of a tie', async () => {
    const all = await store.errorOccurrences({ fingerprint: FINGERPRINT, limit: 1_000 });
    // The 10th of the 18 occurrences of the newest nanosecond.
    const middle = all[9]!;
    expect(middle.timeUnixNano).toBe(NEWEST);
    const next = await store.errorOccurrences({
      fingerprint: FINGERPRINT,
      limit: 5,
      before: { timeUnixNano: middle.timeUnixNano, key: middle.key },
    });
    expect(next).toEqual(all.slice(10, 15));
  });

  it('answers no page for a group it does not hold, or after the oldest occurrence', async () => {
    expect(await store.errorOccurrences({ fingerprint: 'nothing-here', limit: 5 })).toEqual([]);
    const all = await store.errorOccurrences({ fingerprint: FINGERPRINT, limit: 1_000 });
    const oldest = all.at(-1)!;
    expect(
      await store.errorOccurrences({ fingerprint: FINGERPRINT, limit: 5, before: { timeUnixNano: oldest.timeUnixNano, key: oldest.key } }),
    ).toEqual([]);
  });
});
