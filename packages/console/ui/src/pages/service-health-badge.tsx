import type { ServiceSummary } from '../api/types.js';
import { healthReason } from '../components/health-reason.js';

/** The health badge, and under a service that does not pass, why (its failing checks) in words. */
export function HealthBadge({ health }: { health: ServiceSummary['health'] }) {
  if (health === undefined) return <span className="muted small">not scraped</span>;
  const reason = healthReason(health);
  return (
    <>
      <span className={`badge health-${health.status}`} title={reason?.full ?? health.url ?? undefined}>
        {health.status}
      </span>
      {reason !== undefined ? (
        <div className="health-reason muted small" title={reason.full}>
          {reason.text}
        </div>
      ) : null}
    </>
  );
}
