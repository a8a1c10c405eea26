/**
 * A service's health as the console API reports it (`healthStatus` in api/schemas.ts, kept
 * structurally equal here so this folder does not import the API's).
 */
export interface HealthStatus {
  status: 'pass' | 'warn' | 'fail' | 'unknown';
  /** ISO 8601 time of the poll. */
  checkedAt: string | null;
  url: string | null;
  checks: { name: string; status: string; message: string | null }[];
}

type Status = HealthStatus['status'];

/** The Sightline SDK's words (healthy/degraded/unhealthy) and the IETF health-check draft's (pass/warn/fail). */
function statusOf(word: unknown): Status | undefined {
  switch (typeof word === 'string' ? word.toLowerCase() : undefined) {
    case 'healthy':
    case 'pass':
    case 'ok':
    case 'up':
      return 'pass';
    case 'degraded':
    case 'warn':
      return 'warn';
    case 'unhealthy':
    case 'fail':
    case 'down':
      return 'fail';
    default:
      return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const textOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Without a readable body the HTTP status decides: 2xx pass, 5xx fail, anything else unknown (no /healthz there). */
function statusOfHttp(code: number): Status {
  if (code >= 200 && code <= 299) return 'pass';
  if (code >= 500) return 'fail';
  return 'unknown';
}

function checksOf(checks: unknown): HealthStatus['checks'] {
  if (!isObject(checks)) return [];
  const out: HealthStatus['checks'] = [];
  for (const [name, entry] of Object.entries(checks)) {
    // SDK: { name: { status, message? } }; IETF draft: { "name:measure": [{ status, output? }] }.
    for (const result of Array.isArray(entry) ? entry : [entry]) {
      if (!isObject(result)) continue;
      out.push({
        name,
        status: statusOf(result.status) ?? 'unknown',
        message: textOf(result.message) ?? textOf(result.output),
      });
    }
  }
  return out;
}

export interface ReadReport {
  readonly health: HealthStatus;
  /** `service.name` (SDK) or `service`/`serviceId` (other shapes) when the body names it. */
  readonly serviceName: string | undefined;
}

function serviceNameOf(body: Record<string, unknown>): string | undefined {
  const service = body.service;
  if (isObject(service) && typeof service.name === 'string' && service.name !== '') return service.name;
  if (typeof service === 'string' && service !== '') return service;
  return typeof body.serviceId === 'string' && body.serviceId !== '' ? body.serviceId : undefined;
}

/** Reads a /healthz answer; a body that is not the JSON of a report falls back to the HTTP status. */
export function readHealthReport(code: number, body: string, url: string, checkedAt: string): ReadReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const fromHttp = statusOfHttp(code);
  if (!isObject(parsed)) {
    const message = `HTTP ${code}${fromHttp === 'unknown' ? ' (no health report here)' : ''}`;
    return {
      health: { status: fromHttp, checkedAt, url, checks: [{ name: 'healthz', status: fromHttp, message }] },
      serviceName: undefined,
    };
  }
  const checks = checksOf(parsed.checks);
  const status = statusOf(parsed.status) ?? fromHttp;
  // A gate (starting, shutting down) decides the status without any check failing: say which.
  const reason = textOf(parsed.reason);
  if (reason !== null) checks.unshift({ name: 'healthz', status, message: reason });
  return { health: { status, checkedAt, url, checks }, serviceName: serviceNameOf(parsed) };
}

/** The poll itself failed: nothing answered in time, so the service counts as failing. */
export function unreachable(url: string, checkedAt: string, message: string): HealthStatus {
  return { status: 'fail', checkedAt, url, checks: [{ name: 'healthz', status: 'fail', message }] };
}

const RANK: Readonly<Record<Status, number>> = { pass: 0, unknown: 1, warn: 2, fail: 3 };

/** Replicas of one service: the worst answer speaks for it. */
export function worst(healths: readonly HealthStatus[]): HealthStatus | undefined {
  let result: HealthStatus | undefined;
  for (const health of healths) if (result === undefined || RANK[health.status] > RANK[result.status]) result = health;
  return result;
}
