import { SightlineConfigError } from '../sightline-error/index.js';
import { type EnvSource, optionsFromEnv } from './env.js';
import { type ObserverOptions, observerOptionsSchema, type ResolvedOptions } from './schema.js';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

function getPath(target: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  let node: unknown = target;
  for (const key of path) {
    if (!isPlainObject(node)) return undefined;
    node = node[key as string];
  }
  return node;
}

/** OpenTelemetry's name for a service that did not give one (the resource spec's default). */
export const DEFAULT_SERVICE_NAME = 'unknown_service:node';
/** Options in code win over the environment; plain objects merge, everything else replaces. */
function merge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
  }
  return result;
}

/**
 * Validates options once, at setup. Every problem is reported in one error, each line
 * naming the option (or env var) and what to change.
 */
export function resolveOptions(options: ObserverOptions = {}, env: EnvSource = process.env): ResolvedOptions {
  if (!isPlainObject(options)) throw new SightlineConfigError(['options must be a plain object']);
  const problems: string[] = [];
  const sources = new Map<string, string>();
  const fromEnv = optionsFromEnv(env, problems, sources);
  const parsed = observerOptionsSchema.safeParse(merge(fromEnv, options as Record<string, unknown>));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.length > 0 ? issue.path.join('.') : '(options)';
      // Name the env var when the bad value came from the environment, not from code.
      const variable = sources.get(path);
      const fromCode = getPath(options as Record<string, unknown>, issue.path) !== undefined;
      problems.push(`${path}: ${issue.message}${variable !== undefined && !fromCode ? ` (set by ${variable})` : ''}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new SightlineConfigError(problems);

  const value = parsed.data;
  const attributes = value.resourceAttributes;
  const environment = value.environment ?? attributes['deployment.environment.name'];
  // Log export falls back to the trace export's headers only when they were given in code:
  // OTEL_EXPORTER_OTLP_HEADERS already reached log.otlp.headers through the env table, and
  // OTEL_EXPORTER_OTLP_TRACES_HEADERS is for spans alone.
  const traceHeadersInCode = getPath(options as Record<string, unknown>, ['trace', 'headers']) !== undefined;
  const log = {
    ...value.log,
    otlp: {
      ...value.log.otlp,
      headers: value.log.otlp.headers ?? (traceHeadersInCode ? value.trace.headers : {}),
      exportTimeoutMs: value.log.otlp.exportTimeoutMs ?? value.trace.exportTimeoutMs,
    },
  };
  return {
    ...value,
    log,
    serviceName: value.serviceName ?? attributes['service.name'] ?? DEFAULT_SERVICE_NAME,
    serviceVersion: value.serviceVersion ?? attributes['service.version'],
    environment: environment ?? 'development',
    // Only an explicit 'development' turns the debug server on: a production box that merely
    // forgot NODE_ENV must not open a debug port.
    debug: { ...value.debug, enabled: value.debug.enabled ?? environment === 'development' },
  };
}
