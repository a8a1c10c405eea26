import { describe, expect, it } from 'vitest';
import { configError } from '../../test/support/thrown-error.js';
import { ENV_TABLE } from './env.js';
import { resolveOptions } from './resolve.js';
import type { ObserverOptions } from './schema.js';

/** Every call passes `env` explicitly so the machine's own environment never leaks in. */
const NO_ENV = {};

function valueAt(target: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], target);
}

describe('resolveOptions defaults', () => {
  it('fills every option with its documented default when nothing is given', () => {
    const resolved = resolveOptions({}, NO_ENV);

    expect(resolved.serviceName).toBe('unknown_service:node');
    expect(resolved.serviceVersion).toBeUndefined();
    expect(resolved.environment).toBe('development');
    expect(resolved.resourceAttributes).toEqual({});
    expect(resolved.shutdownTimeoutMs).toBe(5000);
    expect(resolved.log).toEqual({
      level: 'info',
      destinations: ['stdout'],
      redact: { paths: [], keys: [], replaceDefaults: false, censor: '[REDACTED]' },
      sampling: { initial: 100, thereafter: 100, tickMs: 1000 },
      otlp: { enabled: false, headers: {}, exportTimeoutMs: 10_000 },
    });
    expect(resolved.metrics).toEqual({
      enabled: true,
      prefix: '',
      defaultMetrics: true,
      eventLoopSampleMs: 10,
      maxSeriesPerMetric: 2000,
      durationBuckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      sizeBuckets: [100, 1000, 10_000, 100_000, 1_000_000, 10_000_000],
    });
    expect(resolved.trace).toEqual({
      enabled: true,
      sampleRatio: 1,
      exporter: 'otlp',
      endpoint: 'http://localhost:4318/v1/traces',
      headers: {},
      exportTimeoutMs: 10_000,
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
      scheduledDelayMs: 1000,
    });
    expect(resolved.http).toEqual({ slowRequestMs: 1000, requestIdHeader: 'x-request-id', ignorePaths: ['/metrics'], routes: [] });
    expect(resolved.errors).toEqual({ maxGroups: 1000, breadcrumbs: 20, sentry: { sampleRate: 1 } });
  });

  it('treats a call without arguments for options the same as an empty object', () => {
    expect(resolveOptions(undefined, NO_ENV)).toEqual(resolveOptions({}, NO_ENV));
  });

  it('keeps options given in code and defaults the ones left out of the same section', () => {
    const resolved = resolveOptions({ serviceName: 'checkout', trace: { sampleRatio: 0.25 } }, NO_ENV);

    expect(resolved.serviceName).toBe('checkout');
    expect(resolved.trace.sampleRatio).toBe(0.25);
    expect(resolved.trace.enabled).toBe(true);
    expect(resolved.trace.endpoint).toBe('http://localhost:4318/v1/traces');
  });

  it('takes service name, version and environment from resource attributes when not set directly', () => {
    const resolved = resolveOptions(
      { resourceAttributes: { 'service.name': 'billing', 'service.version': '2.0.1', 'deployment.environment.name': 'staging' } },
      NO_ENV,
    );

    expect(resolved.serviceName).toBe('billing');
    expect(resolved.serviceVersion).toBe('2.0.1');
    expect(resolved.environment).toBe('staging');
  });
});

describe('resolveOptions environment variables', () => {
  const cases: { name: string; raw: string; option: string; expected: unknown }[] = [
    { name: 'OTEL_SERVICE_NAME', raw: 'orders', option: 'serviceName', expected: 'orders' },
    { name: 'SIGHTLINE_SERVICE_VERSION', raw: '1.4.2', option: 'serviceVersion', expected: '1.4.2' },
    {
      name: 'OTEL_RESOURCE_ATTRIBUTES',
      raw: 'team=payments,region=eu-west-1',
      option: 'resourceAttributes',
      expected: { team: 'payments', region: 'eu-west-1' },
    },
    { name: 'NODE_ENV', raw: 'production', option: 'environment', expected: 'production' },
    { name: 'SIGHTLINE_ENVIRONMENT', raw: 'staging', option: 'environment', expected: 'staging' },
    { name: 'LOG_LEVEL', raw: 'warn', option: 'log.level', expected: 'warn' },
    { name: 'SIGHTLINE_LOG_LEVEL', raw: 'debug', option: 'log.level', expected: 'debug' },
    { name: 'SIGHTLINE_LOG_PRETTY', raw: 'true', option: 'log.pretty', expected: true },
    {
      name: 'SIGHTLINE_LOG_FILE',
      raw: '/var/log/app.log',
      option: 'log.destinations',
      expected: [{ path: '/var/log/app.log', mkdir: true }],
    },
    { name: 'SIGHTLINE_LOG_OTLP', raw: '1', option: 'log.otlp.enabled', expected: true },
    {
      name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
      raw: 'http://collector:4318',
      option: 'log.otlp.endpoint',
      expected: 'http://collector:4318/v1/logs',
    },
    {
      name: 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
      raw: 'http://logs:4318/custom',
      option: 'log.otlp.endpoint',
      expected: 'http://logs:4318/custom',
    },
    { name: 'SIGHTLINE_METRICS_PREFIX', raw: 'shop_', option: 'metrics.prefix', expected: 'shop_' },
    { name: 'SIGHTLINE_METRICS_MAX_SERIES', raw: '50', option: 'metrics.maxSeriesPerMetric', expected: 50 },
    { name: 'OTEL_TRACES_EXPORTER', raw: 'none', option: 'trace.enabled', expected: false },
    { name: 'OTEL_SDK_DISABLED', raw: 'true', option: 'trace.enabled', expected: false },
    { name: 'OTEL_TRACES_SAMPLER', raw: 'always_off', option: 'trace.sampleRatio', expected: 0 },
    { name: 'OTEL_TRACES_SAMPLER_ARG', raw: '0.1', option: 'trace.sampleRatio', expected: 0.1 },
    {
      name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
      raw: 'http://collector:4318',
      option: 'trace.endpoint',
      expected: 'http://collector:4318/v1/traces',
    },
    { name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', raw: 'http://traces:4318/x', option: 'trace.endpoint', expected: 'http://traces:4318/x' },
    { name: 'OTEL_EXPORTER_OTLP_HEADERS', raw: 'api-key=abc', option: 'trace.headers', expected: { 'api-key': 'abc' } },
    { name: 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', raw: 'x-tenant=7', option: 'trace.headers', expected: { 'x-tenant': '7' } },
    { name: 'OTEL_EXPORTER_OTLP_TIMEOUT', raw: '3000', option: 'trace.exportTimeoutMs', expected: 3000 },
    { name: 'OTEL_EXPORTER_OTLP_HEADERS', raw: 'api-key=abc', option: 'log.otlp.headers', expected: { 'api-key': 'abc' } },
    { name: 'OTEL_EXPORTER_OTLP_LOGS_HEADERS', raw: 'x-tenant=9', option: 'log.otlp.headers', expected: { 'x-tenant': '9' } },
    { name: 'OTEL_EXPORTER_OTLP_TIMEOUT', raw: '3000', option: 'log.otlp.exportTimeoutMs', expected: 3000 },
    { name: 'OTEL_EXPORTER_OTLP_LOGS_TIMEOUT', raw: '750', option: 'log.otlp.exportTimeoutMs', expected: 750 },
    { name: 'OTEL_BSP_MAX_QUEUE_SIZE', raw: '4096', option: 'trace.maxQueueSize', expected: 4096 },
    { name: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', raw: '128', option: 'trace.maxExportBatchSize', expected: 128 },
    { name: 'OTEL_BSP_SCHEDULE_DELAY', raw: '250', option: 'trace.scheduledDelayMs', expected: 250 },
    { name: 'SIGHTLINE_SLOW_REQUEST_MS', raw: '400', option: 'http.slowRequestMs', expected: 400 },
    { name: 'SIGHTLINE_SHUTDOWN_DELAY_MS', raw: '5000', option: 'shutdown.delayMs', expected: 5000 },
    { name: 'SIGHTLINE_SHUTDOWN_DRAIN_TIMEOUT_MS', raw: '20000', option: 'shutdown.drainTimeoutMs', expected: 20_000 },
    {
      name: 'SENTRY_DSN',
      raw: 'https://key@sentry.example.com/42',
      option: 'errors.sentry.dsn',
      expected: 'https://key@sentry.example.com/42',
    },
    { name: 'SENTRY_ENVIRONMENT', raw: 'staging', option: 'errors.sentry.environment', expected: 'staging' },
    { name: 'SENTRY_RELEASE', raw: 'checkout@1.4.2', option: 'errors.sentry.release', expected: 'checkout@1.4.2' },
    { name: 'SIGHTLINE_DEBUG', raw: 'true', option: 'debug.enabled', expected: true },
    { name: 'SIGHTLINE_DEBUG_PORT', raw: '7070', option: 'debug.port', expected: 7070 },
    { name: 'SIGHTLINE_DEBUG_HOST', raw: '0.0.0.0', option: 'debug.host', expected: '0.0.0.0' },
    { name: 'SIGHTLINE_DEBUG_TOKEN', raw: 'a-debug-token-of-24-chars', option: 'debug.token', expected: 'a-debug-token-of-24-chars' },
    { name: 'SIGHTLINE_APM', raw: 'false', option: 'apm.enabled', expected: false },
    { name: 'SIGHTLINE_APDEX_THRESHOLD_MS', raw: '300', option: 'apm.apdexThresholdMs', expected: 300 },
    {
      name: 'SIGHTLINE_ALERTMANAGER_URL',
      raw: 'http://alertmanager:9093',
      option: 'alerting.alertmanagerUrl',
      expected: 'http://alertmanager:9093',
    },
  ];

  it.each(cases)('maps $name=$raw onto $option', ({ name, raw, option, expected }) => {
    const resolved = resolveOptions({}, { [name]: raw });
    expect(valueAt(resolved, option)).toEqual(expected);
  });

  it('covers every entry of ENV_TABLE in the mapping cases above', () => {
    const covered = new Set(cases.map((entry) => `${entry.name}→${entry.option}`));
    const table = ENV_TABLE.map((entry) => `${entry.name}→${entry.option}`);
    expect(table.filter((key) => !covered.has(key))).toEqual([]);
  });

  it('ignores variables set to the empty string', () => {
    expect(resolveOptions({}, { OTEL_SERVICE_NAME: '', SIGHTLINE_METRICS_MAX_SERIES: '' })).toEqual(resolveOptions({}, NO_ENV));
  });

  it('ignores variables that are not in the table', () => {
    expect(resolveOptions({}, { SIGHTLINE_UNKNOWN: 'x', PATH: '/usr/bin' })).toEqual(resolveOptions({}, NO_ENV));
  });

  it('percent-decodes keys and values of OTEL_RESOURCE_ATTRIBUTES', () => {
    const resolved = resolveOptions({}, { OTEL_RESOURCE_ATTRIBUTES: 'owner%20team=a%2Cb, empty=' });
    expect(resolved.resourceAttributes).toEqual({ 'owner team': 'a,b', empty: '' });
  });

  it('appends /v1/traces to the general endpoint only once when it ends in a slash', () => {
    const resolved = resolveOptions({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' });
    expect(resolved.trace.endpoint).toBe('http://collector:4318/v1/traces');
    expect(resolved.log.otlp.endpoint).toBe('http://collector:4318/v1/logs');
  });

  it('takes the service name from OTEL_RESOURCE_ATTRIBUTES when OTEL_SERVICE_NAME is unset', () => {
    expect(resolveOptions({}, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=inventory' }).serviceName).toBe('inventory');
  });
});

describe('resolveOptions precedence', () => {
  const endpoints = {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://general:4318',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://specific:4318/v1/traces',
  };

  it('prefers the specific traces endpoint variable over the general one', () => {
    expect(resolveOptions({}, endpoints).trace.endpoint).toBe('http://specific:4318/v1/traces');
  });

  it('uses the general endpoint with /v1/traces appended when the specific one is unset', () => {
    expect(resolveOptions({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://general:4318' }).trace.endpoint).toBe('http://general:4318/v1/traces');
  });

  it('prefers options passed in code over any environment variable', () => {
    const resolved = resolveOptions({ trace: { endpoint: 'http://code:4318/v1/traces' } }, endpoints);
    expect(resolved.trace.endpoint).toBe('http://code:4318/v1/traces');
  });

  it('keeps environment values for options that code leaves unset in the same section', () => {
    const resolved = resolveOptions({ trace: { sampleRatio: 0.5 } }, endpoints);
    expect(resolved.trace.sampleRatio).toBe(0.5);
    expect(resolved.trace.endpoint).toBe('http://specific:4318/v1/traces');
  });

  it('treats an option set to undefined in code as not set', () => {
    expect(resolveOptions({ serviceName: undefined }, { OTEL_SERVICE_NAME: 'from-env' }).serviceName).toBe('from-env');
  });

  it('prefers the specific logs endpoint variable over the general one', () => {
    const resolved = resolveOptions(
      {},
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://general:4318', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs:4318/l' },
    );
    expect(resolved.log.otlp.endpoint).toBe('http://logs:4318/l');
  });

  it('replaces the general export headers with the traces-specific ones', () => {
    const resolved = resolveOptions({}, { OTEL_EXPORTER_OTLP_HEADERS: 'a=1', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'b=2' });
    expect(resolved.trace.headers).toEqual({ b: '2' });
  });

  it('replaces the general export headers and timeout with the logs-specific ones for log export only', () => {
    const resolved = resolveOptions(
      {},
      {
        OTEL_EXPORTER_OTLP_HEADERS: 'a=1',
        OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'l=2',
        OTEL_EXPORTER_OTLP_TIMEOUT: '3000',
        OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: '750',
      },
    );
    expect(resolved.log.otlp.headers).toEqual({ l: '2' });
    expect(resolved.log.otlp.exportTimeoutMs).toBe(750);
    expect(resolved.trace.headers).toEqual({ a: '1' });
    expect(resolved.trace.exportTimeoutMs).toBe(3000);
  });

  it('gives log export the trace headers and timeout set in code, but not the traces-specific headers variable', () => {
    const inCode = resolveOptions({ trace: { headers: { authorization: 'Bearer t' }, exportTimeoutMs: 2500 } }, NO_ENV);
    expect(inCode.log.otlp.headers).toEqual({ authorization: 'Bearer t' });
    expect(inCode.log.otlp.exportTimeoutMs).toBe(2500);
    const tracesOnly = resolveOptions({}, { OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-traces=1' });
    expect(tracesOnly.log.otlp.headers).toEqual({});
    const logsInCode = resolveOptions(
      { trace: { headers: { authorization: 'Bearer t' } }, log: { otlp: { headers: { 'x-logs': '1' } } } },
      { OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'x-env=1' },
    );
    // As for trace.headers, headers in code merge over the environment's.
    expect(logsInCode.log.otlp.headers).toEqual({ 'x-env': '1', 'x-logs': '1' });
  });

  it('prefers SIGHTLINE_LOG_LEVEL over LOG_LEVEL and SIGHTLINE_ENVIRONMENT over NODE_ENV', () => {
    const resolved = resolveOptions(
      {},
      { LOG_LEVEL: 'warn', SIGHTLINE_LOG_LEVEL: 'debug', NODE_ENV: 'production', SIGHTLINE_ENVIRONMENT: 'canary' },
    );
    expect(resolved.log.level).toBe('debug');
    expect(resolved.environment).toBe('canary');
  });

  it('prefers OTEL_SERVICE_NAME over service.name in OTEL_RESOURCE_ATTRIBUTES', () => {
    const resolved = resolveOptions({}, { OTEL_SERVICE_NAME: 'direct', OTEL_RESOURCE_ATTRIBUTES: 'service.name=attribute' });
    expect(resolved.serviceName).toBe('direct');
  });
});

describe('resolveOptions tracing switches', () => {
  it('turns tracing off with OTEL_SDK_DISABLED=true', () => {
    expect(resolveOptions({}, { OTEL_SDK_DISABLED: 'true' }).trace.enabled).toBe(false);
  });

  it('leaves tracing on with OTEL_SDK_DISABLED=false', () => {
    expect(resolveOptions({}, { OTEL_SDK_DISABLED: 'false' }).trace.enabled).toBe(true);
  });

  it('turns tracing off with OTEL_TRACES_EXPORTER=none', () => {
    expect(resolveOptions({}, { OTEL_TRACES_EXPORTER: 'none' }).trace.enabled).toBe(false);
  });

  it('keeps tracing off with OTEL_TRACES_EXPORTER=none even when OTEL_SDK_DISABLED=false', () => {
    expect(resolveOptions({}, { OTEL_TRACES_EXPORTER: 'none', OTEL_SDK_DISABLED: 'false' }).trace.enabled).toBe(false);
  });

  it('lets code turn tracing back on over OTEL_SDK_DISABLED', () => {
    expect(resolveOptions({ trace: { enabled: true } }, { OTEL_SDK_DISABLED: 'true' }).trace.enabled).toBe(true);
  });

  it('sets the sampling ratio to 0 for always_off and its parent-based form', () => {
    expect(resolveOptions({}, { OTEL_TRACES_SAMPLER: 'always_off' }).trace.sampleRatio).toBe(0);
    expect(resolveOptions({}, { OTEL_TRACES_SAMPLER: 'parentbased_always_off' }).trace.sampleRatio).toBe(0);
  });

  it('sets the sampling ratio to 1 for always_on and its parent-based form', () => {
    expect(resolveOptions({ trace: {} }, { OTEL_TRACES_SAMPLER: 'always_on' }).trace.sampleRatio).toBe(1);
    expect(resolveOptions({}, { OTEL_TRACES_SAMPLER: 'parentbased_always_on' }).trace.sampleRatio).toBe(1);
  });

  it('takes the ratio of a traceidratio sampler from OTEL_TRACES_SAMPLER_ARG', () => {
    expect(resolveOptions({}, { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.2' }).trace.sampleRatio).toBe(
      0.2,
    );
  });

  it('keeps the default ratio for a traceidratio sampler without an argument', () => {
    expect(resolveOptions({}, { OTEL_TRACES_SAMPLER: 'traceidratio' }).trace.sampleRatio).toBe(1);
  });

  it('ignores OTEL_TRACES_SAMPLER_ARG when the sampler is always_off', () => {
    expect(resolveOptions({}, { OTEL_TRACES_SAMPLER: 'always_off', OTEL_TRACES_SAMPLER_ARG: '0.5' }).trace.sampleRatio).toBe(0);
  });

  it('does not complain about an unparsable OTEL_TRACES_SAMPLER_ARG that the sampler ignores', () => {
    expect(resolveOptions({}, { OTEL_TRACES_SAMPLER: 'always_off', OTEL_TRACES_SAMPLER_ARG: 'half' }).trace.sampleRatio).toBe(0);
  });

  it('reports an unknown sampler once, naming OTEL_TRACES_SAMPLER rather than its argument', () => {
    const error = configError(() => resolveOptions({}, { OTEL_TRACES_SAMPLER: 'jaeger_remote', OTEL_TRACES_SAMPLER_ARG: '0.5' }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(/^OTEL_TRACES_SAMPLER: unsupported sampler "jaeger_remote"/);
  });

  it('ignores OTEL_TRACES_SAMPLER_ARG when the sampler is always_on', () => {
    expect(resolveOptions({}, { OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_TRACES_SAMPLER_ARG: '0.5' }).trace.sampleRatio).toBe(1);
  });
});

describe('resolveOptions validation', () => {
  it('rejects a sampling ratio above 1 with SL_CONFIG_INVALID naming trace.sampleRatio', () => {
    const error = configError(() => resolveOptions({ trace: { sampleRatio: 1.5 } }, NO_ENV));
    expect(error.code).toBe('SL_CONFIG_INVALID');
    expect(error.name).toBe('SightlineConfigError');
    expect(error.message).toContain('trace.sampleRatio');
    expect(error.message).toContain('[0, 1]');
    expect(error.issues).toHaveLength(1);
  });

  it('rejects a negative sampling ratio', () => {
    expect(configError(() => resolveOptions({ trace: { sampleRatio: -0.1 } }, NO_ENV)).message).toContain('trace.sampleRatio');
  });

  it('names the environment variable whose value cannot be parsed', () => {
    const error = configError(() => resolveOptions({}, { OTEL_TRACES_SAMPLER_ARG: 'half' }));
    expect(error.code).toBe('SL_CONFIG_INVALID');
    expect(error.issues).toEqual(['OTEL_TRACES_SAMPLER_ARG: expected a number, got "half"']);
  });

  it.each([
    ['OTEL_TRACES_SAMPLER', 'sometimes'],
    ['OTEL_TRACES_EXPORTER', 'zipkin'],
    ['OTEL_SDK_DISABLED', 'maybe'],
    ['SIGHTLINE_LOG_PRETTY', 'yes'],
    ['SIGHTLINE_METRICS_MAX_SERIES', 'lots'],
    ['OTEL_RESOURCE_ATTRIBUTES', 'no-equals-sign'],
  ])('names %s when its value %s is not understood', (name, raw) => {
    const error = configError(() => resolveOptions({}, { [name]: raw }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(new RegExp(`^${name}: `));
    expect(error.message).toContain(raw);
  });

  it('reports every problem in one error', () => {
    const error = configError(() =>
      resolveOptions({ trace: { sampleRatio: 2 }, shutdownTimeoutMs: 0 }, { OTEL_BSP_SCHEDULE_DELAY: 'soon', SIGHTLINE_LOG_PRETTY: 'yes' }),
    );
    expect(error.issues).toHaveLength(4);
    expect(error.message).toContain('OTEL_BSP_SCHEDULE_DELAY');
    expect(error.message).toContain('SIGHTLINE_LOG_PRETTY');
    expect(error.message).toContain('trace.sampleRatio');
    expect(error.message).toContain('shutdownTimeoutMs');
  });

  it('rejects an unknown top-level option key', () => {
    const error = configError(() => resolveOptions({ servicename: 'typo' } as ObserverOptions, NO_ENV));
    expect(error.code).toBe('SL_CONFIG_INVALID');
    expect(error.message).toContain('servicename');
  });

  it('rejects an unknown key inside a section', () => {
    const error = configError(() => resolveOptions({ trace: { sampleRate: 0.5 } } as unknown as ObserverOptions, NO_ENV));
    expect(error.issues[0]).toMatch(/^trace: /);
    expect(error.message).toContain('sampleRate');
  });

  it('rejects options that are not a plain object', () => {
    expect(configError(() => resolveOptions([] as unknown as ObserverOptions, NO_ENV)).issues).toEqual(['options must be a plain object']);
  });

  it('rejects an unknown log level', () => {
    expect(configError(() => resolveOptions({ log: { level: 'verbose' as 'info' } }, NO_ENV)).message).toContain('log.level');
  });

  it('rejects an export batch larger than the queue', () => {
    const error = configError(() => resolveOptions({ trace: { maxQueueSize: 100, maxExportBatchSize: 200 } }, NO_ENV));
    expect(error.message).toContain('trace.maxExportBatchSize must not exceed trace.maxQueueSize');
  });

  it('rejects histogram buckets that are not strictly increasing', () => {
    const error = configError(() => resolveOptions({ metrics: { durationBuckets: [0.1, 0.1, 1] } }, NO_ENV));
    expect(error.message).toContain('metrics.durationBuckets');
  });

  it.each([0, 2.5, 5000])('rejects an event-loop sampling interval of %s ms, naming metrics.eventLoopSampleMs', (value) => {
    const error = configError(() => resolveOptions({ metrics: { eventLoopSampleMs: value } }, NO_ENV));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatch(/^metrics\.eventLoopSampleMs: /);
  });

  it('rejects a metric prefix that is not a valid metric name start', () => {
    expect(configError(() => resolveOptions({ metrics: { prefix: '1abc' } }, NO_ENV)).message).toContain('metrics.prefix');
  });

  it('rejects a trace endpoint that is not a URL', () => {
    expect(configError(() => resolveOptions({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' })).message).toContain('trace.endpoint');
  });

  it('rejects a stream destination without a write method', () => {
    const error = configError(() => resolveOptions({ log: { destinations: [{ stream: {} as never }] } }, NO_ENV));
    expect(error.message).toContain('log.destinations');
  });
});

describe('resolveOptions error attribution', () => {
  it('names the environment variable when a parsed env value fails validation', () => {
    expect(() => resolveOptions({}, { OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/trace\.sampleRatio: .*\(set by OTEL_TRACES_SAMPLER_ARG\)/);
  });

  it('names OTEL_EXPORTER_OTLP_ENDPOINT for an endpoint without a scheme, as a user types it', () => {
    const error = configError(() => resolveOptions({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }));
    expect(error.message).toContain(
      'trace.endpoint: expected an http:// or https:// URL, e.g. http://localhost:4318/v1/traces (set by OTEL_EXPORTER_OTLP_ENDPOINT)',
    );
    expect(error.message).toContain('log.otlp.endpoint: expected an http:// or https:// URL');
  });

  it('refuses an OTLP endpoint in code without its path, suggesting the signal path on its origin (no credentials)', () => {
    const error = configError(() =>
      resolveOptions(
        { trace: { endpoint: 'http://user:secret@127.0.0.1:14318' }, log: { otlp: { endpoint: 'http://127.0.0.1:14318/' } } },
        NO_ENV,
      ),
    );
    expect(error.message).toContain('trace.endpoint: expected the full OTLP URL, with its path: http://127.0.0.1:14318/v1/traces');
    expect(error.message).toContain('log.otlp.endpoint: expected the full OTLP URL, with its path: http://127.0.0.1:14318/v1/logs');
    expect(error.message).not.toContain('secret');
    // The base URL variable gets the path appended, as OpenTelemetry specifies: accepted.
    expect(resolveOptions({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:14318' }).trace.endpoint).toBe(
      'http://127.0.0.1:14318/v1/traces',
    );
  });

  it('does not blame the environment when the bad value came from code', () => {
    let message = '';
    try {
      resolveOptions({ trace: { sampleRatio: 2 } }, { OTEL_TRACES_SAMPLER_ARG: '0.5' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('trace.sampleRatio');
    expect(message).not.toContain('OTEL_TRACES_SAMPLER_ARG');
  });
});
