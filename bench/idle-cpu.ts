// What an idle process spends on CPU: each case in its own child process on the SDK's built
// dist (http/idle-child.mjs), measured over a quiet window after start-up settles, in rounds.
// Cases: bare node; one monitorEventLoopDelay() at 10, 20, 50 and 100 ms (what prom-client's
// default metrics start at 10 ms); createObserver() with its defaults, with the event loop
// sampled every 100 ms (metrics.eventLoopSampleMs), without default metrics, and without default
// metrics and tracing. The children of one round run side by side: idle processes barely contend.
//
//   npm run bench:idle-cpu -w bench [-- --rounds 3 --window-ms 10000]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { assertDistFresh } from './http/dist-check.js';
import { isEntryPoint } from './lib/entry-point.js';
import { median } from './lib/stats.js';
import { formatFixed, printTable } from './lib/table.js';

const CHILD = join(import.meta.dirname, 'http', 'idle-child.mjs');
const CASES = [
  'bare',
  'monitor-10ms',
  'monitor-20ms',
  'monitor-50ms',
  'monitor-100ms',
  'sightline-defaults',
  'sightline-eventloop-100ms',
  'sightline-no-default-metrics',
  'sightline-no-default-metrics-no-tracing',
];
const SETTLE_MS = 3000;

async function idleCpu(name: string, windowMs: number, dir: string): Promise<number> {
  const args = [CHILD, name, String(SETTLE_MS), String(windowMs), join(dir, `${name}.log`)];
  const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: SETTLE_MS + windowMs + 30_000 });
  const { cpuMsPerSecond } = JSON.parse(stdout.trim().split('\n').pop() as string) as { cpuMsPerSecond: number };
  return cpuMsPerSecond;
}

export async function runIdleCpu(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { rounds: { type: 'string' }, 'window-ms': { type: 'string' } } });
  const rounds = Number(values.rounds ?? 3);
  const windowMs = Number(values['window-ms'] ?? 10_000);
  if (!(Number.isInteger(rounds) && rounds > 0) || !(windowMs >= 1000))
    throw new Error('--rounds takes a whole number > 0, --window-ms at least 1000');
  await assertDistFresh();
  const dir = await mkdtemp(join(tmpdir(), 'sightline-idle-'));
  const results = new Map<string, number[]>(CASES.map((name) => [name, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      const readings = await Promise.all(CASES.map((name) => idleCpu(name, windowMs, dir)));
      for (const [index, value] of readings.entries()) results.get(CASES[index] as string)?.push(value);
      console.log(`round ${round + 1}: ${CASES.map((name, index) => `${name} ${formatFixed(readings[index] as number, 2)}`).join(', ')}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const bare = median(results.get('bare') as number[]);
  printTable(
    `Idle CPU: ms of CPU a second, ${windowMs / 1000} s windows after ${SETTLE_MS / 1000} s of start-up, ${rounds} rounds, medians`,
    ['case', 'ms CPU/s', 'per round', 'us per wake-up (monitors)'],
    CASES.map((name) => {
      const list = results.get(name) as number[];
      const resolution = /^monitor-(\d+)ms$/.exec(name)?.[1];
      const perWake = resolution === undefined ? '' : formatFixed((median(list) - bare) * Number(resolution), 0);
      return [name, formatFixed(median(list), 2), list.map((value) => formatFixed(value, 2)).join(' / '), perWake];
    }),
    [
      "ms CPU/s: the child's CPU time (all threads, user + system) over the window, per second. A monitor wakes the loop",
      "  every resolution ms; us per wake-up: (its ms CPU/s - bare's) x resolution, i.e. what one wake-up costs here.",
      'At 3,000 req/s the wake-ups fall in turns the loop runs anyway (bench:http, sightline-logs-metrics-lag10 / -lag100).',
    ],
  );
}

if (isEntryPoint(import.meta.url)) await runIdleCpu(process.argv.slice(2));
