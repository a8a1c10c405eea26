import { alertWindows, type Slo, type SloSpec } from '@sightline/slo';
import { apiUrl, type ConsoleTarget, getJson } from '../../console-api/index.js';
import { type SloStatus, sloStatus } from './slo-status.js';

/** The part of `GET /api/services` this reads: server spans per service and route over a window. */
interface ServicesAnswer {
  services: { name: string; red: RouteRed; routes: (RouteRed & { route: string })[] }[];
}
interface RouteRed {
  requests: number;
  errorRatio: number;
}

/**
 * Why the console cannot compute an SLI, or undefined when it can. The console counts requests
 * and failed (status error: 5xx) requests per service and route from server spans, which is an
 * availability SLI without a method filter; latency thresholds and PromQL SLIs need Prometheus.
 */
function unsupported(slo: Slo): string | undefined {
  if (slo.sli.kind !== 'availability')
    return `a ${slo.sli.kind} SLI needs --prometheus: the console has span counts, not histogram buckets or PromQL`;
  if (slo.sli.methods.length > 0) return 'a methods filter needs --prometheus: the console counts requests per route, not per method';
  return undefined;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A Prometheus duration of alertWindows() (`5m`, `4m40s`, `30d`) in ms. */
function durationMs(text: string): number {
  let ms = 0;
  for (const [, count, unit] of text.matchAll(/(\d+)([smhdw])/g)) ms += Number(count) * (UNIT_MS[unit ?? ''] ?? 0);
  return ms;
}

function errorRatio(answer: ServicesAnswer, spec: SloSpec, slo: Slo): number | undefined {
  const service = answer.services.find((one) => one.name === spec.service);
  if (service === undefined || slo.sli.kind !== 'availability') return undefined;
  const { routes } = slo.sli;
  const scope = routes.length === 0 ? [service.red] : service.routes.filter((route) => routes.includes(route.route));
  const requests = scope.reduce((sum, route) => sum + route.requests, 0);
  const errors = scope.reduce((sum, route) => sum + Math.round(route.requests * route.errorRatio), 0);
  return requests === 0 ? undefined : errors / requests;
}

/**
 * SLO statuses from a Sightline console: per alert window and the SLO window, one
 * `GET /api/services` over that window (the console's stored server spans, within its retention).
 */
export async function consoleStatuses(
  target: ConsoleTarget,
  specs: readonly SloSpec[],
  nowMs: number,
  signal?: AbortSignal,
): Promise<SloStatus[]> {
  const needed = specs.flatMap((spec) =>
    spec.slos.filter((slo) => unsupported(slo) === undefined).flatMap((slo) => alertWindows(slo.window.seconds).recorded),
  );
  const answers = new Map<string, ServicesAnswer>();
  for (const window of new Set(needed)) {
    const url = apiUrl(target, '/api/services', { since: nowMs - durationMs(window), until: nowMs });
    answers.set(window, await getJson<ServicesAnswer>(target, url, signal));
  }
  return specs.flatMap((spec) =>
    spec.slos.map((slo) => {
      const reason = unsupported(slo);
      if (reason !== undefined) return sloStatus(spec, slo, { missing: 'unsupported', reason });
      const windows = alertWindows(slo.window.seconds).recorded;
      return sloStatus(spec, slo, {
        ratios: new Map(windows.map((window) => [window, errorRatio(answers.get(window) ?? { services: [] }, spec, slo)])),
      });
    }),
  );
}
