import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store, StoreOverloadedError, StoreWorkerCrashedError } from '../../src/server/store/index.js';
import { generateSpans, traceIdOf } from '../../src/server/store/testing/generate.js';
import { tempDir } from './disk.js';

const NOW_NS = BigInt(Date.now()) * 1_000_000n;
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function fileStore(options: Parameters<typeof openStore>[0] = {}): Promise<Store> {
  const { dir, remove } = tempDir('commit');
  const store = await openStore({ path: `${dir}/console.duckdb`, ...options });
  cleanups.push(remove, () => store.close());
  return store;
}

describe('group commit', () => {
  it('resolves an append only once its rows are committed and readable', async () => {
    const store = await fileStore({ commitIntervalMs: 50 });
    const spans = generateSpans(10, { startNs: NOW_NS, seed: 11 });
    const before = await store.stats();
    await store.appendSpans(spans);
    const after = await store.stats();
    expect(before.rows.spans).toBe(0);
    expect(after.rows.spans).toBe(spans.length);
    expect(after.commits).toBe(before.commits + 1);
    expect(await store.trace(traceIdOf(11, 3))).toHaveLength(5);
  });

  it('gathers many concurrent appends into a few transactions', async () => {
    const store = await fileStore({ commitIntervalMs: 50, commitMaxRows: 100_000 });
    const batches = Array.from({ length: 100 }, (_, i) => generateSpans(4, { startNs: NOW_NS, seed: 100 + i }));
    const before = (await store.stats()).commits;
    await Promise.all(batches.map((batch) => store.appendSpans(batch)));
    const stats = await store.stats();
    expect(stats.rows.spans).toBe(100 * 4 * 5);
    // One transaction per append would be 100 commits; a group commit takes a handful.
    expect(stats.commits - before).toBeLessThanOrEqual(5);
    expect(stats.commits - before).toBeGreaterThanOrEqual(1);
  });

  it('commits as soon as commitMaxRows rows are gathered', async () => {
    const store = await fileStore({ commitIntervalMs: 1000, commitMaxRows: 500 });
    const spans = generateSpans(100, { startNs: NOW_NS, seed: 12 });
    // 500 rows reach the row bound: no 1 s wait, and exactly one commit.
    const started = (await store.stats()).commits;
    await store.appendSpans(spans);
    expect((await store.stats()).commits).toBe(started + 1);
  });
});

describe('back-pressure', () => {
  it('rejects at once with StoreOverloadedError when the queue is full and stores exactly what it accepted', async () => {
    const store = await fileStore({ maxQueuedRows: 2_000, commitIntervalMs: 50 });
    const batch = generateSpans(100, { startNs: NOW_NS, seed: 13 }); // 500 rows
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => store.appendSpans(batch)));
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
    const rejected = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    expect(accepted).toBe(4);
    expect(rejected).toHaveLength(36);
    for (const error of rejected) {
      expect(error).toBeInstanceOf(StoreOverloadedError);
      expect(error.code).toBe('SL_STORE_OVERLOADED');
    }
    expect((await store.stats()).rows.spans).toBe(accepted * batch.length);
    // Once drained, the queue accepts again.
    await store.appendSpans(batch);
  });

  it('bounds the queue by bytes as well as rows', async () => {
    const store = await fileStore({ maxQueuedBytes: 10_000 });
    const batch = generateSpans(2, { startNs: NOW_NS, seed: 14 });
    await expect(store.appendSpans(batch, { bytes: 20_000 })).rejects.toBeInstanceOf(StoreOverloadedError);
    await store.appendSpans(batch, { bytes: 5_000 });
    expect((await store.stats()).queuedBytes).toBe(0);
  });
});

describe('worker failure', () => {
  it('rejects pending appends with StoreWorkerCrashedError when the worker dies, and later calls too', async () => {
    const store = await fileStore({ workerResourceLimits: { maxOldGenerationSizeMb: 64 }, maxQueuedRows: 10_000_000, maxQueuedBytes: 2 ** 40 });
    const huge = generateSpans(20_000, { startNs: NOW_NS, seed: 15 });
    const appends = Array.from({ length: 20 }, () => store.appendSpans(huge));
    const outcomes = await Promise.allSettled(appends);
    const crashed = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof StoreWorkerCrashedError);
    expect(crashed.length).toBeGreaterThan(0);
    await expect(store.stats()).rejects.toBeInstanceOf(StoreWorkerCrashedError);
  });
});
