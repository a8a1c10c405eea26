// One idle process for idle-cpu.ts: sets up what its case names, waits for start-up to settle,
// then prints the CPU time it used over the measured window (all threads, user + system), as
// one JSON line: { "case": ..., "cpuMsPerSecond": ... }. Plain JavaScript on the SDK's built dist.
//   node idle-child.mjs <case> <settle ms> <window ms> <log file>
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createObserver } from '@sightline/sdk';

const [name = '', settleArg = '3000', windowArg = '10000', logFile = '/dev/null'] = process.argv.slice(2);
const base = {
  env: {},
  serviceName: 'idle',
  environment: 'production',
  log: { destinations: [{ path: logFile }] },
  debug: { enabled: false },
};
/** @type {Record<string, () => (() => Promise<void>) | undefined>} */
const CASES = {
  bare: () => undefined,
  'monitor-10ms': () => monitor(10),
  'monitor-20ms': () => monitor(20),
  'monitor-50ms': () => monitor(50),
  'monitor-100ms': () => monitor(100),
  'sightline-defaults': () => observe({}),
  'sightline-eventloop-100ms': () => observe({ metrics: { eventLoopSampleMs: 100 } }),
  'sightline-no-default-metrics': () => observe({ metrics: { defaultMetrics: false } }),
  'sightline-no-default-metrics-no-tracing': () => observe({ metrics: { defaultMetrics: false }, trace: { enabled: false } }),
};

/** @param {number} resolution */
function monitor(resolution) {
  const histogram = monitorEventLoopDelay({ resolution });
  histogram.enable();
  return async () => histogram.disable();
}

/** @param {Record<string, unknown>} options */
function observe(options) {
  const observer = createObserver({ ...base, ...options });
  return () => observer.shutdown();
}

const setup = CASES[name];
if (setup === undefined) {
  console.error(`unknown case "${name}"; expected one of ${Object.keys(CASES).join(', ')}`);
  process.exit(2);
}
const close = setup();
// The process stays alive on this timer alone: one wake-up in the whole window, as bare's.
await new Promise((resolve) => setTimeout(resolve, Number(settleArg)));
const before = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, Number(windowArg)));
const used = process.cpuUsage(before);
console.log(JSON.stringify({ case: name, cpuMsPerSecond: (used.user + used.system) / Number(windowArg) }));
await close?.();
process.exit(0);
