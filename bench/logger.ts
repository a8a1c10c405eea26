// Logger: the Sightline logger writing inside a request context (its mixin adds request_id,
// trace_id and span_id from the active OpenTelemetry context) vs raw pino writing the same
// fields passed explicitly, to the same kind of destination, in a tight loop.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Context, context } from '@opentelemetry/api';
import { createObserver, type Observer, type ObserverOptions } from '@sightline/sdk';
import { sightlineHandler } from '@sightline/sdk/node';
import { type Logger, pino } from 'pino';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatCount, formatFixed, formatRatio, formatTarget, printTable } from './lib/table.js';

export interface LoggerBenchOptions {
  lines: number;
  rounds: number;
  /** `file`: a temp file (pino: pino.destination, sync: false; Sightline: its file destination); `devnull`: /dev/null. */
  destination: 'file' | 'devnull';
}

interface Variant {
  readonly name: string;
  readonly baseline?: boolean;
  readonly target?: number;
  readonly note: string;
  /** Writes `lines` lines, then resolves once they are flushed to the destination. */
  readonly write: (lines: number) => Promise<void>;
  readonly file: string;
  close(): Promise<void>;
}

const MESSAGE = 'order placed';

interface SonicBoomState {
  _writing: boolean;
  _len: number;
  once(event: 'drain', listener: () => void): void;
}

/**
 * Resolves once the logger's destination has handed every buffered line to the OS. Sightline's
 * LineWriter: logger.flush(cb) calls back then. sonic-boom (pino): not logger.flush(cb), which
 * with its default minLength 0 calls back at once, while writes are still in flight
 * (sonic-boom 4.2 index.js flush()).
 */
function flushed(logger: Logger): Promise<void> {
  const stream = (logger as unknown as Record<symbol, SonicBoomState>)[pino.symbols.streamSym] as SonicBoomState;
  if (!('_writing' in stream)) return new Promise((resolve) => logger.flush(() => resolve()));
  if (!stream._writing && stream._len === 0) return Promise.resolve();
  return new Promise((resolve) => stream.once('drain', resolve));
}

/**
 * A request in flight through the SDK's own request pass (its node:http adapter, whose handler
 * never answers): the context its handler runs in is what handlers log in.
 */
function requestContextOf(observer: Observer): Context {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = '/users/42';
  req.headers = { 'user-agent': 'bench' };
  let handlerContext: Context | undefined;
  sightlineHandler(observer, () => {
    if (observer.requestContext() !== undefined) handlerContext = context.active();
  })(req, new ServerResponse(req));
  if (handlerContext === undefined) throw new Error('the request pass ignored /users/42');
  return handlerContext;
}

function sightlineVariant(name: string, file: string, log: ObserverOptions['log'], note: string, target?: number): Variant {
  const observer = createObserver({
    env: {},
    serviceName: 'bench',
    environment: 'production',
    log: { ...log, destinations: [{ path: file }] },
    metrics: { defaultMetrics: false },
    // Spans are started but never ended here, so nothing is exported.
    trace: { sampleRatio: 1, endpoint: 'http://127.0.0.1:9/v1/traces' },
  });
  const requestContext = requestContextOf(observer);
  const logger = observer.logger;
  const loop = (lines: number) => {
    for (let i = 0; i < lines; i++) logger.info({ order_id: i, amount: 42.5, currency: 'EUR' }, MESSAGE);
  };
  return {
    name,
    note,
    target,
    file,
    async write(lines) {
      context.with(requestContext, loop, undefined, lines);
      await flushed(logger);
    },
    close: () => observer.shutdown(),
  };
}

function pinoVariant(
  name: string,
  file: string,
  child: boolean,
  note: string,
  ids: { request_id: string; trace_id: string; span_id: string },
): Variant {
  const destination = pino.destination({ dest: file, sync: false });
  const logger = pino({ base: { pid: process.pid, hostname: hostname(), service: 'bench' } }, destination);
  return {
    name,
    note,
    baseline: !child,
    file,
    async write(lines) {
      if (child) {
        // pino's own idiom (what pino-http does): a child per request carrying the ids.
        const requestLogger = logger.child(ids);
        for (let i = 0; i < lines; i++) requestLogger.info({ order_id: i, amount: 42.5, currency: 'EUR' }, MESSAGE);
      } else {
        for (let i = 0; i < lines; i++) {
          logger.info(
            { request_id: ids.request_id, trace_id: ids.trace_id, span_id: ids.span_id, order_id: i, amount: 42.5, currency: 'EUR' },
            MESSAGE,
          );
        }
      }
      await flushed(logger);
    },
    async close() {
      await flushed(logger);
      destination.end();
    },
  };
}

export async function runLoggerBench(options: LoggerBenchOptions): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'sightline-bench-logger-'));
  const fileOf = (name: string) => (options.destination === 'devnull' ? '/dev/null' : join(workDir, `${name}.log`));
  const sightline = sightlineVariant(
    'sightline (request context)',
    fileOf('sightline'),
    { sampling: false },
    'defaults (incl. redaction of secret-looking keys), sampling off so every line is written',
    0.9,
  );
  const ids = { request_id: randomUUID(), trace_id: randomBytes(16).toString('hex'), span_id: randomBytes(8).toString('hex') };
  const variants: Variant[] = [
    pinoVariant('pino (same fields, explicit)', fileOf('pino'), false, 'baseline: request_id, trace_id, span_id passed on every call', ids),
    sightline,
    sightlineVariant(
      'sightline, no redaction',
      fileOf('sightline-noredact'),
      { sampling: false, redact: { replaceDefaults: true } },
      'diagnostic: log.redact.replaceDefaults with no paths',
    ),
    pinoVariant('pino child per request', fileOf('pino-child'), true, "pino's idiom: ids bound once in a child (chindings)", ids),
  ];
  const rates = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
  const bytesPerLine = new Map<string, number>();
  try {
    // Warm up (JIT, file creation) and measure line size: every variant should write about the same bytes.
    const warmupLines = Math.max(1000, Math.floor(options.lines / 5));
    for (const variant of variants) {
      await variant.write(warmupLines);
      if (options.destination === 'file') {
        bytesPerLine.set(variant.name, (await stat(variant.file)).size / warmupLines);
        await truncate(variant.file, 0);
      }
    }
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) {
        const started = process.hrtime.bigint();
        await variant.write(options.lines);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        (rates.get(variant.name) as number[]).push(options.lines / seconds);
        if (options.destination === 'file') await truncate(variant.file, 0);
      }
    }
  } finally {
    for (const variant of variants) await variant.close();
    await rm(workDir, { recursive: true, force: true });
  }

  const baseline = median(rates.get(variants[0]?.name as string) as number[]);
  printTable(
    `Logger: ${formatCount(options.lines)} lines x ${options.rounds} rounds to ${options.destination === 'file' ? 'a file (pino: pino.destination, sync: false; Sightline: its file destination)' : '/dev/null'}, medians`,
    ['variant', 'lines/s', 'vs pino', 'target', 'bytes/line', 'what'],
    variants.map((variant) => {
      const rate = median(rates.get(variant.name) as number[]);
      return [
        variant.name,
        formatCount(rate),
        formatRatio(rate / baseline),
        formatTarget(rate / baseline, variant.target),
        formatFixed(bytesPerLine.get(variant.name) ?? Number.NaN, 0),
        variant.note,
      ];
    }),
    ['', 'Time per round includes flushing the lines to the destination. vs pino: lines/s over the baseline row.'],
  );
}

export function parseLoggerArgs(args: readonly string[]): LoggerBenchOptions {
  const { values } = parseArgs({
    args: [...args],
    strict: false,
    options: { lines: { type: 'string' }, 'logger-rounds': { type: 'string' }, dest: { type: 'string' } },
  });
  return {
    lines: typeof values.lines === 'string' ? Number(values.lines) : 100_000,
    rounds: typeof values['logger-rounds'] === 'string' ? Number(values['logger-rounds']) : 5,
    destination: values.dest === 'devnull' ? 'devnull' : 'file',
  };
}

if (isEntryPoint(import.meta.url)) await runLoggerBench(parseLoggerArgs(process.argv.slice(2)));
