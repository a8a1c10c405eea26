import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logsRequest, tracesRequest } from '../../../test/integration/browser/otlp-json.js';
import { type ApiApp, startApiApp } from '../../../test/support/api-app.js';
import { generateErrorOccurrences } from '../store/testing/index.js';

const FINGERPRINT = 'paging0123456789';
let api: ApiApp;
let stored: number;

interface Answer {
  count: number;
  occurrences: { cursor: string; timeUnixNano: string; traceId: string }[];
  nextCursor: string | null;
}

beforeAll(async () => {
  api = await startApiApp();
  const { spans, logs, count } = generateErrorOccurrences({
    fingerprint: FINGERPRINT,
    newestNs: BigInt(Date.now() - 60_000) * 1_000_000n,
    spanOccurrences: 110,
    perTimestamp: 8,
    logOnly: 5,
  });
  await api.store.ingestOtlp('traces', 'json', Buffer.from(JSON.stringify(tracesRequest(spans))));
  await api.store.ingestOtlp('logs', 'json', Buffer.from(JSON.stringify(logsRequest(logs))));
  stored = count;
});
afterAll(() => api?.close());

const get = async (query = '') => {
  const response = await api.app.inject(`/api/errors/${FINGERPRINT}${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Answer;
};

describe('GET /api/errors/{fingerprint}, a page of occurrences at a time', () => {
  it('answers the newest 50 with a nextCursor, the cursor of the last one, while older ones exist', async () => {
    const first = await get();
    expect(first.count).toBe(stored);
    expect(first.occurrences).toHaveLength(50);
    expect(first.nextCursor).toBe(first.occurrences.at(-1)!.cursor);
    expect(first.occurrences[0]!.cursor).toMatch(/^\d+-[0-9a-f]{32}$/);
  });

  it('pages through every occurrence with before=nextCursor, none skipped or repeated, and ends with nextCursor null', async () => {
    const everything = await get('?limit=1000');
    expect(everything.occurrences).toHaveLength(stored);
    expect(everything.nextCursor).toBeNull();
    for (const limit of [50, 9]) {
      const cursors: string[] = [];
      let page = await get(`?limit=${limit}`);
      cursors.push(...page.occurrences.map((occurrence) => occurrence.cursor));
      while (page.nextCursor !== null) {
        page = await get(`?limit=${limit}&before=${page.nextCursor}`);
        cursors.push(...page.occurrences.map((occurrence) => occurrence.cursor));
      }
      expect(cursors).toEqual(everything.occurrences.map((occurrence) => occurrence.cursor));
    }
  });

  it('says null when the page holds exactly the last of them', async () => {
    const everything = await get('?limit=1000');
    const beforeLastFive = everything.occurrences.at(-6)!.cursor;
    const last = await get(`?limit=5&before=${beforeLastFive}`);
    expect(last.occurrences.map((occurrence) => occurrence.cursor)).toEqual(everything.occurrences.slice(-5).map((o) => o.cursor));
    expect(last.nextCursor).toBeNull();
  });

  it.each([
    ['?limit=0', 'limit', 'a whole number from 1 to 1000'],
    ['?limit=1001', 'limit', 'a whole number from 1 to 1000'],
    ['?before=yesterday', 'before', 'an occurrence cursor from a previous answer (nextCursor)'],
    [`?before=123-${'g'.repeat(32)}`, 'before', 'an occurrence cursor from a previous answer (nextCursor)'],
    ['?after=1', 'after', 'unknown parameter'],
  ])('answers 400 naming the parameter for %s', async (query, parameter, message) => {
    const response = await api.app.inject(`/api/errors/${FINGERPRINT}${query}`);
    expect(response.statusCode).toBe(400);
    expect((response.json() as { issues: unknown[] }).issues).toEqual([{ parameter, message }]);
  });

  it('answers 404 for a group it does not hold, whatever the page', async () => {
    expect((await api.app.inject(`/api/errors/nothing-here?before=99999999999999999999-${'0'.repeat(32)}`)).statusCode).toBe(404);
  });
});
