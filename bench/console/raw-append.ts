// The baseline: the rows the console stores for the same OTLP bodies, written by one raw DuckDB
// appender in one transaction on this thread, into a fresh file with the store's schema and the
// store's own row → column values → appender code (as store-ingest.ts does). Decoding is not
// timed; mapping the decoded rows to column values (JSON text of attributes) is, as it always was:
// in the console the decoder thread does it.
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { LogRow, SpanRow } from '@sightline/console/store';
import { appendPrepared, migrate, prepareAppend } from '@sightline/console/store/testing';
import { decodeLogsRequest, decodeTraceRequest } from '@sightline/otlp';
// Not part of the store's public surface: the mapping its worker applies to a decoded request.
// The bench uses it so the baseline writes exactly the rows the console writes.
import { logRowsOf, spanRowsOf } from '../../packages/console/src/server/store/otlp-rows.js';
import { type BodyTemplate, VaryingBody } from './otlp-bodies.js';

/** The console's WAL checkpoint threshold with its default partition size (store options: walAutocheckpointBytes). */
const CONSOLE_WAL_AUTOCHECKPOINT = '64MiB';

export type RawBatches = { signal: 'traces'; batches: SpanRow[][] } | { signal: 'logs'; batches: LogRow[][] };

/** `count` distinct request bodies (fresh trace ids each) decoded into store rows, as the console's worker does. */
export function rawBatches(template: BodyTemplate, count: number): RawBatches {
  const varying = new VaryingBody(template, 0xfff00000);
  const bodies = Array.from({ length: count }, () => {
    varying.next();
    return new Uint8Array(varying.body);
  });
  if (template.signal === 'traces')
    return { signal: 'traces', batches: bodies.map((body) => spanRowsOf(decodeTraceRequest(body, 'protobuf'))) };
  return { signal: 'logs', batches: bodies.map((body) => logRowsOf(decodeLogsRequest(body, 'protobuf'))) };
}

export interface RawResult {
  /** Rows per wall second, commit included. */
  readonly perSecond: number;
  /** Rows per CPU second of this process (all threads: DuckDB's included), commit included. */
  readonly perCpuSecond: number;
}

/**
 * Appends `records` rows (cycling through the batches) and commits: once at the end, or, with
 * `commitEvery`, after every `commitEvery` rows or more (whole batches), with the console's WAL
 * checkpoint threshold: what DuckDB itself costs at the commit size the console's group commit reaches.
 */
export async function rawAppend(dir: string, name: string, input: RawBatches, records: number, commitEvery?: number): Promise<RawResult> {
  const instance = await DuckDBInstance.create(join(dir, `${name}.duckdb`), {
    memory_limit: '512MB',
    ...(commitEvery === undefined ? {} : { wal_autocheckpoint: CONSOLE_WAL_AUTOCHECKPOINT }),
  });
  const connection = await instance.connect();
  await migrate(connection, name, Date.now());
  const appender = await connection.createAppender(input.signal === 'traces' ? 'spans' : 'logs');
  let written = 0;
  let uncommitted = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await connection.run('BEGIN TRANSACTION');
  for (let b = 0; written < records; b++) {
    const rows = input.batches[b % input.batches.length]!;
    const batch = input.signal === 'traces' ? prepareAppend('spans', rows as SpanRow[]) : prepareAppend('logs', rows as LogRow[]);
    appendPrepared(appender, batch, BigInt(written));
    written += batch.rows;
    uncommitted += batch.rows;
    if (commitEvery !== undefined && uncommitted >= commitEvery) {
      appender.flushSync();
      await connection.run('COMMIT');
      await connection.run('BEGIN TRANSACTION');
      uncommitted = 0;
    }
  }
  appender.flushSync();
  await connection.run('COMMIT');
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  appender.closeSync();
  connection.closeSync();
  instance.closeSync();
  return { perSecond: written / seconds, perCpuSecond: written / ((cpu.user + cpu.system) / 1e6) };
}
