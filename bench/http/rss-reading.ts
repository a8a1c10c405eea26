// The SDK's resident memory at idle and after N requests (issue 12: after 1,000,000), beside bare
// node:http and pino-http: each variant's server child set up and left idle, read, then driven at
// a fixed rate until it has served N requests, read again, then once more after a short rest.
// One child per variant, one after another (memory is not a timing: no rounds needed).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCount, formatFixed, printTable } from '../lib/table.js';
import { startOtlpSinkProcess } from './otlp-sink-process.js';
import { pacedLoad } from './paced-load.js';
import { type ChildRuntime, type ChildSample, ServerChild } from './server-child.js';

export interface RssVariant {
  readonly name: string;
  readonly server: string;
  readonly stdoutToLogFile?: boolean;
  readonly stdoutPipedToLogFile?: boolean;
}

export interface RssReadingOptions {
  readonly requests: number;
  readonly rate: number;
  readonly connections: number;
  readonly runtime: ChildRuntime;
}

interface RssResult {
  readonly idle: ChildSample;
  readonly loaded: ChildSample;
  readonly rested: ChildSample;
  readonly seconds: number;
  readonly errors: number;
}

const MB = 1024 * 1024;
/** Before the idle reading (set-up's garbage settles) and before the rested one (batches flush, sockets close). */
const SETTLE_MS = 2000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readVariant(variant: RssVariant, options: RssReadingOptions, otlpUrl: string, workDir: string): Promise<RssResult> {
  const server = await ServerChild.start({
    script: variant.server,
    variant: variant.name,
    logFile: join(workDir, `${variant.name}.log`),
    otlpUrl,
    stdoutToLogFile: variant.stdoutToLogFile === true,
    stdoutPipedToLogFile: variant.stdoutPipedToLogFile === true,
    runtime: options.runtime,
  });
  try {
    await pause(SETTLE_MS);
    const idle = await server.sample();
    const started = performance.now();
    // `requests` at `rate`, evenly paced, as bench:http sends a fixed rate.
    const result = await pacedLoad({
      port: server.port,
      rate: options.rate,
      connections: options.connections,
      seconds: options.requests / options.rate,
    });
    const loaded = await server.sample();
    const seconds = (performance.now() - started) / 1000;
    await pause(SETTLE_MS);
    const rested = await server.sample();
    await server.stop();
    return { idle, loaded, rested, seconds, errors: result.errors };
  } finally {
    server.kill();
    await rm(join(workDir, `${variant.name}.log`), { force: true });
  }
}

/** Reads every variant's memory and prints it beside bare's (the first variant named `bare`). */
export async function runRssReading(variants: readonly RssVariant[], options: RssReadingOptions): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'sightline-bench-rss-'));
  const sink = await startOtlpSinkProcess();
  const results = new Map<string, RssResult>();
  console.log(
    `rss: ${variants.length} variants x ${formatCount(options.requests)} requests at ${formatCount(options.rate)} req/s ` +
      `(~${Math.ceil((variants.length * (options.requests / options.rate + 5)) / 60)} min), ${options.runtime === 'dist' ? 'plain node on the built dist/' : 'tsx on the source'}`,
  );
  try {
    for (const variant of variants) {
      const result = await readVariant(variant, options, sink.url, workDir);
      results.set(variant.name, result);
      console.log(
        `  ${variant.name.padEnd(22)} ${formatCount(result.loaded.requests)} requests in ${formatFixed(result.seconds, 0)} s, ` +
          `RSS ${formatFixed(result.idle.rss / MB, 1)} -> ${formatFixed(result.loaded.rss / MB, 1)} MB`,
      );
    }
  } finally {
    await sink.close();
    await rm(workDir, { recursive: true, force: true });
  }
  const bare = results.get('bare');
  const mb = (bytes: number) => formatFixed(bytes / MB, 1);
  const versus = (bytes: number, of: number | undefined) =>
    of === undefined ? '-' : `${bytes - of >= 0 ? '+' : ''}${formatFixed((bytes - of) / MB, 1)}`;
  printTable(
    `Resident memory, idle and after ${formatCount(options.requests)} requests at ${formatCount(options.rate)} req/s ` +
      `(${options.runtime === 'dist' ? 'plain node, packages/*/dist' : 'node --import tsx, packages/*/src'})`,
    ['variant', 'requests', 'errors', 'RSS idle', 'RSS after', 'RSS rested', 'vs bare idle', 'vs bare after', 'heap idle', 'heap after'],
    variants.map((variant) => {
      const r = results.get(variant.name) as RssResult;
      return [
        variant.name,
        formatCount(r.loaded.requests),
        formatCount(r.errors),
        mb(r.idle.rss),
        mb(r.loaded.rss),
        mb(r.rested.rss),
        variant.name === 'bare' ? '-' : versus(r.idle.rss, bare?.idle.rss),
        variant.name === 'bare' ? '-' : versus(r.loaded.rss, bare?.loaded.rss),
        mb(r.idle.heapUsed),
        mb(r.loaded.heapUsed),
      ];
    }),
    [
      'MB (MiB). RSS idle: the server child set up, 2 s after it listened, before any request. RSS after: as the last',
      'request was answered. RSS rested: 2 s later (exports flushed, idle sockets closed). heap: V8 heap in use.',
      'vs bare: the difference to bare node:http, which runs the same handler in the same runtime.',
    ],
  );
}
