import type { CheckResult, HealthReport } from './types.js';

/** Who answered: the same on every probe, computed once. */
export interface ServiceInfo {
  readonly name: string;
  readonly version: string | undefined;
  readonly environment: string;
  /** The host name: in Kubernetes the pod, so a probe through a Service shows which replica answered. */
  readonly instance: string;
}

export interface BodyOptions {
  /** False leaves check messages and details out of the body (statuses stay). */
  readonly showDetails: boolean;
}

function checkBody(result: CheckResult, showDetails: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    status: result.status,
    critical: result.critical,
    duration_ms: Math.round(result.durationMs * 1000) / 1000,
    checked_at: new Date(result.checkedAt).toISOString(),
    last_success_at: result.lastSuccessAt === undefined ? null : new Date(result.lastSuccessAt).toISOString(),
  };
  if (showDetails) {
    if (result.message !== undefined) body.message = result.message;
    if (result.details !== undefined) body.details = result.details;
  }
  return body;
}

/**
 * The JSON a probe answers with, snake_case like the log lines:
 * `{ status, probe, reason?, version, uptime_seconds, service, started, shutting_down, checks }`.
 */
export function reportBody(report: HealthReport, service: ServiceInfo, options: BodyOptions): string {
  const checks: Record<string, unknown> = {};
  for (const [name, result] of report.checks) checks[name] = checkBody(result, options.showDetails);
  return JSON.stringify({
    status: report.status,
    probe: report.probe,
    ...(report.reason === undefined ? {} : { reason: report.reason }),
    version: service.version ?? null,
    uptime_seconds: Math.round(process.uptime() * 1000) / 1000,
    service: { name: service.name, version: service.version ?? null, environment: service.environment, instance: service.instance },
    started: report.started,
    shutting_down: report.shuttingDown,
    checks,
  });
}
