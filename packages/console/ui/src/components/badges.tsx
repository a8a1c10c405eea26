import { serviceColor } from '../format.js';

export function ServiceName({ name }: { name: string }) {
  return (
    <span className="service">
      <span className="swatch" style={{ background: serviceColor(name) }} />
      {name}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{status}</span>;
}

/** An HTTP response status, coloured by class: 5xx as an error, 4xx as a warning, the rest as ok. */
export function HttpStatusBadge({ code }: { code: number }) {
  const kind = code >= 500 ? 'http-5xx' : code >= 400 ? 'http-4xx' : 'http-ok';
  return (
    <span className={`badge http-status ${kind}`} title={`HTTP ${code}`}>
      {code}
    </span>
  );
}

const SEVERITIES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

export function severityName(severityNumber: number): (typeof SEVERITIES)[number] {
  return SEVERITIES[Math.min(5, Math.max(0, Math.floor((severityNumber - 1) / 4)))]!;
}

export function SeverityBadge({ severityNumber, text }: { severityNumber: number; text: string | null }) {
  const name = severityName(severityNumber);
  return <span className={`badge severity-${name}`}>{text ?? name.toUpperCase()}</span>;
}

export function DurationBar({ durationMs, maxMs, error }: { durationMs: number; maxMs: number; error?: boolean }) {
  const width = maxMs > 0 ? Math.max(1, (durationMs / maxMs) * 100) : 0;
  return (
    <div className="duration-bar">
      <div className={error ? 'fill error' : 'fill'} style={{ width: `${width}%` }} />
    </div>
  );
}
