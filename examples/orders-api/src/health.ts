import { eventLoopDelayCheck, httpDependencyCheck, type Observer, postgresCheck } from '@sightline/sdk';
import type { Pool } from 'pg';

/**
 * What /readyz and /healthz check (the SDK serves them before the app's routes). The
 * database is critical: without it no request can be served, so the replica leaves the load
 * balancer. Payments is not: without it orders fail with 503 payment_unavailable but users
 * and products still serve, and taking every replica out would not bring payments back, so a
 * failing payments check only degrades readiness (200, `status: degraded`).
 */
export function registerHealthChecks(observer: Observer, pool: Pool, paymentsUrl: string): void {
  observer.health.register(postgresCheck(pool, { name: 'postgres' }));
  observer.health.register(httpDependencyCheck(`${paymentsUrl}/readyz`, { name: 'payments', critical: false }));
  observer.health.register(eventLoopDelayCheck({ critical: false }));
}
