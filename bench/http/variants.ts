// The HTTP benches' variants: which server child runs each and what it writes (http-overhead.ts, http-instructions.ts).

export interface Variant {
  readonly name: string;
  readonly server: 'server-baseline.cjs' | 'server-sightline.mjs' | 'server-floor.cjs';
  /** Minimum req/s ratio vs bare that the acceptance asks for. */
  readonly target?: number;
  readonly traces: boolean;
  readonly logs: boolean;
  /** Run only when named in --variants. */
  readonly optional?: boolean;
  /** It logs to stdout (the SDK's default): the child's stdout is its log file. */
  readonly stdoutToLogFile?: boolean;
  /** It logs to stdout, a pipe the parent reads into the log file. */
  readonly stdoutPipedToLogFile?: boolean;
}

/** bare-spin-<before|after>-<us>: see server-baseline.cjs. */
export const CALIBRATION = ['bare-spin-before-5', 'bare-spin-after-5'] as const;
export const CALIBRATION_MICROS = 5;

export const VARIANTS: readonly Variant[] = [
  { name: 'bare', server: 'server-baseline.cjs', traces: false, logs: false },
  { name: 'sightline-full-100', server: 'server-sightline.mjs', target: 0.5, traces: true, logs: true },
  { name: 'sightline-full-10', server: 'server-sightline.mjs', target: 0.8, traces: true, logs: true },
  { name: 'sightline-logs-metrics', server: 'server-sightline.mjs', target: 0.85, traces: false, logs: true },
  // What most users run: createObserver({ serviceName }) (plus the route table node:http needs), NODE_ENV unset (the
  // SDK's development default), logs to stdout, traces to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.
  { name: 'sightline-defaults', server: 'server-sightline.mjs', traces: true, logs: true, stdoutToLogFile: true },
  // The same with NODE_ENV=production, and logs-metrics with no environment set (development mode).
  { name: 'sightline-defaults-production', server: 'server-sightline.mjs', traces: true, logs: true, stdoutToLogFile: true },
  { name: 'sightline-logs-metrics-dev', server: 'server-sightline.mjs', traces: false, logs: true, optional: true },
  // Diagnostics of where logs go: stdout as a pipe, in production and development mode, and pretty-printed.
  {
    name: 'sightline-logs-metrics-stdout',
    server: 'server-sightline.mjs',
    traces: false,
    logs: true,
    optional: true,
    stdoutPipedToLogFile: true,
  },
  {
    name: 'sightline-logs-metrics-stdout-dev',
    server: 'server-sightline.mjs',
    traces: false,
    logs: true,
    optional: true,
    stdoutPipedToLogFile: true,
  },
  {
    name: 'sightline-logs-metrics-pretty',
    server: 'server-sightline.mjs',
    traces: false,
    logs: true,
    optional: true,
    stdoutPipedToLogFile: true,
  },
  // Diagnostic: logs + metrics with the default metrics' event-loop lag sampled every 10 ms or every 100 ms
  // (metrics.eventLoopSampleMs), and without default (process) metrics: what waking the loop to sample costs.
  { name: 'sightline-logs-metrics-lag10', server: 'server-sightline.mjs', traces: false, logs: true, optional: true },
  { name: 'sightline-logs-metrics-lag100', server: 'server-sightline.mjs', traces: false, logs: true, optional: true },
  { name: 'sightline-logs-metrics-noprocess', server: 'server-sightline.mjs', traces: false, logs: true, optional: true },
  // Diagnostic: tracing on, nothing sampled; what an unsampled request costs over logs+metrics.
  { name: 'sightline-full-0', server: 'server-sightline.mjs', traces: true, logs: true, optional: true },
  // Diagnostic: every request sampled and its span built and ended, but no exporter (trace.exporter 'none'): what the
  // export costs over a real socket, against sightline-full-100.
  { name: 'sightline-full-100-noexport', server: 'server-sightline.mjs', traces: false, logs: true, optional: true },
  // Diagnostic: the same at 10 %, against sightline-full-10 and sightline-full-0.
  { name: 'sightline-full-10-noexport', server: 'server-sightline.mjs', traces: false, logs: true, optional: true },
  { name: 'pino-http', server: 'server-baseline.cjs', traces: false, logs: true },
  { name: 'prom-client', server: 'server-baseline.cjs', traces: false, logs: false },
  { name: 'otel-http', server: 'server-baseline.cjs', traces: true, logs: false },
  { name: 'assembled', server: 'server-baseline.cjs', traces: true, logs: true },
  // Diagnostic, not run unless named in --variants: an AsyncLocalStorage context manager and one
  // context.with() per request, nothing else; the floor any context-propagating variant pays.
  { name: 'context-only', server: 'server-baseline.cjs', traces: false, logs: false, optional: true },
  // Diagnostic: the least a hand-written server does for the same access line and duration
  // histogram with the same libraries (raw AsyncLocalStorage, pino, prom-client).
  { name: 'libs-floor-logs-metrics', server: 'server-baseline.cjs', traces: false, logs: true, optional: true },
  // The floor (issue 12): the same access line, metrics and exported server span as the Sightline
  // variant of the same mode, hand-written with Node's own modules only (http/server-floor.cjs).
  // Run only when named; checked against Sightline's output before measuring (http/floor-equivalence.ts).
  { name: 'floor-logs-metrics', server: 'server-floor.cjs', traces: false, logs: true, optional: true },
  { name: 'floor-full-0', server: 'server-floor.cjs', traces: true, logs: true, optional: true },
  { name: 'floor-full-10', server: 'server-floor.cjs', traces: true, logs: true, optional: true },
  { name: 'floor-full-100', server: 'server-floor.cjs', traces: true, logs: true, optional: true },
  // Diagnostic: the floor without its AsyncLocalStorage.run(), to tell the context's cost from the bytes'.
  { name: 'floor-logs-metrics-noctx', server: 'server-floor.cjs', traces: false, logs: true, optional: true },
  { name: 'floor-full-100-noctx', server: 'server-floor.cjs', traces: true, logs: true, optional: true },
  // Diagnostic: the floor with its log lines held up to 10 ms or 4 KiB, so one write carries many (sonic-boom's minLength).
  { name: 'floor-logs-metrics-perline', server: 'server-floor.cjs', traces: false, logs: true, optional: true },
  // Diagnostic: the floor plus 60 blocks of integer arithmetic a request, 60 distinct ones (~10 KB more machine code a
  // request) or one run 60 times (the same instructions): what code size costs over a socket.
  { name: 'floor-logs-metrics-code60', server: 'server-floor.cjs', traces: false, logs: true, optional: true },
  { name: 'floor-logs-metrics-same60', server: 'server-floor.cjs', traces: false, logs: true, optional: true },
  // The instrument's check: bare plus a known 5 us of busy JavaScript per request, before the response is sent (as
  // work at a request's start delays it) or after (as an access line written once the response went out). A faithful
  // instrument reads +5 for both; the spread of its rounds is the noise of one round on this machine.
  ...CALIBRATION.map((name) => ({ name, server: 'server-baseline.cjs' as const, traces: false, logs: false, optional: true })),
];

/**
 * The variants of `table` named in `names`, in that order; throws naming every unknown name and the
 * known ones, before anything is started.
 */
export function variantsNamed(names: readonly string[], table: readonly Variant[] = VARIANTS): Variant[] {
  const unknown = names.filter((name) => !table.some((variant) => variant.name === name));
  if (unknown.length > 0) throw new Error(`unknown variant(s) ${unknown.join(', ')}; known: ${table.map((v) => v.name).join(', ')}`);
  return names.map((name) => table.find((variant) => variant.name === name) as Variant);
}
