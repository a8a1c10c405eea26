/**
 * The one table mapping environment variables to options. The README prints the same
 * table (a test keeps them in step). Precedence: options passed in code > the specific
 * env var > the general one (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT beats OTEL_EXPORTER_OTLP_ENDPOINT).
 */
export interface EnvEntry {
  readonly name: string;
  /** Dotted option path the value lands on. */
  readonly option: string;
  readonly description: string;
  /** Returns the option value (undefined: leave it unset), or throws an Error whose message says what is wrong. */
  readonly parse: (raw: string, env: EnvSource) => unknown;
}

const number = (raw: string): number => {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new Error(`expected a number, got "${raw}"`);
  return value;
};

const boolean = (raw: string): boolean => {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0' || value === '') return false;
  throw new Error(`expected true or false, got "${raw}"`);
};

/** W3C Baggage-style `key=value,key2=value2` list used by OTEL_RESOURCE_ATTRIBUTES and *_HEADERS. */
export const keyValueList = (raw: string): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const part of raw.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`expected key=value pairs separated by commas, got "${part.trim()}"`);
    result[decodeURIComponent(part.slice(0, eq).trim())] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return result;
};

const withPath =
  (path: string) =>
  (raw: string): string =>
    `${raw.replace(/\/+$/, '')}${path}`;

const samplerRatio = (raw: string): number | undefined => {
  switch (raw.trim()) {
    case 'always_on':
    case 'parentbased_always_on':
      return 1;
    case 'always_off':
    case 'parentbased_always_off':
      return 0;
    case 'traceidratio':
    case 'parentbased_traceidratio':
      return undefined; // ratio comes from OTEL_TRACES_SAMPLER_ARG
    default:
      throw new Error(`unsupported sampler "${raw}" (use always_on, always_off, traceidratio or their parentbased_ forms)`);
  }
};

/** False when OTEL_TRACES_SAMPLER names a sampler without an argument (an unknown one is reported by its own entry). */
const samplerTakesRatio = (sampler: string | undefined): boolean => {
  const value = sampler?.trim() ?? '';
  return value === '' || value === 'traceidratio' || value === 'parentbased_traceidratio';
};

const tracesEnabled = (raw: string): boolean => {
  const value = raw.trim();
  if (value === 'none') return false;
  if (value === 'otlp' || value === '') return true;
  throw new Error(`unsupported exporter "${raw}" (use otlp or none)`);
};

/** General entries first: later (more specific) entries override earlier ones. */
export const ENV_TABLE: readonly EnvEntry[] = [
  { name: 'OTEL_SERVICE_NAME', option: 'serviceName', description: 'service.name resource attribute', parse: String },
  { name: 'SIGHTLINE_SERVICE_VERSION', option: 'serviceVersion', description: 'service.version resource attribute', parse: String },
  {
    name: 'OTEL_RESOURCE_ATTRIBUTES',
    option: 'resourceAttributes',
    description: 'extra resource attributes, `k=v,k2=v2`',
    parse: keyValueList,
  },
  {
    name: 'NODE_ENV',
    option: 'environment',
    description: 'deployment.environment.name when SIGHTLINE_ENVIRONMENT is unset',
    parse: String,
  },
  { name: 'SIGHTLINE_ENVIRONMENT', option: 'environment', description: 'deployment.environment.name', parse: String },
  { name: 'LOG_LEVEL', option: 'log.level', description: 'log level when SIGHTLINE_LOG_LEVEL is unset', parse: String },
  { name: 'SIGHTLINE_LOG_LEVEL', option: 'log.level', description: 'fatal, error, warn, info, debug, trace or silent', parse: String },
  { name: 'SIGHTLINE_LOG_PRETTY', option: 'log.pretty', description: 'pretty-print logs (default: development on a TTY)', parse: boolean },
  {
    name: 'SIGHTLINE_LOG_FILE',
    option: 'log.destinations',
    description: 'write logs to this file instead of stdout',
    parse: (raw) => [{ path: raw }],
  },
  { name: 'SIGHTLINE_LOG_OTLP', option: 'log.otlp.enabled', description: 'also export logs over OTLP/HTTP', parse: boolean },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    option: 'log.otlp.endpoint',
    description: 'OTLP base URL; `/v1/logs` is appended for logs',
    parse: withPath('/v1/logs'),
  },
  { name: 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', option: 'log.otlp.endpoint', description: 'full OTLP logs URL', parse: String },
  {
    name: 'OTEL_EXPORTER_OTLP_HEADERS',
    option: 'log.otlp.headers',
    description: 'headers for OTLP export, `k=v,k2=v2`',
    parse: keyValueList,
  },
  { name: 'OTEL_EXPORTER_OTLP_LOGS_HEADERS', option: 'log.otlp.headers', description: 'headers for log export', parse: keyValueList },
  { name: 'OTEL_EXPORTER_OTLP_TIMEOUT', option: 'log.otlp.exportTimeoutMs', description: 'export timeout in ms', parse: number },
  {
    name: 'OTEL_EXPORTER_OTLP_LOGS_TIMEOUT',
    option: 'log.otlp.exportTimeoutMs',
    description: 'log export timeout in ms',
    parse: number,
  },
  { name: 'SIGHTLINE_METRICS_PREFIX', option: 'metrics.prefix', description: 'prefix for every metric name', parse: String },
  {
    name: 'SIGHTLINE_METRICS_MAX_SERIES',
    option: 'metrics.maxSeriesPerMetric',
    description: 'series limit per metric before folding into __overflow__',
    parse: number,
  },
  { name: 'OTEL_TRACES_EXPORTER', option: 'trace.enabled', description: '`none` turns tracing off', parse: tracesEnabled },
  // `false` only means "not disabled": it must not switch tracing back on over OTEL_TRACES_EXPORTER=none.
  {
    name: 'OTEL_SDK_DISABLED',
    option: 'trace.enabled',
    description: '`true` turns tracing off',
    parse: (raw) => (boolean(raw) ? false : undefined),
  },
  {
    name: 'OTEL_TRACES_SAMPLER',
    option: 'trace.sampleRatio',
    description: 'always_on, always_off, traceidratio (parentbased_ forms too)',
    parse: samplerRatio,
  },
  {
    name: 'OTEL_TRACES_SAMPLER_ARG',
    option: 'trace.sampleRatio',
    description: 'sampling ratio in [0, 1]',
    // Only a traceidratio sampler takes an argument; always_on/always_off ignore it (OTel spec).
    parse: (raw, env) => (samplerTakesRatio(env.OTEL_TRACES_SAMPLER) ? number(raw) : undefined),
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    option: 'trace.endpoint',
    description: 'OTLP base URL; `/v1/traces` is appended for spans (in code, `trace.endpoint` is the full URL with its path)',
    parse: withPath('/v1/traces'),
  },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', option: 'trace.endpoint', description: 'full OTLP traces URL', parse: String },
  { name: 'OTEL_EXPORTER_OTLP_HEADERS', option: 'trace.headers', description: 'headers for OTLP export, `k=v,k2=v2`', parse: keyValueList },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', option: 'trace.headers', description: 'headers for span export', parse: keyValueList },
  { name: 'OTEL_EXPORTER_OTLP_TIMEOUT', option: 'trace.exportTimeoutMs', description: 'export timeout in ms', parse: number },
  {
    name: 'OTEL_BSP_MAX_QUEUE_SIZE',
    option: 'trace.maxQueueSize',
    description: 'spans buffered before new ones are dropped',
    parse: number,
  },
  { name: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', option: 'trace.maxExportBatchSize', description: 'spans per export request', parse: number },
  {
    name: 'OTEL_BSP_SCHEDULE_DELAY',
    option: 'trace.scheduledDelayMs',
    description: 'ms a partial batch waits after its first span',
    parse: number,
  },
  { name: 'SIGHTLINE_SLOW_REQUEST_MS', option: 'http.slowRequestMs', description: 'requests slower than this log at warn', parse: number },
  {
    name: 'SIGHTLINE_SHUTDOWN_DELAY_MS',
    option: 'shutdown.delayMs',
    description: 'after SIGTERM, readiness fails but the server accepts this long (Kubernetes: ~5000)',
    parse: number,
  },
  {
    name: 'SIGHTLINE_SHUTDOWN_DRAIN_TIMEOUT_MS',
    option: 'shutdown.drainTimeoutMs',
    description: 'bound on waiting for in-flight requests at shutdown',
    parse: number,
  },
  { name: 'SENTRY_DSN', option: 'errors.sentry.dsn', description: 'send captured errors to Sentry (needs `@sentry/node`)', parse: String },
  {
    name: 'SENTRY_ENVIRONMENT',
    option: 'errors.sentry.environment',
    description: 'Sentry environment (default: the observer environment)',
    parse: String,
  },
  { name: 'SENTRY_RELEASE', option: 'errors.sentry.release', description: 'Sentry release (default: serviceVersion)', parse: String },
  {
    name: 'SIGHTLINE_DEBUG',
    option: 'debug.enabled',
    description: 'debug server on/off (default: on only when the environment is explicitly development)',
    parse: boolean,
  },
  {
    name: 'SIGHTLINE_DEBUG_PORT',
    option: 'debug.port',
    description: 'debug server port (default 6060; 0 picks a free one)',
    parse: number,
  },
  {
    name: 'SIGHTLINE_DEBUG_HOST',
    option: 'debug.host',
    description: 'debug server bind address (default 127.0.0.1; anything else logs a warning)',
    parse: String,
  },
  {
    name: 'SIGHTLINE_DEBUG_TOKEN',
    option: 'debug.token',
    description: 'debug server bearer token, 16+ characters (default: generated and logged once)',
    parse: String,
  },
  { name: 'SIGHTLINE_APM', option: 'apm.enabled', description: '`false` turns off the per-route transaction summary', parse: boolean },
  {
    name: 'SIGHTLINE_APDEX_THRESHOLD_MS',
    option: 'apm.apdexThresholdMs',
    description: 'Apdex threshold T in ms (default 500)',
    parse: number,
  },
  {
    name: 'SIGHTLINE_ALERTMANAGER_URL',
    option: 'alerting.alertmanagerUrl',
    description: 'Alertmanager base URL: enables `observer.alerts`',
    parse: String,
  },
];

export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Builds a nested options object from the environment; errors name the variable. */
export function optionsFromEnv(env: EnvSource, errors: string[], sources?: Map<string, string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const entry of ENV_TABLE) {
    const raw = env[entry.name];
    if (raw === undefined || raw === '') continue;
    let value: unknown;
    try {
      value = entry.parse(raw, env);
    } catch (error) {
      errors.push(`${entry.name}: ${(error as Error).message}`);
      continue;
    }
    if (value === undefined) continue;
    setPath(result, entry.option, value);
    sources?.set(entry.option, entry.name);
  }
  return result;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}
