import type { DuckDBAppender } from '@duckdb/node-api';
import type { PreparedAppend } from '../protocol.js';
import { COLUMN_KINDS, Kind } from './prepare-rows.js';

/**
 * Prepared rows (prepare-rows.ts) → the appender, row by row in table order. Runs in the worker
 * only: the appender's flush is synchronous.
 */

function appendValue(appender: DuckDBAppender, kind: number, value: unknown): void {
  if (value === null) {
    appender.appendNull();
    return;
  }
  switch (kind) {
    case Kind.bigint:
      appender.appendBigInt(value as bigint);
      return;
    case Kind.ubigint:
      appender.appendUBigInt(value as bigint);
      return;
    case Kind.varchar:
      appender.appendVarchar(value as string);
      return;
    case Kind.utinyint:
      appender.appendUTinyInt(value as number);
      return;
    case Kind.usmallint:
      appender.appendUSmallInt(value as number);
      return;
    case Kind.uinteger:
      appender.appendUInteger(value as number);
      return;
    case Kind.boolean:
      appender.appendBoolean(value as boolean);
      return;
    case Kind.double:
      appender.appendDouble(value as number);
      return;
  }
}

/**
 * Appends a prepared batch. Log rows get their Seq (the log cursor) from `seq` on: returns the
 * next one.
 */
export function appendPrepared(appender: DuckDBAppender, batch: PreparedAppend, seq: bigint): bigint {
  const kinds = COLUMN_KINDS[batch.table];
  const { columns } = batch;
  const sequenced = batch.table === 'logs';
  let next = seq;
  for (let row = 0; row < batch.rows; row++) {
    if (sequenced) appender.appendBigInt(next++);
    for (let column = 0; column < kinds.length; column++) appendValue(appender, kinds[column]!, columns[column]![row]);
    appender.endRow();
  }
  return next;
}
