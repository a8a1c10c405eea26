import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store, StoreQueryError } from '../../src/server/store/index.js';
import type { LogRow } from '../../src/server/store/rows.js';

const START = 1_767_225_600_000_000_000n; // 2026-01-01T00:00:00Z
const MS = 1_000_000n;
const MINUTE = 60_000n * MS;
const START_MS = Number(START / MS);
let store: Store;

const line = (offsetNs: bigint, severityNumber: number, body: string, serviceName = 'orders-api', attributes = {}): LogRow => ({
  timeUnixNano: START + offsetNs,
  severityNumber,
  body,
  serviceName,
  attributes,
});

beforeAll(async () => {
  store = await openStore({ memory: true });
  await store.appendLogs([
    // Minute 0: two info lines, a warning and an unspecified one.
    line(1_000n * MS, 9, 'order placed'),
    line(2_000n * MS, 12, 'order placed'),
    line(3_000n * MS, 13, 'slow request'),
    line(4_000n * MS, 0, 'no severity'),
    // Minute 1: nothing. Minute 2: an error and a fatal one of payments, a debug line of orders-api.
    line(2n * MINUTE, 17, 'card declined', 'payments', { 'order.id': '7' }),
    line(2n * MINUTE + 10n * MS, 21, 'out of memory', 'payments'),
    line(2n * MINUTE + 20n * MS, 5, 'cache miss'),
    // Minute 3 ends the window: not counted.
    line(3n * MINUTE, 9, 'after the window'),
  ]);
});

afterAll(async () => {
  await store.close();
});

describe('log volume per bucket and severity', () => {
  const window = { since: START, until: START + 3n * MINUTE, bucketMs: 60_000 };

  it('counts lines per bucket by severity range, buckets with lines only, the window end excluded', async () => {
    expect(await store.logVolume(window)).toEqual([
      { timeMs: START_MS, unspecified: 1, trace: 0, debug: 0, info: 2, warn: 1, error: 0, fatal: 0 },
      { timeMs: START_MS + 120_000, unspecified: 0, trace: 0, debug: 1, info: 0, warn: 0, error: 1, fatal: 1 },
    ]);
  });

  it("applies the log search's filters: service, minimum severity, text, attributes", async () => {
    const counts = async (filters: Parameters<Store['logVolume']>[0]) =>
      (await store.logVolume(filters)).map(({ timeMs, ...bySeverity }) => [
        timeMs - START_MS,
        Object.values(bySeverity).reduce((sum, count) => sum + count, 0),
      ]);
    expect(await counts({ ...window, service: 'payments' })).toEqual([[120_000, 2]]);
    expect(await counts({ ...window, minSeverity: 13 })).toEqual([
      [0, 1],
      [120_000, 2],
    ]);
    expect(await counts({ ...window, contains: 'ORDER PLACED' })).toEqual([[0, 2]]);
    expect(await counts({ ...window, attributes: { 'order.id': '7' } })).toEqual([[120_000, 1]]);
  });

  it('buckets by the width asked for, aligned to it', async () => {
    const buckets = await store.logVolume({ since: START, until: START + 3n * MINUTE, bucketMs: 2_000 });
    expect(buckets.map((bucket) => bucket.timeMs - START_MS)).toEqual([0, 2_000, 4_000, 120_000]);
  });

  it('answers nothing for an empty window and refuses a bucket that makes too many bars', async () => {
    expect(await store.logVolume({ since: START, until: START, bucketMs: 1_000 })).toEqual([]);
    await expect(store.logVolume({ since: START, until: START + 3n * MINUTE, bucketMs: 1 })).rejects.toThrow(StoreQueryError);
    await expect(store.logVolume({ since: START, until: START + 3n * MINUTE, bucketMs: 0 })).rejects.toThrow(/bucketMs/);
  });
});
