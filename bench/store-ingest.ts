// Store ingest: the console store's append path (main thread → worker → group commit, each
// append resolved only after COMMIT) against the raw DuckDB appender writing the same rows into
// the same schema in the same run. Prints spans/s for both and the ratio.
//   npm run bench:store -w bench -- --spans 300000 --batch 512 --clients 8
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openStore, type SpanRow, StoreOverloadedError } from '@sightline/console/store';
import { appendPrepared, generateSpans, migrate, prepareAppend } from '@sightline/console/store/testing';
import { isEntryPoint } from './lib/entry-point.js';
import { formatCount, formatRatio, formatTarget, printTable } from './lib/table.js';

export interface StoreIngestOptions {
  spans: number;
  batch: number;
  clients: number;
  rounds: number;
  commitIntervalMs: number | undefined;
  commitMaxRows: number | undefined;
}

export function parseStoreIngestArgs(args: readonly string[]): StoreIngestOptions {
  const value = (name: string, fallback: number) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  const optional = (name: string) => (args.includes(`--${name}`) ? value(name, 0) : undefined);
  return {
    spans: value('spans', 300_000),
    batch: value('batch', 512),
    clients: value('clients', 8),
    rounds: value('store-rounds', 2),
    commitIntervalMs: optional('commit-interval-ms'),
    commitMaxRows: optional('commit-max-rows'),
  };
}

function batches(options: StoreIngestOptions, round: number): SpanRow[][] {
  const startNs = BigInt(Date.now()) * 1_000_000n;
  const spans = generateSpans(Math.ceil(options.spans / 5), { startNs, seed: round + 1 });
  const out: SpanRow[][] = [];
  for (let i = 0; i < spans.length; i += options.batch) out.push(spans.slice(i, i + options.batch));
  return out;
}

/** The baseline: one appender, one transaction, on this thread, into a fresh file (the rows mapped to column values as the store does, timed). */
async function raw(dir: string, rows: SpanRow[][]): Promise<number> {
  const instance = await DuckDBInstance.create(join(dir, 'raw.duckdb'), { memory_limit: '512MB' });
  const connection = await instance.connect();
  await migrate(connection, 'raw', Date.now());
  const started = performance.now();
  const appender = await connection.createAppender('spans');
  await connection.run('BEGIN TRANSACTION');
  for (const batch of rows) appendPrepared(appender, prepareAppend('spans', batch), 0n);
  appender.flushSync();
  await connection.run('COMMIT');
  const seconds = (performance.now() - started) / 1000;
  appender.closeSync();
  connection.closeSync();
  instance.closeSync();
  return seconds;
}

async function throughStore(dir: string, rows: SpanRow[][], options: StoreIngestOptions): Promise<number> {
  const { clients, commitIntervalMs, commitMaxRows } = options;
  const store = await openStore({ path: join(dir, 'store.duckdb'), maxSize: '8GB', commitIntervalMs, commitMaxRows });
  let next = 0;
  let overloaded = 0;
  const started = performance.now();
  const client = async () => {
    while (next < rows.length) {
      const batch = rows[next++]!;
      for (;;) {
        try {
          await store.appendSpans(batch);
          break;
        } catch (error) {
          if (!(error instanceof StoreOverloadedError)) throw error;
          overloaded++;
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  const { commits } = await store.stats();
  await store.close();
  if (overloaded > 0) console.log(`  (store: ${overloaded} appends retried after StoreOverloadedError, ${commits} commits)`);
  else console.log(`  (store: ${commits} commits)`);
  return seconds;
}

export async function runStoreIngestBench(options: StoreIngestOptions): Promise<void> {
  const table: string[][] = [];
  for (let round = 0; round < options.rounds; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-bench-store-'));
    try {
      const rows = batches(options, round);
      const count = rows.reduce((sum, batch) => sum + batch.length, 0);
      // Alternate the order so neither side always runs on a warmer machine.
      const rawFirst = round % 2 === 0;
      const rawSeconds = rawFirst ? await raw(dir, rows) : 0;
      const storeSeconds = await throughStore(dir, rows, options);
      const rawSecondsLate = rawFirst ? rawSeconds : await raw(dir, rows);
      const rawRate = count / rawSecondsLate;
      const storeRate = count / storeSeconds;
      table.push([
        `round ${round + 1}`,
        formatCount(count),
        formatCount(rawRate),
        formatCount(storeRate),
        formatRatio(storeRate / rawRate),
        `${formatTarget(storeRate / rawRate, 0.5)}, ${storeRate >= 50_000 ? '>= 50k/s ok' : '>= 50k/s MISS'}`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  printTable(
    'store ingest: spans/s, store (worker + group commit, acked after COMMIT) vs raw DuckDB appender',
    ['what', 'spans', 'raw/s', 'store/s', 'ratio', 'target'],
    table,
    [
      `  ${options.clients} concurrent clients, ${options.batch}-span batches; raw = one appender, one transaction, same rows and schema, same process.`,
    ],
  );
}

if (isEntryPoint(import.meta.url)) await runStoreIngestBench(parseStoreIngestArgs(process.argv.slice(2)));
