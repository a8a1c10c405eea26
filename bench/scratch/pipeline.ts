import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBAppender } from '@duckdb/node-api';
import type { SpanRow } from '@sightline/console/store';
import { appendSpan, migrate } from '@sightline/console/store/testing';
import { traceTemplate } from '../console/otlp-bodies.js';
import { rawBatches } from '../console/raw-append.js';

const input = rawBatches(await traceTemplate(), 64) as { signal: 'traces'; batches: SpanRow[][] };
const ROWS_PER_COMMIT = Number(process.argv[2] ?? 2048);
const TOTAL = 400_000;

async function setup(name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'pipe-'));
  const instance = await DuckDBInstance.create(join(dir, 'main.duckdb'), { memory_limit: '512MB', wal_autocheckpoint: '64MiB' });
  const c0 = await instance.connect();
  await c0.run(`ATTACH '${join(dir, 'p1.duckdb')}' AS p1`);
  await migrate(c0, 'p1', Date.now());
  return { instance, c0 };
}
function appendRows(appender: DuckDBAppender, n: number, start: number): void {
  let b = start;
  for (let w = 0; w < n; b++) {
    for (const row of input.batches[b % input.batches.length]!) appendSpan(appender, row);
    w += input.batches[0]!.length;
  }
}
async function serial() {
  const { instance, c0 } = await setup('serial');
  const app = await c0.createAppender('spans', 'main', 'p1');
  const t0 = performance.now(); let commitMs = 0; let commitCpu = 0;
  for (let done = 0; done < TOTAL; done += ROWS_PER_COMMIT) {
    await c0.run('BEGIN TRANSACTION');
    appendRows(app, ROWS_PER_COMMIT, done / 512);
    app.flushSync();
    const c = performance.now(); const cu = process.cpuUsage();
    await c0.run('COMMIT');
    commitMs += performance.now() - c; const d = process.cpuUsage(cu); commitCpu += (d.user + d.system) / 1000;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`serial  ${ROWS_PER_COMMIT}/commit: ${Math.round(TOTAL / s)} rows/s, commit share ${(commitMs / 1000 / s * 100).toFixed(0)}%, commit cpu/wall ${(commitCpu / commitMs).toFixed(2)}, per row ${(commitCpu*1000/TOTAL).toFixed(2)}us cpu ${(commitMs*1000/TOTAL).toFixed(2)}us wall`);
  instance.closeSync();
}
async function pipelined() {
  const { instance, c0 } = await setup('pipe');
  const c1 = await instance.connect();
  const lanes: [DuckDBConnection, DuckDBAppender][] = [[c0, await c0.createAppender('spans', 'main', 'p1')], [c1, await c1.createAppender('spans', 'main', 'p1')]];
  const t0 = performance.now();
  let inflight: Promise<unknown> = Promise.resolve();
  let i = 0;
  for (let done = 0; done < TOTAL; done += ROWS_PER_COMMIT, i++) {
    const [conn, app] = lanes[i % 2]!;
    await conn.run('BEGIN TRANSACTION');
    appendRows(app, ROWS_PER_COMMIT, done / 512);
    app.flushSync();
    const prev = inflight;
    await prev; // the other lane's commit must be done before this one commits (order)
    inflight = conn.run('COMMIT');
  }
  await inflight;
  const s = (performance.now() - t0) / 1000;
  console.log(`pipelined ${ROWS_PER_COMMIT}/commit: ${Math.round(TOTAL / s)} rows/s`);
  instance.closeSync();
}
for (let r = 0; r < 4; r++) { await serial(); await pipelined(); }
