import { existsSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStore, type SpanRow, type Store, StoreOverloadedError } from '../../src/server/store/index.js';
import { generateSpans, traceIdOf } from '../../src/server/store/testing/generate.js';
import { bytesUnder, tempDir } from './disk.js';

const MB = 2 ** 20;

/** Text that does not compress, so on-disk bytes grow with what is stored. */
function noise(seed: number, length: number): string {
  let state = seed >>> 0 || 1;
  let out = '';
  while (out.length < length) {
    state = (state * 1103515245 + 12345) >>> 0;
    out += state.toString(36);
  }
  return out.slice(0, length);
}

function fatBatch(batch: number, startNs: bigint): SpanRow[] {
  const spans = generateSpans(20, { startNs, seed: batch + 1 });
  for (const [index, span] of spans.entries()) span.attributes = { ...span.attributes, payload: noise(batch * 1000 + index, 2048) };
  return spans;
}

async function appendPatiently(store: Store, rows: SpanRow[]): Promise<void> {
  for (;;) {
    try {
      return await store.appendSpans(rows);
    } catch (error) {
      if (!(error instanceof StoreOverloadedError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

describe('retention by size', () => {
  it('keeps files + WALs within 1.25x maxSize after ingesting ~3x what it holds: oldest data gone, newest kept', async () => {
    const { dir, remove } = tempDir('size');
    const path = `${dir}/console.duckdb`;
    const store = await openStore({ path, maxSize: 64 * MB });
    try {
      const startNs = BigInt(Date.now()) * 1_000_000n;
      // 600 x 100 spans x 2 KiB of payload: ~120 MiB of payload, ~3x what the cap holds (~3.5 KiB/span on disk)
      const batches = 600;
      let maxSeen = 0;
      let next = 0;
      const lane = async () => {
        while (next < batches) {
          const batch = next++;
          await appendPatiently(store, fatBatch(batch, startNs + BigInt(batch) * 1_000_000_000n));
          if (batch % 100 === 0) maxSeen = Math.max(maxSeen, bytesUnder(dir));
        }
      };
      await Promise.all(Array.from({ length: 4 }, lane));
      await store.runRetention();
      const stats = await store.stats();
      const measured = bytesUnder(dir);
      console.log(
        `retention by size: cap 64 MiB, on disk ${(measured / MB).toFixed(1)} MiB after, max seen during ingest ${(maxSeen / MB).toFixed(1)} MiB, ${stats.partitions.length} partitions, ${stats.rows.spans} spans kept of ${batches * 100}`,
      );
      expect(stats.bytesOnDisk).toBe(measured);
      expect(measured).toBeLessThanOrEqual(1.25 * 64 * MB);
      expect(maxSeen).toBeLessThanOrEqual(1.25 * 64 * MB);
      expect(stats.rows.spans).toBeLessThan(batches * 100);
      expect(await store.trace(traceIdOf(1, 0))).toEqual([]); // batch 0
      expect(await store.trace(traceIdOf(batches, 19))).toHaveLength(5); // the last batch
      expect(existsSync(`${path}.d/p000001.duckdb`)).toBe(false);
    } finally {
      await store.close();
      remove();
    }
  });
});

describe('a rotation that fails', () => {
  it('leaves the writer working: every append commits, stats() shows the error, and the next rotation goes on', async () => {
    const { dir, remove } = tempDir('rotation');
    const path = `${dir}/console.duckdb`;
    const store = await openStore({ path, maxSize: 8 * MB });
    mkdirSync(`${path}.d/p000002.duckdb`); // the next partition cannot be a file
    try {
      const startNs = BigInt(Date.now()) * 1_000_000n;
      for (let batch = 0; batch < 20; batch++) await appendPatiently(store, fatBatch(batch, startNs + BigInt(batch) * 1_000_000_000n));
      const stats = await store.stats();
      expect(stats.lastMaintenanceError).toMatch(/p000002/);
      // The next rotation skipped the blocked name and went on.
      expect(stats.partitions.map((p) => p.name)).not.toContain('p000002');
      expect(stats.partitions.map((p) => p.name)).toContain('p000003');
      expect(await store.trace(traceIdOf(20, 19))).toHaveLength(5); // the last batch
    } finally {
      await store.close();
      remove();
    }
  });
});

describe('retention by age', () => {
  it('drops whole partitions older than the retention, with an injectable clock, and deletes their files', async () => {
    const { dir, remove } = tempDir('age');
    const path = `${dir}/console.duckdb`;
    const day = 86_400_000;
    let now = Date.UTC(2026, 0, 1);
    const store = await openStore({ path, retention: '1d', clock: () => now });
    try {
      const old = generateSpans(10, { startNs: BigInt(now) * 1_000_000n, seed: 21 });
      await store.appendSpans(old);
      await store.runRetention();
      expect(await store.trace(traceIdOf(21, 0))).toHaveLength(5);

      now += 2 * day;
      const fresh = generateSpans(10, { startNs: BigInt(now) * 1_000_000n, seed: 22 });
      await store.runRetention(); // rotates the aged active partition and drops it
      await store.appendSpans(fresh);
      await store.runRetention();

      expect(await store.trace(traceIdOf(21, 0))).toEqual([]);
      expect(await store.trace(traceIdOf(22, 0))).toHaveLength(5);
      const stats = await store.stats();
      expect(stats.rows.spans).toBe(fresh.length);
      expect(existsSync(`${path}.d/p000001.duckdb`)).toBe(false);
      expect(stats.partitions.map((p) => p.name)).toEqual(['p000002']);
    } finally {
      await store.close();
      remove();
    }
  });
});

describe('memory mode', () => {
  it('keeps no files and evicts the oldest partition past maxRows', async () => {
    const store = await openStore({ memory: true, maxRows: 8_000 });
    try {
      const startNs = BigInt(Date.now()) * 1_000_000n;
      for (let batch = 0; batch < 40; batch++) {
        await store.appendSpans(generateSpans(100, { startNs: startNs + BigInt(batch) * 1_000_000_000n, seed: 500 + batch }));
      }
      const stats = await store.stats();
      expect(stats.mode).toBe('memory');
      expect(stats.bytesOnDisk).toBe(0);
      expect(stats.rows.spans).toBeLessThanOrEqual(8_000);
      expect(stats.rows.spans).toBeGreaterThanOrEqual(7_000);
      expect(await store.trace(traceIdOf(500, 0))).toEqual([]);
      expect(await store.trace(traceIdOf(539, 99))).toHaveLength(5);
    } finally {
      await store.close();
    }
  });
});
