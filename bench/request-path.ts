// The whole request path in process, for the HTTP bench's Sightline modes: sightlineHandler()
// around the bench handler, one request begun, handled (writeHead + end) and closed, so the
// request pass runs end to end (request id, trace context, the server span encoded at end,
// RED metrics, APM, the access line) with no socket or file I/O: the access line goes to a
// stream that counts bytes, spans to a local OTLP sink between timed batches. What it measures
// is the SDK's own JavaScript per request, the part the HTTP bench cannot resolve on a noisy
// machine.
//
// After Sightline's rounds, a child process (http/inprocess-baselines.cjs) measures the stacks
// people assemble the same way (bare handler, pino-http, pino-http + prom-client +
// instrumentation-http with a batch OTLP exporter), and the second table puts issue 12's ratios
// on this in-process footing: the JavaScript each stack runs per request, without the socket work
// the HTTP bench cannot resolve here. A child because the assembled stack registers OpenTelemetry
// globals and patches node:http.
//
// --compare <folder>: a second copy of packages/sdk/src (e.g. an earlier commit's, from
// `git archive <commit> packages/sdk/src | tar -x -C bench/results/before`), measured in the
// same interleaved rounds, so a change's effect is read as a ratio within one run.
// --other-code <n>: n distinct functions run between two requests in every variant and in the
// baselines' child (http/other-code.cjs), so each request finds its code pushed out of the
// caches, as over a socket, where the kernel and libuv run between two requests.
import { execFile } from 'node:child_process';
import { IncomingMessage, type RequestListener, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import floorModule from './http/floor/floor-listener.cjs';
import handlerModule from './http/handler.cjs';
import otherCodeModule from './http/other-code.cjs';
import { startOtlpSink } from './http/otlp-sink.js';
import { TARGETS } from './http/targets.js';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatFixed, formatRatio, printTable } from './lib/table.js';

const BATCH = 256;

interface Sdk {
  readonly label: string;
  readonly createObserver: (options: Record<string, unknown>) => { shutdown(): Promise<void> };
  readonly sightlineHandler: (observer: unknown, handler: typeof handlerModule.handler) => RequestListener;
}

const MODES: Record<string, Record<string, unknown> | undefined> = {
  'logs-metrics': { enabled: false },
  'full-0': { sampleRatio: 0 },
  'full-10': { sampleRatio: 0.1 },
  'full-100': { sampleRatio: 1 },
};

async function loadSdk(folder: string | undefined): Promise<Sdk> {
  if (folder === undefined) {
    const [root, node] = await Promise.all([import('@sightline/sdk'), import('@sightline/sdk/node')]);
    return { label: 'current', createObserver: root.createObserver as never, sightlineHandler: node.sightlineHandler as never };
  }
  const at = (file: string) => pathToFileURL(join(resolve(folder), file)).href;
  const [root, node] = await Promise.all([import(at('index.ts')), import(at('adapters/node.ts'))]);
  return { label: 'compared', createObserver: root.createObserver, sightlineHandler: node.sightlineHandler };
}

function serveOne(listener: RequestListener, socket: Socket, Response: typeof ServerResponse): void {
  const req = new IncomingMessage(socket);
  req.method = 'GET';
  req.url = '/users/42';
  req.httpVersion = '1.1';
  req.headers = { host: '127.0.0.1', 'user-agent': 'autocannon/8', connection: 'keep-alive' };
  const res = new Response(req);
  // No socket takes the bytes, so the response never reports them flushed; a served request's has.
  Object.defineProperty(res, 'writableFinished', { value: true });
  listener(req, res);
  res.emit('close');
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * CPU ns per request over about `millis` of CPU time in timed batches; exports and timers run
 * between batches, untimed. Process CPU time, not wall time: on a shared machine a batch that
 * is descheduled halfway would otherwise count the other processes' time as its own.
 */
async function timed(
  listener: RequestListener,
  socket: Socket,
  millis: number,
  Response: typeof ServerResponse,
  between: () => void,
): Promise<number> {
  let micros = 0;
  let requests = 0;
  while (micros < millis * 1000) {
    const started = process.cpuUsage();
    for (let i = 0; i < BATCH; i++) {
      serveOne(listener, socket, Response);
      between();
    }
    const used = process.cpuUsage(started);
    micros += used.user + used.system;
    requests += BATCH;
    await turn();
  }
  return (micros * 1000) / requests;
}

const BASELINES_CHILD = fileURLToPath(new URL('./http/inprocess-baselines.cjs', import.meta.url));

/** The assembled stacks' CPU ns per request per round, from their own process (see the header). */
async function measureBaselines(otlpUrl: string, rounds: number, millis: number, otherCode: number): Promise<Record<string, number[]>> {
  const args = [BASELINES_CHILD, otlpUrl, String(rounds), String(millis), String(otherCode)];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, number[]>;
}

/** Per-round values minus the same round's bare values. */
function addedOver(values: readonly number[], bare: readonly number[]): number[] {
  return values.map((value, i) => value - (bare[i] as number));
}

export async function runRequestPath(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    strict: false,
    options: {
      compare: { type: 'string' },
      rounds: { type: 'string' },
      ms: { type: 'string' },
      modes: { type: 'string' },
      'no-floor': { type: 'boolean' },
      'other-code': { type: 'string' },
    },
  });
  const rounds = Number(values.rounds ?? 5);
  const millis = Number(values.ms ?? 400);
  const modes = typeof values.modes === 'string' ? values.modes.split(',') : Object.keys(MODES);
  const otherCode = Number(values['other-code'] ?? 0);
  if (!Number.isInteger(otherCode) || otherCode < 0)
    throw new Error(`--other-code takes a whole number of functions, got "${values['other-code']}"`);
  const between = otherCodeModule.otherCode(otherCode);
  const sdks = [await loadSdk(undefined)];
  if (typeof values.compare === 'string') sdks.push(await loadSdk(values.compare));
  const sink = await startOtlpSink();
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: '127.0.0.1' });
  let bytes = 0;
  const stream = { write: (line: string) => (bytes += line.length) };
  const variants = sdks.flatMap((sdk) =>
    modes.map((mode) => {
      const observer = sdk.createObserver({
        env: {},
        serviceName: 'bench',
        environment: 'production',
        registerGlobal: false,
        log: { destinations: [{ stream }] },
        metrics: { enabled: true },
        trace: { endpoint: sink.url, ...MODES[mode] },
        http: { routes: ['/users/:id'] },
        debug: { enabled: false },
      });
      return {
        name: `${mode}, ${sdk.label}`,
        mode,
        sdk: sdk.label,
        observer,
        listener: sdk.sightlineHandler(observer, handlerModule.handler),
        Response: ServerResponse,
      };
    }),
  );
  // The floor of each mode (http/floor/): the same access line and span bytes with Node's own modules.
  const withFloor = values['no-floor'] !== true;
  if (withFloor) {
    for (const mode of modes) {
      const floor = floorModule.createFloor(`floor-${mode}`, stream, sink.url, handlerModule.handler);
      variants.push({
        name: `${mode}, floor`,
        mode,
        sdk: 'floor',
        observer: { shutdown: () => floor.close() },
        listener: floor.listener,
        Response: floorModule.FloorResponse as unknown as typeof ServerResponse,
      });
    }
  }
  // The harness alone (request and response objects, the handler): subtracted per round.
  variants.unshift({
    name: 'bare handler',
    mode: 'bare',
    sdk: 'none',
    observer: { shutdown: async () => {} },
    listener: handlerModule.handler,
    Response: ServerResponse,
  });
  const results = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
  let baselines: Record<string, number[]> = {};
  let stopped = false;
  try {
    for (const variant of variants) await timed(variant.listener, socket, 1000, variant.Response, between); // JIT warmup, as long as the child's
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order)
        (results.get(variant.name) as number[]).push(await timed(variant.listener, socket, millis, variant.Response, between));
    }
    // Stopped first, so none of their timers run while the child measures.
    for (const variant of variants) await variant.observer.shutdown();
    stopped = true;
    baselines = await measureBaselines(sink.url, rounds, millis, otherCode);
  } finally {
    if (!stopped) for (const variant of variants) await variant.observer.shutdown();
    await sink.close();
  }
  if (bytes === 0) throw new Error('no access line was written');
  const bare = results.get('bare handler') as number[];
  const added = (name: string) => addedOver(results.get(name) as number[], bare);
  printTable(
    `Request path in process (sightlineHandler, GET /users/42, no I/O${otherCode > 0 ? `, ${otherCode} other functions run between two requests` : ''}): ${rounds} rounds x ${millis} ms CPU, medians`,
    [
      'variant',
      'CPU ns/req',
      'added over bare',
      'added per round',
      ...(sdks.length > 1 ? ['added: compared / current'] : []),
      ...(withFloor ? ['added: current / floor'] : []),
    ],
    variants.map((variant) => {
      const list = results.get(variant.name) as number[];
      if (variant.sdk === 'none') return [variant.name, formatFixed(median(list), 0), '-', list.map((v) => formatFixed(v, 0)).join(' / ')];
      const ours = added(variant.name);
      const row = [
        variant.name,
        formatFixed(median(list), 0),
        formatFixed(median(ours), 0),
        ours.map((v) => formatFixed(v, 0)).join(' / '),
      ];
      const perRound = (over: readonly number[]) => formatRatio(median(ours.map((value, i) => value / (over[i] as number))));
      if (sdks.length > 1) row.push(variant.sdk === 'compared' ? perRound(added(`${variant.mode}, current`)) : '');
      if (withFloor) row.push(variant.sdk === 'current' ? perRound(added(`${variant.mode}, floor`)) : '');
      return row;
    }),
    [
      "added: CPU ns per request minus the bare handler's in the same round (the harness's request objects and handler).",
      "compared / current: per round, the compared copy's added cost over the current source's, median (> 1: current is cheaper).",
      "current / floor: per round, Sightline's added cost over the floor's (http/floor/: the same access line and span bytes,",
      "  Node's own modules only), median: how far the SDK's JavaScript is from the least any implementation of its output does.",
    ],
  );

  // Issue 12's ratios on the in-process footing: each stack's added CPU over its own process's bare handler.
  const baseBare = baselines.bare ?? [];
  const stackAdded = Object.fromEntries(
    Object.entries(baselines)
      .filter(([name]) => name !== 'bare')
      .map(([name, values]) => [name, addedOver(values, baseBare)]),
  );
  const rows: string[][] = Object.entries(stackAdded).map(([name, values]) => [
    `${name} (own process)`,
    formatFixed(median(values), 0),
    values.map((v) => formatFixed(v, 0)).join(' / '),
    '',
    '',
  ]);
  for (const [variant, target] of Object.entries(TARGETS)) {
    const mode = variant.replace(/^sightline-/, '');
    const of = stackAdded[target.of];
    if (!results.has(`${mode}, current`) || of === undefined) continue;
    for (const who of withFloor ? ['current', 'floor'] : ['current']) {
      const ours = median(added(`${mode}, ${who}`));
      const ratio = ours / median(of);
      rows.push([
        `${mode}, ${who}`,
        formatFixed(ours, 0),
        '',
        `${formatRatio(ratio)} of ${target.of}`,
        `<= ${target.ratio}x ${ratio <= target.ratio ? 'met' : 'MISS'}`,
      ]);
    }
  }
  printTable(
    "Against the assembled stacks, in process (CPU ns per request added over each process's bare handler, medians)",
    ['variant', 'added', 'added per round', 'ratio', "issue 12's target"],
    rows,
    [
      '  pino-http: pino-http alone; assembled: pino-http + a prom-client histogram + instrumentation-http with a batch',
      '  OTLP exporter (100 % sampled), served through http.Server.emit as instrumentation-http patches it. Both in a child',
      "  process measured after Sightline's rounds. In process means JavaScript and GC per request, no socket reads or writes.",
      '  Spans are encoded inside the timed batches in both (Sightline as each span ends; the batch processor serializes a',
      '  full batch in the request that fills it); the export requests run between batches. None is dropped: the child',
      "  checks it, and Sightline's processor dropped none in a checked run (all 292,608 full-100 spans reached the sink).",
      "  The issue's figure is the HTTP bench's (bench:http); this table says how the stacks compare in the work the",
      '  libraries themselves do.',
    ],
  );
}

if (isEntryPoint(import.meta.url)) await runRequestPath(process.argv.slice(2));
