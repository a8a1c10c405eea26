import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/store/index.js';
import { generateSpans, traceIdOf } from '../../src/server/store/testing/generate.js';
import { tempDir } from './disk.js';

const HOUR = 3_600_000;

/**
 * Waits until every partition has its trace-id filter: sealed ones built in the background, the
 * active one kept by the writer (after a reopen, once its stored rows have been read).
 */
async function filtersBuilt(store: Store): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const partitions = (await store.stats()).partitions;
    if (partitions.some((p) => !p.active) && partitions.every((p) => p.traceIdFilter)) return;
    if (Date.now() > deadline) throw new Error(`trace-id filters not built: ${JSON.stringify(partitions.map((p) => p.name))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('trace lookups across sealed partitions with trace-id filters', () => {
  it('finds traces in sealed and active partitions by id, with or without a (wrong) time hint, before and after the filters exist and after reopening (rows appended while the active filter is rebuilt too)', async () => {
    const { dir, remove } = tempDir('trace-filter');
    const path = `${dir}/console.duckdb`;
    let now = Date.UTC(2026, 0, 1);
    const open = () => openStore({ path, retention: '8h', clock: () => now });
    let store = await open();
    try {
      const sealedNs = BigInt(now) * 1_000_000n;
      await store.appendSpans(generateSpans(20, { startNs: sealedNs, seed: 31 }));
      now += 2 * HOUR;
      await store.runRetention(); // the active partition is older than retention / 8: sealed, a new one starts
      const activeNs = BigInt(now) * 1_000_000n;
      await store.appendSpans(generateSpans(20, { startNs: activeNs, seed: 32 }));
      const absent = 'f'.repeat(32);

      const check = async () => {
        expect(await store.trace(traceIdOf(31, 3))).toHaveLength(5);
        expect(await store.trace(traceIdOf(32, 3))).toHaveLength(5);
        expect(await store.trace(absent)).toEqual([]);
        // A hint that points at the other partition: the fallback over all partitions finds it.
        const wrongHint = { since: activeNs, until: activeNs + 1_000_000_000n };
        expect(await store.trace(traceIdOf(31, 7), wrongHint)).toHaveLength(5);
      };
      await check();
      await filtersBuilt(store);
      const stats = await store.stats();
      expect(stats.partitions.map((p) => [p.name, p.active, p.traceIdFilter])).toEqual([
        ['p000001', false, true],
        ['p000002', true, true],
      ]);
      await check();

      await store.close();
      store = await open();
      // Appended while the reopened active partition's stored ids are still being read, and after.
      await store.appendSpans(generateSpans(5, { startNs: activeNs + 1_000_000n, seed: 33 }));
      await filtersBuilt(store);
      await store.appendSpans(generateSpans(5, { startNs: activeNs + 2_000_000n, seed: 34 }));
      await check();
      expect(await store.trace(traceIdOf(33, 2))).toHaveLength(5);
      expect(await store.trace(traceIdOf(34, 2))).toHaveLength(5);
    } finally {
      await store.close();
      remove();
    }
  });
});
