import { randomBytes } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { migrate } from './schema.js';
import { BITS_PER_ID, TraceIdFilter } from './trace-id-filter.js';
import { traceKeySql } from './trace-key.js';

const traceId = () => randomBytes(16).toString('hex');

describe('TraceIdFilter', () => {
  it('says "maybe" for every id it holds and "no" for nearly every other', () => {
    const held = Array.from({ length: 20_000 }, traceId);
    const filter = new TraceIdFilter(held.length);
    for (const id of held) filter.add(id);
    expect(held.filter((id) => !filter.mayContain(id))).toEqual([]);
    const others = Array.from({ length: 20_000 }, traceId);
    const falsePositives = others.filter((id) => filter.mayContain(id)).length;
    // 10 bits and 4 probes per id: ~1.2 % expected.
    expect(falsePositives / others.length).toBeLessThan(0.03);
  });

  it('tells apart sequential ids (keys that count up are mixed), and cannot rule out an id without a key', () => {
    const held = Array.from({ length: 1_000 }, (_, i) => i.toString(16).padStart(32, '0'));
    const filter = new TraceIdFilter(held.length);
    for (const id of held) filter.add(id);
    expect(held.every((id) => filter.mayContain(id))).toBe(true);
    const others = Array.from({ length: 1_000 }, (_, i) => (i + 5_000).toString(16).padStart(32, '0'));
    expect(others.filter((id) => filter.mayContain(id)).length).toBeLessThan(50);
    // Not lowercase hex: no key, so "maybe" (the store looks such an id up by its text).
    expect(filter.mayContain('X'.repeat(32))).toBe(true);
    expect(filter.mayContain('short')).toBe(true);
  });

  it('is built from a partition: the trace ids of its spans and of its exceptions', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`ATTACH ':memory:' AS p000001`);
      await migrate(connection, 'p000001', Date.now());
      const [spanTrace, exceptionTrace, absent] = [traceId(), traceId(), traceId()];
      await connection.run(
        `INSERT INTO p000001.spans (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode, TraceKey)
         SELECT 1, id, '00f067aa0ba902b7', '', 'GET /', 2, 'api', 5, 0, ${traceKeySql('id')} FROM (SELECT '${spanTrace}' id)`,
      );
      await connection.run(
        `INSERT INTO p000001.exceptions (Timestamp, ServiceName, Fingerprint, ExceptionType, TraceId, SpanId, Source)
         VALUES (2, 'api', 'f', 'Error', '${exceptionTrace}', '00f067aa0ba902b8', 'log')`,
      );
      const filter = await TraceIdFilter.build(connection, 'p000001');
      expect(filter.mayContain(spanTrace)).toBe(true);
      expect(filter.mayContain(exceptionTrace)).toBe(true);
      expect(filter.mayContain(absent)).toBe(false);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('is sized for the distinct trace ids of a partition, not its rows', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`ATTACH ':memory:' AS p000001`);
      await migrate(connection, 'p000001', Date.now());
      // 20,000 traces of 5 spans each: 100,000 rows.
      await connection.run(
        `INSERT INTO p000001.spans (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode, TraceKey)
         SELECT i, id, lpad(i::VARCHAR, 16, '0'), '', 'GET /', 2, 'api', 5, 0, ${traceKeySql('id')} FROM (SELECT i, md5((i // 5)::VARCHAR) id FROM range(100000) t(i))`,
      );
      const filter = await TraceIdFilter.build(connection, 'p000001');
      // 10 bits per distinct id with a 25 % margin: ~31 KB; sized for the rows it would be 125 KB.
      expect(filter.byteLength).toBeGreaterThan((20_000 * 1.1 * 10) / 8);
      expect(filter.byteLength).toBeLessThan((20_000 * 1.5 * 10) / 8);
      const held = await connection.runAndReadAll('SELECT DISTINCT TraceId FROM p000001.spans');
      expect(held.getRows().every(([id]) => filter.mayContain(String(id)))).toBe(true);
      const others = Array.from({ length: 20_000 }, traceId);
      expect(others.filter((id) => filter.mayContain(id)).length / others.length).toBeLessThan(0.03);
      // DuckDB's arithmetic is the filter's own: the same ids added one by one answer alike.
      const byHand = new TraceIdFilter(filter.bits / BITS_PER_ID);
      for (const [id] of held.getRows()) byHand.add(String(id));
      expect(byHand.bits).toBe(filter.bits);
      const differ = [...held.getRows().map(([id]) => String(id)), ...others].filter(
        (id) => byHand.mayContain(id) !== filter.mayContain(id),
      );
      expect(differ).toEqual([]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
