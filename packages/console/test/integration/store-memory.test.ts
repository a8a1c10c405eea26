import { eventually } from '@sightline/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/server/store/index.js';
import { generateSpans } from '../../src/server/store/testing/generate.js';
import { tempDir } from './disk.js';

const NOW_NS = BigInt(Date.now()) * 1_000_000n;
let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

describe("the store's memory", () => {
  it('says where the memory is, and gives freed memory back while it works but not while idle', async () => {
    const { dir, remove } = tempDir('memory');
    const store = await openStore({ path: `${dir}/console.duckdb`, memoryLimit: '128MiB', memoryTrimIntervalMs: 50 });
    cleanups.push(remove, () => store.close());
    const spans = generateSpans(2_000, { startNs: NOW_NS, seed: 5 });
    await store.appendSpans(spans);

    const { memory } = await store.stats();
    expect(memory.duckdbLimitBytes).toBe(128 * 2 ** 20);
    expect(memory.rssBytes).toBeGreaterThan(memory.mainHeapBytes + memory.workerHeapBytes + memory.duckdbBytes);
    expect(memory.mainHeapBytes).toBeGreaterThan(0);
    expect(memory.workerHeapBytes).toBeGreaterThan(0);
    expect(memory.mainHeapCommittedBytes).toBeGreaterThanOrEqual(memory.mainHeapBytes);
    expect(memory.workerHeapCommittedBytes).toBeGreaterThanOrEqual(memory.workerHeapBytes);
    if (process.platform === 'linux') {
      // Anonymous + file-backed make the RSS (read a moment apart, so within a margin); the code is file-backed.
      const split = (memory.rssAnonBytes ?? 0) + (memory.rssFileBytes ?? 0);
      expect(Math.abs(split - memory.rssBytes) / memory.rssBytes).toBeLessThan(0.1);
      expect(memory.rssFileBytes).toBeGreaterThan(10 * 2 ** 20);
    }
    // The rows just committed sit in DuckDB's buffer manager, under named tags, largest first.
    expect(memory.duckdbBytes).toBeGreaterThan(0);
    expect(memory.duckdbByTag.length).toBeGreaterThan(0);
    expect(memory.duckdbByTag.map((t) => t.bytes)).toEqual([...memory.duckdbByTag.map((t) => t.bytes)].sort((a, b) => b - a));
    expect(memory.duckdbByTag.reduce((sum, t) => sum + t.bytes, 0)).toBe(memory.duckdbBytes);

    // The commit was work: a trim follows within a tick or two.
    const trimmed = await eventually(
      async () => {
        const { trims } = (await store.stats()).memory;
        return trims.count > 0 ? trims : undefined;
      },
      'a memory trim after the commit',
      { timeoutMs: 5_000, intervalMs: 20 },
    );
    // Idle (stats and row count polls, as the live feed makes, are not work): no more trims.
    const polls = setInterval(() => void store.rowCounts(), 10);
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(polls);
    expect((await store.stats()).memory.trims.count).toBe(trimmed.count);
    expect(await store.rowCounts()).toEqual((await store.stats()).rows);
    expect((await store.rowCounts()).spans).toBe(spans.length);
    // A query is work again.
    await store.searchTraces({ limit: 5 });
    await eventually(
      async () => ((await store.stats()).memory.trims.count > trimmed.count ? true : undefined),
      'a memory trim after the query',
      { timeoutMs: 5_000, intervalMs: 20 },
    );
  });
});
