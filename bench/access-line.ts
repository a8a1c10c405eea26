// The access line's two costs, each side by side in one process, robust to a busy machine:
// 1. the request pass writing its access line directly (DirectLineWriter) vs through pino, for a
//    request finished in a tight loop, into a stream that only counts bytes;
// 2. the LineWriter writing lines paced like a server at --rate lines/s into a file, with its
//    batch interval (default 10 ms) vs one write per line (interval 0), as process CPU per line
//    (all threads: the thread pool's writes count), over a pacing-only baseline.
import { mkdtemp, rm } from 'node:fs/promises';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { trace } from '@opentelemetry/api';
import { resolveOptions } from '../packages/sdk/src/config/index.js';
import { RequestPass, RouteMatcher } from '../packages/sdk/src/http/index.js';
import { createLoggerSetup, LineWriter } from '../packages/sdk/src/log/index.js';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatCount, formatFixed, formatRatio, printTable } from './lib/table.js';
import { measureRounds } from './lib/timed-rounds.js';

const REQUESTS_PER_RUN = 1000;

function requestPass(direct: boolean): RequestPass {
  let bytes = 0;
  const sink = { write: (line: string) => (bytes += line.length) };
  const resolved = resolveOptions({ log: { destinations: [{ stream: sink }] } }, {});
  const logs = createLoggerSetup({ serviceName: 'bench', log: resolved.log, pretty: false, lineTap: () => {} });
  return new RequestPass({
    tracer: trace.getTracer('bench'),
    tracingEnabled: false,
    metrics: undefined,
    accessLogger: logs.accessLogger,
    ...(direct ? { directAccessLines: logs.directAccessLines } : {}),
    slowRequestMs: 1000,
    requestIdHeader: 'x-request-id',
    ignorePaths: [],
    routeMatcher: new RouteMatcher(['/users/:id']),
    onInternalError: (_component, error) => {
      throw error;
    },
  });
}

/** One request through the pass: begin, a body, finish (its access line). */
function serveOne(pass: RequestPass, socket: Socket): void {
  const req = new IncomingMessage(socket);
  req.url = '/users/42';
  req.method = 'GET';
  req.headers['user-agent'] = 'autocannon/8';
  const res = new ServerResponse(req);
  const state = pass.begin(req, res);
  if (state === undefined) throw new Error('ignored');
  pass.finish(state, res);
}

function accessLineRows(millisPerRound: number, rounds: number): string[][] {
  const socket = new Socket();
  const variants = [
    { name: 'access line through pino', pass: requestPass(false) },
    { name: 'access line written directly', pass: requestPass(true) },
  ].map(({ name, pass }) => ({
    name,
    opsPerRun: REQUESTS_PER_RUN,
    run: () => {
      for (let i = 0; i < REQUESTS_PER_RUN; i++) serveOne(pass, socket);
    },
  }));
  const rates = measureRounds(variants, { millisPerRound, rounds });
  const base = rates.get('access line through pino') as number[];
  return variants.map(({ name }) => {
    const list = rates.get(name) as number[];
    return [
      name,
      formatCount(median(list)),
      formatFixed(1e6 / median(list), 2),
      list.map((rate) => formatFixed(1e6 / rate, 2)).join(' / '),
      formatRatio(median(list.map((rate, round) => (base[round] as number) / rate))),
    ];
  });
}

const LINE = `${JSON.stringify({ level: 30, time: Date.now(), pid: 1, hostname: 'bench', service: 'bench', request_id: 'x'.repeat(36), msg: 'request completed', path: '/users/42', status: 200 })}\n`;

/** Process CPU microseconds (all threads) spent while writing `rate` lines/s for `seconds`, paced in 1 ms ticks. */
async function pacedCpu(writer: LineWriter | undefined, rate: number, seconds: number): Promise<{ cpu: number; lines: number }> {
  const perTick = rate / 1000;
  let owed = 0;
  let lines = 0;
  const started = performance.now();
  const before = process.cpuUsage();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      owed += perTick;
      while (owed >= 1) {
        owed--;
        lines++;
        writer?.write(LINE);
      }
      if (performance.now() - started >= seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await writer?.flush();
  const used = process.cpuUsage(before);
  return { cpu: used.user + used.system, lines };
}

async function lineWriterRows(rate: number, seconds: number, rounds: number): Promise<string[][]> {
  const folder = await mkdtemp(join(tmpdir(), 'sightline-bench-line-writer-'));
  const names = ['pacing only (no writer)', 'LineWriter, one write per line (interval 0)', 'LineWriter, batch interval 10 ms (default)'];
  const perLine = new Map<string, number[]>(names.map((name) => [name, []]));
  const baseline: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const writer =
          name === names[0] ? undefined : new LineWriter(join(folder, `${round}.log`), { batchIntervalMs: name === names[1] ? 0 : 10 });
        const { cpu, lines } = await pacedCpu(writer, rate, seconds);
        await writer?.close();
        if (writer === undefined) baseline[round] = cpu / lines;
        else (perLine.get(name) as number[]).push(cpu / lines);
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  const added = (name: string) => (perLine.get(name) as number[]).map((cpu, round) => cpu - (baseline[round] as number));
  const unbatched = added(names[1] as string);
  return names.slice(1).map((name) => {
    const list = added(name);
    return [
      name,
      formatFixed(median(list), 2),
      list.map((value) => formatFixed(value, 2)).join(' / '),
      formatRatio(median(list.map((value, round) => (unbatched[round] as number) / value))),
    ];
  });
}

export async function runAccessLineBench(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    strict: false,
    options: { rounds: { type: 'string' }, ms: { type: 'string' }, rate: { type: 'string' }, seconds: { type: 'string' } },
  });
  const rounds = Number(values.rounds ?? 5);
  const rate = Number(values.rate ?? 3000);
  const seconds = Number(values.seconds ?? 3);
  printTable(
    `Access line: a request through the pass (begin, finish, its access line) into a counting stream, ${rounds} interleaved rounds`,
    ['variant', 'requests/s', 'us/request', 'per round us', 'time vs pino'],
    accessLineRows(Number(values.ms ?? 500), rounds),
    ['us/request: wall time of begin + finish + the access line, no network (medians).'],
  );
  printTable(
    `LineWriter: ${rate} lines/s paced in 1 ms ticks for ${seconds} s into a file, ${rounds} interleaved rounds`,
    ['variant', 'CPU us/line', 'per round', 'interval 0 over this'],
    await lineWriterRows(rate, seconds, rounds),
    [
      'CPU us/line: process CPU (user+system, every thread: the thread pool does the writes) per line,',
      '  minus the same pacing without a writer in the same round (medians).',
    ],
  );
}

if (isEntryPoint(import.meta.url)) await runAccessLineBench(process.argv.slice(2));
