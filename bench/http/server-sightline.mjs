// Server child for the Sightline variants: the same handler behind sightlineHandler().
// Plain JavaScript, so it runs both on the SDK's source and on its built dist:
//   node --conditions=sightline-source --import tsx server-sightline.mjs <variant> <log file> <otlp traces url>
//   node server-sightline.mjs <variant> <log file> <otlp traces url>   (packages/*/dist, as an app runs it)
import { createServer } from 'node:http';
import { createObserver } from '@sightline/sdk';
import { sightlineHandler } from '@sightline/sdk/node';
import protocol from './child-protocol.cjs';
import handlerModule from './handler.cjs';

const [variant = '', logFile = '', otlpUrl = ''] = process.argv.slice(2);

/** @type {Record<string, import('@sightline/sdk').ObserverOptions['trace']>} */
const TRACE_BY_VARIANT = {
  'sightline-full-100': { sampleRatio: 1, endpoint: otlpUrl },
  'sightline-full-10': { sampleRatio: 0.1, endpoint: otlpUrl },
  'sightline-full-0': { sampleRatio: 0, endpoint: otlpUrl },
  'sightline-full-100-noexport': { sampleRatio: 1, exporter: 'none' },
  'sightline-full-10-noexport': { sampleRatio: 0.1, exporter: 'none' },
  'sightline-logs-metrics': { enabled: false, endpoint: otlpUrl },
  // debug-overhead.ts: logs and metrics as above, the debug server off, on but idle, or dumping.
  'sightline-debug-off': { enabled: false, endpoint: otlpUrl },
  'sightline-debug-idle': { enabled: false, endpoint: otlpUrl },
  'sightline-debug-dumping': { enabled: false, endpoint: otlpUrl },
};
const debugEnabled = variant === 'sightline-debug-idle' || variant === 'sightline-debug-dumping';
// Flavours of sightline-logs-metrics: no environment set anywhere (NODE_ENV unset: the SDK's
// development default) instead of environment: 'production'; logs to stdout (a pipe the parent
// reads) instead of a file; pretty-printed (what development mode turns on when stdout is a TTY).
/** @type {Record<string, { development: boolean; stdout: boolean; pretty: boolean }>} */
const LOGS_METRICS_FLAVOURS = {
  'sightline-logs-metrics-dev': { development: true, stdout: false, pretty: false },
  'sightline-logs-metrics-stdout': { development: false, stdout: true, pretty: false },
  'sightline-logs-metrics-stdout-dev': { development: true, stdout: true, pretty: false },
  'sightline-logs-metrics-pretty': { development: false, stdout: true, pretty: true },
};
// The default metrics' event-loop lag sampled every 10 ms or every 100 ms, or no default (process) metrics at all.
/** @type {Record<string, import('@sightline/sdk').ObserverOptions['metrics']>} */
const METRICS_BY_VARIANT = {
  'sightline-logs-metrics-lag10': { enabled: true, eventLoopSampleMs: 10 },
  'sightline-logs-metrics-lag100': { enabled: true, eventLoopSampleMs: 100 },
  'sightline-logs-metrics-noprocess': { enabled: true, defaultMetrics: false },
};
const flavour = LOGS_METRICS_FLAVOURS[variant] ?? { development: false, stdout: false, pretty: false };
const development = flavour.development;
const trace =
  variant in LOGS_METRICS_FLAVOURS || variant in METRICS_BY_VARIANT
    ? TRACE_BY_VARIANT['sightline-logs-metrics']
    : TRACE_BY_VARIANT[variant];
// sightline-defaults-production: the defaults variant with NODE_ENV=production.
const defaults = variant === 'sightline-defaults' || variant === 'sightline-defaults-production';
if (trace === undefined && !defaults) {
  console.error(`unknown variant "${variant}"; expected one of ${Object.keys(TRACE_BY_VARIANT).join(', ')}`);
  process.exit(2);
}

// sightline-defaults: nothing but the service name in code; the environment of a developer's shell
// (NODE_ENV unset) with the exporter endpoint set the standard way. Logs go to stdout (the log file).
if (defaults) {
  if (variant === 'sightline-defaults-production') process.env.NODE_ENV = 'production';
  else delete process.env.NODE_ENV;
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = otlpUrl;
}
const observer = defaults
  ? createObserver({ serviceName: 'bench', http: { routes: ['/users/:id'] } })
  : createObserver({
      // Defaults otherwise (default process metrics on, log sampling on: the access log is exempt).
      env: {},
      serviceName: 'bench',
      ...(development ? {} : { environment: 'production' }),
      log: flavour.stdout
        ? { destinations: ['stdout'], ...(flavour.pretty ? { pretty: true } : {}) }
        : { destinations: [{ path: logFile }] },
      metrics: METRICS_BY_VARIANT[variant] ?? { enabled: true },
      trace,
      http: { routes: ['/users/:id'] },
      // Port 0: a free port, so bench runs never collide on the default 6060.
      debug: debugEnabled ? { enabled: true, port: 0, token: 'bench-debug-token-0123456789' } : { enabled: false },
    });
if (variant === 'sightline-debug-dumping') observer.debug.toggle?.apply({ durationSeconds: 3600, dump: true });

protocol.serve(createServer(sightlineHandler(observer, handlerModule.handler)), () => observer.shutdown());
