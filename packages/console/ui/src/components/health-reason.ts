import type { ServiceSummary } from '../api/types.js';

type Health = NonNullable<ServiceSummary['health']>;

/** Past this many characters the line is cut (the badge's title keeps all of it). */
const MAX_LENGTH = 90;

/**
 * Why a service is not healthy, in a line short enough to sit under it: each check that did not
 * pass as "name: message" (the poll's own `healthz` check, a gate's reason or a refused
 * connection, by its message alone). Undefined for a passing service.
 */
export function healthReason(health: Health | undefined): { text: string; full: string } | undefined {
  if (health === undefined || health.status === 'pass') return undefined;
  const reasons = health.checks
    .filter((check) => check.status !== 'pass')
    .map((check) => {
      const message = check.message ?? check.status;
      return check.name === 'healthz' ? message : `${check.name}: ${message}`;
    });
  if (reasons.length === 0) return undefined;
  const full = reasons.join(' · ');
  return { text: full.length > MAX_LENGTH ? `${full.slice(0, MAX_LENGTH - 1).trimEnd()}…` : full, full };
}
