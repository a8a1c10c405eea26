import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/store/index.js';
import { generateSpans, traceIdOf } from '../../src/server/store/testing/generate.js';
import { tempDir } from './disk.js';

const HOUR = 3_600_000;

/** Waits until every sealed partition has its trace-id filter (built in the background). */
async function filtersBuilt(store: Store): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const sealed = (await store.stats()).partitions.filter((p) => !p.active);
    if (sealed.length > 0 && sealed.every((p) => p.traceIdFilter)) return;
    if (Date.now() > deadline) throw new Error(`trace-id filters not built: ${JSON.stringify(sealed.map((p) => p.name))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('trace lookups across sealed partitions with trace-id filters', () => {
  it('finds traces in sealed and active partitions by id, with or without a (wrong) time hint, before and after the filters exist and after reopening', async () => {
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
        ['p000002', true, false],
      ]);
      await check();

      await store.close();
      store = await open();
      await filtersBuilt(store);
      await check();
    } finally {
      await store.close();
      remove();
    }
  });
});
