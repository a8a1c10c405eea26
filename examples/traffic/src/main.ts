import { discoverCatalog } from './catalog.js';
import { parseTrafficOptions, TrafficOptionsError } from './options.js';
import { runTraffic } from './run-traffic.js';
import type { TrafficStats } from './stats.js';

/**
 * `npm run traffic -- --rps 50 --duration 60s --error-rate 0.05`: drives the orders API and
 * shows a progress line (sent, rate, errors, p50/p99) until the duration ends or Ctrl-C.
 */
let options: ReturnType<typeof parseTrafficOptions>;
try {
  options = parseTrafficOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof TrafficOptionsError)) throw error;
  process.stderr.write(
    `traffic: ${error.message}\nusage: traffic [--target URL] [--rps N] [--duration 60s] [--error-rate 0.05] [--max-in-flight N]\n`,
  );
  process.exit(2);
}

const line = (stats: TrafficStats, elapsedMs: number) => {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const p = (q: number) => (Number.isNaN(stats.percentile(q)) ? '-' : `${stats.percentile(q).toFixed(0)}ms`);
  return (
    `sent ${stats.sent}  rate ${(stats.completed / seconds).toFixed(1)}/s  ` +
    `4xx ${stats.clientErrors}  5xx+net ${stats.serverErrors}  p50 ${p(50)}  p99 ${p(99)}` +
    (stats.skipped > 0 ? `  skipped ${stats.skipped}` : '')
  );
};

const tty = process.stderr.isTTY === true;
const catalog = await discoverCatalog(options.target);
process.stderr.write(
  `traffic → ${options.target}: ${options.rps} req/s, ${(options.errorRate * 100).toFixed(1)}% injected errors, ` +
    `${options.durationMs > 0 ? `${options.durationMs / 1000}s` : 'until Ctrl-C'}\n`,
);
let ticks = 0;
const run = runTraffic(options, catalog, {
  onProgress: (stats, elapsed) => {
    if (tty) process.stderr.write(`\r\x1b[2K${line(stats, elapsed)}`);
    else if (++ticks % 5 === 0) process.stderr.write(`${line(stats, elapsed)}\n`);
  },
});
const started = performance.now();
process.once('SIGINT', () => run.stop());
process.once('SIGTERM', () => run.stop());
const stats = await run.done;
process.stderr.write(`${tty ? '\r\x1b[2K' : ''}done: ${line(stats, performance.now() - started)}\n`);
process.stderr.write(`by status: ${[...stats.byStatus].map(([status, count]) => `${status}=${count}`).join(' ')}\n`);
process.exit(0);
