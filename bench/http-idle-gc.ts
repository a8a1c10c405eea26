// Optimized code thrown away at a full collection between requests: each variant's server child
// runs with --trace-deopt, serves a warm-up and a fixed rate, then (in one of two runs) is made to
// collect garbage fully between requests, twice, as V8's memory reducer does when a service goes
// idle. Printed: the `reason: weak objects` deoptimizations of each run (optimized code holds the
// maps it was specialised on weakly; a map no live object has dies at a full collection), and the
// difference, which is what the collections cost in code thrown away. Totals over a run, not
// counts between markers: V8 prints its traces through a buffered stdout.
//
//   npm run bench:idle-gc -w bench [-- --variants floor-full-10,sightline-full-10,pino-http,assembled]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { assertDistFresh } from './http/dist-check.js';
import { load } from './http/load.js';
import { type OtlpSinkProcess, startOtlpSinkProcess } from './http/otlp-sink-process.js';
import { ServerChild } from './http/server-child.js';
import { type Variant, variantsNamed } from './http/variants.js';
import { isEntryPoint } from './lib/entry-point.js';
import { printTable } from './lib/table.js';

const WARMUP_REQUESTS = 10_000;
const RATE = 200;
const COLLECTIONS = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Weak-objects deoptimizations in one run of `variant`; with `collect`, two forced full collections between requests. */
async function deoptimizations(variant: Variant, collect: boolean, sink: OtlpSinkProcess, dir: string): Promise<number> {
  const trace = join(dir, `${variant.name}-${collect}.trace`);
  const flags = `--expose-gc --trace-deopt --import '${join(import.meta.dirname, 'http', 'gc-on-signal.mjs')}'`;
  const server = await ServerChild.start({
    script: variant.server,
    variant: variant.name,
    logFile: join(dir, `${variant.name}.log`),
    otlpUrl: sink.url,
    runtime: 'dist',
    // V8's traces go to stdout: into their own file (a variant logging to stdout would mix its lines in; none here does).
    wrapper: ['/bin/sh', '-c', `exec "$0" ${flags} "$@" > '${trace}'`],
  });
  try {
    const url = `http://127.0.0.1:${server.port}/users/42`;
    await autocannon({ url, connections: 10, amount: WARMUP_REQUESTS });
    await load(server.port, { connections: 10, rate: RATE }, 8);
    for (let i = 0; i < COLLECTIONS; i++) {
      await sleep(500);
      if (collect) process.kill(server.pid, 'SIGUSR2');
      await sleep(1000);
      await load(server.port, { connections: 10, rate: RATE }, 6);
    }
    await server.stop();
  } finally {
    server.kill();
  }
  const text = await readFile(trace, 'utf8');
  return text.split('\n').filter((line) => line.includes('reason: weak objects')).length;
}

export async function runIdleGc(names: readonly string[]): Promise<void> {
  const variants = variantsNamed(names);
  await assertDistFresh();
  const sink = await startOtlpSinkProcess();
  const dir = await mkdtemp(join(tmpdir(), 'sightline-idle-gc-'));
  const rows: string[][] = [];
  try {
    for (const variant of variants) {
      const without = await deoptimizations(variant, false, sink, dir);
      const withCollections = await deoptimizations(variant, true, sink, dir);
      rows.push([variant.name, String(without), String(withCollections), String(withCollections - without)]);
      console.log(`  ${variant.name}: ${without} without, ${withCollections} with ${COLLECTIONS} idle full collections`);
    }
  } finally {
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  }
  printTable(
    `Optimized code thrown away by full collections between requests (${WARMUP_REQUESTS} warm-up requests, then ${RATE} req/s; dist)`,
    ['variant', 'weak-objects deopts, no collection', `with ${COLLECTIONS} idle full collections`, "the collections' share"],
    rows,
  );
}

if (isEntryPoint(import.meta.url)) {
  const { values } = parseArgs({
    options: { variants: { type: 'string', default: 'floor-full-10,sightline-full-10,pino-http,assembled' } },
  });
  await runIdleGc(values.variants.split(','));
}
