import { randomBytes } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { traceIdCondition, traceKeyOf, traceKeySql } from './trace-key.js';

describe('trace key', () => {
  it("is the id's last 32 bits, the same in JavaScript and in the migration's SQL", async () => {
    const ids = [
      ...Array.from({ length: 200 }, () => randomBytes(16).toString('hex')),
      '0000000000000000000000000000ffff',
      '4bf92f3577b34da6a3ce929d0e0e4736',
      'ffffffffffffffffffffffffffffffff',
      // Not a stored id: no key.
      '4BF92F3577B34DA6A3CE929D0E0E4736',
      '4bf92f3577b34da6a3ce929d0e0e473',
      '',
    ];
    expect(traceKeyOf('4bf92f3577b34da6a3ce929d0e0e4736')).toBe(0x0e0e4736);
    expect(traceKeyOf('ffffffffffffffffffffffffffffffff')).toBe(0xffffffff);
    expect(traceKeyOf('4BF92F3577B34DA6A3CE929D0E0E4736')).toBeNull();
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TABLE ids (TraceId VARCHAR)');
      for (const id of ids) await connection.run('INSERT INTO ids VALUES (?)', [id]);
      const rows = (await connection.runAndReadAll(`SELECT TraceId, ${traceKeySql('TraceId')} FROM ids`)).getRows();
      expect(rows.map(([id, key]) => [id, key])).toEqual(ids.map((id) => [id, traceKeyOf(id)]));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('finds spans by key first, then id, and by id alone when an id has no key', () => {
    expect(traceIdCondition(['4bf92f3577b34da6a3ce929d0e0e4736'], ['$1'])).toEqual([`TraceKey = ${0x0e0e4736}`, 'TraceId = $1']);
    expect(traceIdCondition(['4bf92f3577b34da6a3ce929d0e0e4736', '0000000000000000000000000000ffff'], ['$1', '$2'])).toEqual([
      `TraceKey IN (${0x0e0e4736}, 65535)`,
      'TraceId IN ($1, $2)',
    ]);
    expect(traceIdCondition(['not-hex'], ['$1'])).toEqual(['TraceId = $1']);
  });
});
