// Store queries with 1,000,000 spans stored (generated, ingested through the store): trace by
// id, trace search, RED and dependencies over one hour. Prints p50/p95 per query against the targets.
//   npm run bench:store-query -w bench -- --spans 1000000 --repeat 40
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store, StoreOverloadedError } from '@sightline/console/store';
import { generateSpans, traceIdOf } from '@sightline/console/store/testing';
import { isEntryPoint } from './lib/entry-point.js';
import { formatCount, formatFixed, printTable } from './lib/table.js';

export interface StoreQueryOptions {
  spans: number;
  repeat: number;
}

export function parseStoreQueryArgs(args: readonly string[]): StoreQueryOptions {
  const value = (name: string, fallback: number) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  return { spans: value('spans', 1_000_000), repeat: value('repeat', 40) };
}

const SPANS_PER_TRACE = 5;
const CHUNK_TRACES = 2_000;
/** One trace every 60 ms: 200,000 traces cover ~3.3 hours, so "the last hour" is a third of the data. */
const STEP_NS = 60_000_000n;

async function fill(store: Store, traces: number, startNs: bigint): Promise<void> {
  let next = 0;
  const chunks = Math.ceil(traces / CHUNK_TRACES);
  const client = async () => {
    while (next < chunks) {
      const chunk = next++;
      const rows = generateSpans(Math.min(CHUNK_TRACES, traces - chunk * CHUNK_TRACES), {
        startNs: startNs + BigInt(chunk * CHUNK_TRACES) * STEP_NS,
        stepNs: STEP_NS,
        seed: 10_000 + chunk,
      });
      for (let i = 0; i < rows.length; i += 1000) {
        const batch = rows.slice(i, i + 1000);
        for (;;) {
          try {
            await store.appendSpans(batch);
            break;
          } catch (error) {
            if (!(error instanceof StoreOverloadedError)) throw error;
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, client));
}

async function timed(
  repeat: number,
  run: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p95: number; p99: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: times[times.length - 1]! };
}

export async function runStoreQueryBench(options: StoreQueryOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-bench-query-'));
  const store = await openStore({ path: join(dir, 'console.duckdb'), maxSize: '8GB', memoryLimit: '1GB' });
  try {
    const traces = Math.ceil(options.spans / SPANS_PER_TRACE);
    const startNs = BigInt(Date.now()) * 1_000_000n - BigInt(traces) * STEP_NS;
    const endNs = startNs + BigInt(traces) * STEP_NS;
    const fillStarted = performance.now();
    await fill(store, traces, startNs);
    const stats = await store.stats();
    console.log(
      `stored ${stats.rows.spans.toLocaleString('en-US')} spans in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s, ${stats.partitions.length} partition(s), ${(stats.bytesOnDisk / 2 ** 20).toFixed(0)} MiB on disk, spanning ${(Number(endNs - startNs) / 3.6e12).toFixed(1)} h`,
    );
    const chunks = Math.ceil(traces / CHUNK_TRACES);
    const someTrace = (i: number) => traceIdOf(10_000 + ((i * 7919) % chunks), (i * 104_729) % CHUNK_TRACES);
    const hour = 3_600_000_000_000n;
    const rows: string[][] = [];
    const add = async (what: string, target: number, run: (i: number) => Promise<unknown>) => {
      const { p50, p95, max } = await timed(options.repeat, run);
      rows.push([what, formatFixed(p50), formatFixed(p95), formatFixed(max), `p95 < ${target} ms ${p95 < target ? 'ok' : 'MISS'}`]);
    };
    const found = await store.trace(someTrace(1));
    if (found.length !== SPANS_PER_TRACE) throw new Error(`trace by id found ${found.length} spans, expected ${SPANS_PER_TRACE}`);
    await add('trace by id', 50, (i) => store.trace(someTrace(i)));
    // What the API sends: the detail as JSON built by DuckDB, and the outline the UI's waterfall opens from.
    await add('trace by id, detail JSON (the API)', 50, (i) => store.traceJson(someTrace(i)));
    await add('trace by id, outline JSON (the UI)', 50, (i) => store.traceJson(someTrace(i), {}, 'outline'));
    await add('search: service + route, last hour', 200, () =>
      store.searchTraces({ service: 'payments', route: '/checkout', since: endNs - hour, until: endNs, limit: 20 }),
    );
    await add('search: errors, min duration 100 ms', 200, () => store.searchTraces({ status: 'error', minDurationMs: 100, limit: 20 }));
    await add('search: attribute equals, last hour', 200, () =>
      store.searchTraces({ attributes: { 'user.id': 'u42' }, since: endNs - hour, until: endNs, limit: 20 }),
    );
    await add('search: attribute equals, all time', 200, () => store.searchTraces({ attributes: { 'user.id': 'u42' }, limit: 20 }));
    await add('RED per service and route, 1 hour', 200, () => store.red({ since: endNs - hour, until: endNs }));
    // The Services page's graph: every span of the hour joined to its parent.
    await add('dependencies, 1 hour', 200, () => store.dependencies({ since: endNs - hour, until: endNs }));
    // The API's target: p99 < 100 ms while ingest runs flat out (16 appenders of 500 spans).
    let ingesting = true;
    let ingested = 0;
    const ingestStarted = performance.now();
    const lanes = Array.from({ length: 16 }, async (_, lane) => {
      for (let i = 0; ingesting; i++) {
        const batch = generateSpans(100, { startNs: endNs, seed: 900_000 + lane * 100_000 + i });
        try {
          await store.appendSpans(batch);
          ingested += batch.length;
        } catch (error) {
          if (!(error instanceof StoreOverloadedError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      }
    });
    const during = await timed(Math.max(options.repeat, 100), (i) => store.trace(someTrace(i)));
    ingesting = false;
    await Promise.all(lanes);
    const rate = ingested / ((performance.now() - ingestStarted) / 1000);
    rows.push([
      `trace by id, ingest flat out (${formatCount(rate)} spans/s)`,
      formatFixed(during.p50),
      formatFixed(during.p95),
      formatFixed(during.max),
      `p99 < 100 ms ${during.p99 < 100 ? 'ok' : 'MISS'} (p99 ${formatFixed(during.p99)})`,
    ]);
    printTable(`store queries over ${stats.rows.spans.toLocaleString('en-US')} spans (ms)`, ['what', 'p50', 'p95', 'max', 'target'], rows, [
      `  ${options.repeat} runs each, sequential, through the worker (message round trip included).`,
    ]);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) await runStoreQueryBench(parseStoreQueryArgs(process.argv.slice(2)));
