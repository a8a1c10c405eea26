import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { MAX_SKIPPED_TICKS, MemoryTrim } from './memory-trim.js';

const MiB = 2 ** 20;

describe('MemoryTrim', () => {
  it('trims once per change of activity, never while idle, and stops on close', async () => {
    const limit = `${256 * MiB}B`; // as the store's options hand it over
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: limit });
    let activity = 0;
    const trim = new MemoryTrim(await instance.connect(), limit, 60_000, () => activity);
    try {
      await trim.trim();
      expect(trim.done.count).toBe(0); // nothing happened since the start

      activity++;
      await trim.trim();
      expect(trim.done.count).toBe(1);
      await trim.trim();
      expect(trim.done.count).toBe(1); // idle: nothing new to give back

      activity += 5;
      await Promise.all([trim.trim(), trim.trim()]); // one at a time
      expect(trim.done.count).toBe(2);
      expect(trim.done.totalMs).toBeGreaterThan(0);

      const connection = await instance.connect();
      const setting = await connection.runAndReadAll("SELECT current_setting('memory_limit')");
      expect(String(setting.getRows()[0]?.[0])).toBe('256.0 MiB'); // the limit itself is unchanged
      connection.closeSync();
    } finally {
      await trim.close();
      instance.closeSync();
    }
  });

  it('skips ticks while someone queries, at most MAX_SKIPPED_TICKS in a row', async () => {
    const limit = `${256 * MiB}B`;
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: limit });
    let activity = 0;
    let querying = true;
    const trim = new MemoryTrim(
      await instance.connect(),
      limit,
      60_000,
      () => activity,
      () => querying,
    );
    try {
      for (let tick = 0; tick < MAX_SKIPPED_TICKS; tick++) {
        activity++;
        await trim.tick();
      }
      expect(trim.done.count).toBe(0);
      await trim.tick(); // skipped too often: trims though a query runs
      expect(trim.done.count).toBe(1);
      activity++;
      await trim.tick();
      expect(trim.done.count).toBe(1); // skipping again
      querying = false;
      await trim.tick();
      expect(trim.done.count).toBe(2); // quiet: trims at once
    } finally {
      await trim.close();
      instance.closeSync();
    }
  });

  // The reason the class exists: DuckDB on glibc keeps what it frees until something trims. If a
  // DuckDB upgrade stops trimming when the limit is set, this fails and the trim needs another way.
  it('gives the memory a finished query freed back to the system', async () => {
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: '512MB', threads: '1' });
    const connection = await instance.connect();
    let activity = 0;
    const trim = new MemoryTrim(await instance.connect(), '512MB', 60_000, () => activity);
    try {
      // A hash table of 3 M distinct strings: a few hundred MB, freed when the query ends.
      await connection.runAndReadAll('SELECT count(DISTINCT md5(i::VARCHAR)) FROM range(3000000) t(i)');
      const before = process.memoryUsage().rss;
      activity++;
      await trim.trim();
      const after = process.memoryUsage().rss;
      expect((before - after) / MiB).toBeGreaterThan(32);
    } finally {
      await trim.close();
      connection.closeSync();
      instance.closeSync();
    }
  });
});
