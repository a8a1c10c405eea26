import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../index.js';
import { generateSpans } from '../testing/index.js';

const START = BigInt(Date.now() - 10 * 60_000) * 1_000_000n;
const MINUTE = 60_000_000_000n;

let store: Store;
beforeAll(async () => {
  store = await openStore({ memory: true });
  await store.appendSpans(generateSpans(20, { startNs: START, spansPerTrace: 3 }));
});
afterAll(async () => {
  await store?.close();
});

describe('span aggregations over an empty or inverted window', () => {
  const windows = [
    ['empty', { since: START, until: START }],
    ['inverted', { since: START + MINUTE, until: START - MINUTE }],
  ] as const;

  it.each(windows)('answer nothing for an %s window instead of failing', async (_name, window) => {
    expect(await store.red(window)).toEqual([]);
    expect(await store.redByService(window)).toEqual([]);
    expect(await store.redSeries({ ...window, bucketMs: 1_000 })).toEqual([]);
    expect(await store.dependencies(window)).toEqual([]);
    expect(await store.sloCounts({ ...window, service: 'orders-api', routes: [], methods: [], bucketNs: MINUTE })).toEqual([]);
  });

  it('answer the rows of a window that ends after it starts', async () => {
    const window = { since: START - MINUTE, until: START + MINUTE };
    expect((await store.red(window)).length).toBeGreaterThan(0);
    expect((await store.redSeries({ ...window, bucketMs: 1_000 })).length).toBeGreaterThan(0);
    expect((await store.dependencies(window)).length).toBeGreaterThan(0);
  });
});
