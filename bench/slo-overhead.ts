// What in-process SLOs add to a request, side by side in one process: a request through the
// pass (begin, finish; access line off, metrics off, so the pass is as lean as it gets) with no
// SLO, with a typical spec of three SLOs in scope, and with ten; and RequestSlos.record() alone.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { trace } from '@opentelemetry/api';
import { parseSloSpec } from '@sightline/slo';
import { resolveOptions } from '../packages/sdk/src/config/index.js';
import { RequestPass, RouteMatcher } from '../packages/sdk/src/http/index.js';
import { createLoggerSetup } from '../packages/sdk/src/log/index.js';
import { RequestSlos } from '../packages/sdk/src/slo/index.js';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatCount, formatFixed, printTable } from './lib/table.js';
import { measureRounds } from './lib/timed-rounds.js';

const REQUESTS_PER_RUN = 1000;

/** Three SLOs that all see GET /users/:id (every route, the route itself, its latency), then filler on other routes. */
function spec(count: number) {
  const slos: object[] = [
    { name: 'availability', objective: 99.9, sli: { availability: {} } },
    { name: 'users', objective: 99.5, sli: { availability: { routes: ['/users/:id'] } } },
    { name: 'users-latency', objective: 99, sli: { latency: { threshold: 0.25, routes: ['/users/:id'], methods: ['GET'] } } },
  ];
  for (let i = slos.length; i < count; i++)
    slos.push({ name: `other-${i}`, objective: 99, sli: { availability: { routes: [`/other/${i}`] } } });
  return parseSloSpec({ version: 'sightline/v1', service: 'bench', slos: slos.slice(0, count) });
}

function requestPass(sloCount: number): RequestPass {
  const resolved = resolveOptions({ log: { level: 'silent', destinations: [{ stream: { write: () => {} } }] } }, {});
  const logs = createLoggerSetup({ serviceName: 'bench', log: resolved.log, pretty: false, lineTap: () => {} });
  const pass = new RequestPass({
    tracer: trace.getTracer('bench'),
    tracingEnabled: false,
    metrics: undefined,
    accessLogger: logs.accessLogger,
    slowRequestMs: 1000,
    requestIdHeader: 'x-request-id',
    ignorePaths: [],
    routeMatcher: new RouteMatcher(['/users/:id']),
    onInternalError: (_component, error) => {
      throw error;
    },
  });
  if (sloCount > 0) pass.addListener(new RequestSlos(spec(sloCount), performance.now()));
  return pass;
}

function serveOne(pass: RequestPass, socket: Socket): void {
  const req = new IncomingMessage(socket);
  req.url = '/users/42';
  req.method = 'GET';
  const res = new ServerResponse(req);
  const state = pass.begin(req, res);
  if (state === undefined) throw new Error('ignored');
  pass.finish(state, res);
}

export function runSloBench(args: readonly string[]): void {
  const { values } = parseArgs({ args: [...args], strict: false, options: { rounds: { type: 'string' }, ms: { type: 'string' } } });
  const rounds = Number(values.rounds ?? 7);
  const millisPerRound = Number(values.ms ?? 500);
  const socket = new Socket();
  const passes = [0, 3, 10].map((count) => ({ count, pass: requestPass(count) }));
  const direct = new RequestSlos(spec(3), performance.now());
  let clock = performance.now();
  const variants = [
    ...passes.map(({ count, pass }) => ({
      name: count === 0 ? 'pass, no SLO' : `pass + ${count} SLOs (3 in scope)`,
      opsPerRun: REQUESTS_PER_RUN,
      run: () => {
        for (let i = 0; i < REQUESTS_PER_RUN; i++) serveOne(pass, socket);
      },
    })),
    {
      name: 'RequestSlos.record() alone, 3 SLOs in scope',
      opsPerRun: REQUESTS_PER_RUN,
      run: () => {
        for (let i = 0; i < REQUESTS_PER_RUN; i++) {
          clock += 0.05;
          direct.record('GET', '/users/:id', i % 100 === 0 ? 503 : 200, 12, clock);
        }
      },
    },
  ];
  const rates = measureRounds(variants, { millisPerRound, rounds });
  const base = rates.get('pass, no SLO') as number[];
  const rows = variants.map(({ name }) => {
    const list = rates.get(name) as number[];
    const isPass = name.startsWith('pass');
    // Paired per round: this variant's ns/request minus the bare pass's in the same round.
    const added = isPass && name !== 'pass, no SLO' ? list.map((rate, round) => 1e9 / rate - 1e9 / (base[round] as number)) : undefined;
    return [
      name,
      formatCount(median(list)),
      formatFixed(1e9 / median(list), 0),
      list.map((rate) => formatFixed(1e9 / rate, 0)).join(' / '),
      added === undefined ? '' : `${formatFixed(median(added), 0)} (${added.map((ns) => formatFixed(ns, 0)).join(' / ')})`,
    ];
  });
  printTable(
    `In-process SLOs: a request through the pass (no access line, no metrics) with and without SLO listeners, ${rounds} interleaved rounds`,
    ['variant', 'ops/s', 'ns/op', 'per round ns', 'added ns/request vs no SLO (per round)'],
    rows,
    ['ns/op: wall time per request (medians); added: paired per round, median first.'],
  );
}

if (isEntryPoint(import.meta.url)) runSloBench(process.argv.slice(2));
