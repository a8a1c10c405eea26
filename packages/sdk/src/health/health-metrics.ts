import { Gauge, type Registry } from 'prom-client';
import type { HealthRegistry } from './health-registry.js';
import { HEALTH_STATUSES, type HealthStatus, PROBES } from './types.js';

type StatusGauge<L extends string> = Gauge<L | 'status'>;

/** A state set (OpenMetrics StateSet, kube-state-metrics style): 1 for the current status, 0 for the others. */
function setStates<L extends string>(gauge: StatusGauge<L>, labels: Record<L, string>, current: HealthStatus): void {
  for (const status of HEALTH_STATUSES) gauge.set({ ...labels, status } as Record<L | 'status', string>, status === current ? 1 : 0);
}

/**
 * Health as metrics, read when Prometheus scrapes (no timer): the scrape runs the due checks
 * (cached for intervalMs, shared with concurrent probes), then reports
 *
 * - `sightline_health_check_status{check, status}`: 1 on the check's current status, 0 on the others;
 * - `sightline_health_check_duration_seconds{check}`: how long its last run took;
 * - `sightline_health_status{probe, status}`: the same state set for live, ready and startup.
 *
 * Alert on `sightline_health_check_status{status="unhealthy"} == 1`.
 */
export function registerHealthMetrics(registry: Registry, prefix: string, health: HealthRegistry): void {
  new Gauge<'check' | 'status'>({
    name: `${prefix}sightline_health_check_status`,
    help: 'Latest result of each health check as a state set: 1 for its current status (healthy, degraded, unhealthy), 0 for the others.',
    labelNames: ['check', 'status'],
    registers: [registry],
    async collect() {
      await health.refresh();
      this.reset();
      for (const [check, result] of health.results()) setStates(this, { check }, result.status);
    },
  });
  new Gauge<'check'>({
    name: `${prefix}sightline_health_check_duration_seconds`,
    help: 'Duration of the latest run of each health check.',
    labelNames: ['check'],
    registers: [registry],
    async collect() {
      await health.refresh();
      this.reset();
      for (const [check, result] of health.results()) this.set({ check }, result.durationMs / 1000);
    },
  });
  new Gauge<'probe' | 'status'>({
    name: `${prefix}sightline_health_status`,
    help: 'Status of each probe (live, ready, startup) as a state set: 1 for its current status, 0 for the others.',
    labelNames: ['probe', 'status'],
    registers: [registry],
    async collect() {
      await health.refresh();
      for (const probe of PROBES) setStates(this, { probe }, health.snapshot(probe).status);
    },
  });
}
