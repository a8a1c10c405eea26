import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { StoreQueryError } from '../errors.js';
import { attributeEquals, attributePath, clampLimit, Params, rows } from './sql.js';

describe('SQL helpers', () => {
  it('passes every user value as a numbered parameter, never in the SQL text', () => {
    const params = new Params();
    const sql = attributeEquals('SpanAttributes', 'user.id', "u7' OR '1'='1", params);
    expect(sql).not.toContain('u7');
    expect(params.values).toContain("u7' OR '1'='1");
  });

  it('binds a bigint as BIGINT, the type of the time and duration columns, not as HUGEINT', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const params = new Params();
      const sql = `SELECT typeof(${params.add(1_767_225_600_000_000_000n)}) AS T, typeof(${params.add(2n ** 64n)}) AS Wide, typeof(${params.add(7)}) AS N`;
      // One past int64 is left to DuckDB's inference (HUGEINT), so it is not cut short.
      expect(await rows(connection, sql, params)).toEqual([{ T: 'BIGINT', Wide: 'HUGEINT', N: 'INTEGER' }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('adds the cheap substring prefilter only when the value appears verbatim in JSON text', () => {
    const plain = new Params();
    expect(attributeEquals('A', 'k', 'u42', plain)).toBe('contains(A, $3) AND json_extract_string(A, $1) = $2');
    for (const value of ['say "hi"', 'back\\slash', 'line\nbreak', '']) {
      const params = new Params();
      expect(attributeEquals('A', 'k', value, params)).toBe('json_extract_string(A, $1) = $2');
    }
  });

  it('quotes attribute keys as JSON paths and refuses keys that could escape the path', () => {
    expect(attributePath('http.route')).toBe('$."http.route"');
    expect(() => attributePath('a"b')).toThrow(StoreQueryError);
    expect(() => attributePath('')).toThrow(StoreQueryError);
  });

  it('clamps limits and refuses non-positive ones', () => {
    expect(clampLimit(undefined, 20)).toBe(20);
    expect(clampLimit(5000, 20)).toBe(1000);
    expect(() => clampLimit(0, 20)).toThrow(StoreQueryError);
  });
});
