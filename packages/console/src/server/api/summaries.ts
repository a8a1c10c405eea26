import type { RedRow, RedSeriesPoint, StoredErrorGroup } from '../store/index.js';
import type { ErrorGroupAnswer, HealthStatus, ServiceSummary } from './schemas.js';
import { redStatsOf } from './to-api.js';

interface Window {
  sinceMs: number;
  untilMs: number;
  bucketMs: number;
}

/** Services with their RED, their routes' RED, per-bucket sparklines (empty buckets as 0) and health. */
export function servicesOf(
  services: Omit<RedRow, 'route'>[],
  routes: RedRow[],
  series: RedSeriesPoint[],
  window: Window,
  health: { healthOf(service: string): HealthStatus | undefined } | undefined,
): ServiceSummary[] {
  const first = Math.floor(window.sinceMs / window.bucketMs) * window.bucketMs;
  const times: number[] = [];
  for (let t = first; t < window.untilMs; t += window.bucketMs) times.push(t);
  return services.map((service) => {
    const index = new Map<number, RedSeriesPoint>();
    for (const point of series) if (point.serviceName === service.serviceName) index.set(point.bucketMs, point);
    const status = health?.healthOf(service.serviceName);
    return {
      name: service.serviceName,
      red: redStatsOf(service),
      routes: routes
        .filter((route) => route.serviceName === service.serviceName)
        .map((route) => ({ route: route.route, ...redStatsOf(route) })),
      series: {
        timesMs: times,
        requests: times.map((t) => index.get(t)?.requests ?? 0),
        errors: times.map((t) => index.get(t)?.errors ?? 0),
        p95Ms: times.map((t) => index.get(t)?.p95Ms ?? null),
        bucketMs: window.bucketMs,
        sinceMs: window.sinceMs,
        untilMs: window.untilMs,
      },
      ...(status === undefined ? {} : { health: status }),
    };
  });
}

export function errorGroupOf(group: StoredErrorGroup, bucketMs: number): ErrorGroupAnswer {
  return {
    fingerprint: group.fingerprint,
    type: group.type,
    message: group.message,
    count: group.count,
    firstSeenMs: group.firstSeenMs,
    lastSeenMs: group.lastSeenMs,
    services: group.services,
    routes: group.routes,
    sampleStack: group.sampleStack,
    firstVersion: group.firstVersion,
    lastVersion: group.lastVersion,
    versions: group.versions,
    status: group.status,
    statusChangedMs: group.statusChangedMs,
    series: { timesMs: group.buckets.map((bucket) => bucket.bucketMs), counts: group.buckets.map((bucket) => bucket.count), bucketMs },
  };
}
