import type { SpanDetail, SpanOutline } from '../api/types.js';
import { formatDuration, nanosToMs, valueText } from '../format.js';
import { Link } from '../router.js';
import { AttributeTable } from './attribute-table.js';
import { ServiceName, StatusBadge } from './badges.js';
import { ErrorNotice, Loading } from './notice.js';
import { fingerprintsOf } from './trace-model.js';

interface SpanDetailsProps {
  /** What the waterfall has of the span: shown at once. */
  readonly span: SpanOutline;
  /** The rest (attributes, events, links, resource), once the trace's details have arrived. */
  readonly detail: SpanDetail | undefined;
  /** Why the details could not be read. */
  readonly detailError?: Error | undefined;
  /** Time not spent in child spans. */
  readonly selfMs: number;
  readonly traceDurationMs: number;
  readonly traceStartMs: number;
  readonly onClose: () => void;
}

/**
 * One span: identity and timing from the outline at once; attributes, events (exception stacks),
 * links, error groups and resource from its detail when it has arrived.
 */
export function SpanDetails({ span, detail, detailError, selfMs, traceDurationMs, traceStartMs, onClose }: SpanDetailsProps) {
  const offset = nanosToMs(span.startTimeUnixNano) - traceStartMs;
  return (
    <aside className="span-details" aria-label="span details">
      <header>
        <h3 title={span.name}>{span.name}</h3>
        <button type="button" className="close" onClick={onClose} aria-label="close span details" title="close (Escape)">
          ×
        </button>
      </header>
      <dl className="facts">
        <dt>Service</dt>
        <dd>
          <ServiceName name={span.service} />
        </dd>
        <dt>Duration</dt>
        <dd>
          {formatDuration(span.durationMs)}
          {traceDurationMs > 0 ? (
            <span className="muted"> · {((span.durationMs / traceDurationMs) * 100).toFixed(1)}% of the trace</span>
          ) : null}
        </dd>
        <dt>Self time</dt>
        <dd>{formatDuration(selfMs)}</dd>
        <dt>Start</dt>
        <dd>+{formatDuration(offset)}</dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={span.status} /> {detail?.statusMessage ?? ''}
        </dd>
        <dt>Span id</dt>
        <dd className="mono">{span.spanId}</dd>
        <dt>Scope</dt>
        <dd>{detail === undefined ? '…' : scopeText(detail)}</dd>
        {detail?.traceState ? (
          <>
            <dt>Trace state</dt>
            <dd className="mono">{detail.traceState}</dd>
          </>
        ) : null}
      </dl>
      {detail !== undefined ? (
        <SpanDetailSections span={detail} traceStartMs={traceStartMs} />
      ) : detailError !== undefined ? (
        <ErrorNotice error={detailError} />
      ) : (
        <Loading />
      )}
    </aside>
  );
}

/** The instrumentation scope that made the span, with its version when it gave one. */
function scopeText(span: SpanDetail): string {
  if (span.scopeName === '') return '–';
  return span.scopeVersion ? `${span.scopeName} ${span.scopeVersion}` : span.scopeName;
}

/** The parts of a span only its detail holds. */
function SpanDetailSections({ span, traceStartMs }: { span: SpanDetail; traceStartMs: number }) {
  const fingerprints = fingerprintsOf(span);
  return (
    <>
      {fingerprints.length > 0 ? (
        <section>
          <h4>Error group</h4>
          {fingerprints.map((fingerprint) => (
            <Link key={fingerprint} className="error-group-link" href={`/errors/${encodeURIComponent(fingerprint)}`}>
              {fingerprint}
            </Link>
          ))}
        </section>
      ) : null}
      <section>
        <h4>Attributes</h4>
        <AttributeTable attributes={span.attributes} />
      </section>
      {span.events.length > 0 ? (
        <section>
          <h4>Events ({span.events.length})</h4>
          {span.events.map((event, position) => {
            const stack = event.attributes['exception.stacktrace'];
            const rest = Object.fromEntries(Object.entries(event.attributes).filter(([key]) => key !== 'exception.stacktrace'));
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: events have no id; two may share a time and name, and the list never reorders.
              <div className="span-event" key={`${event.timeUnixNano}:${position}`}>
                <div className="span-event-title">
                  <strong className={event.name === 'exception' ? 'text-error' : undefined}>{event.name}</strong>
                  <span className="muted">+{formatDuration(nanosToMs(event.timeUnixNano) - traceStartMs)}</span>
                </div>
                <AttributeTable attributes={rest} empty="no attributes" />
                {stack !== undefined ? <pre className="stack">{valueText(stack)}</pre> : null}
              </div>
            );
          })}
        </section>
      ) : null}
      {span.links.length > 0 ? (
        <section>
          <h4>Links ({span.links.length})</h4>
          <ul className="links">
            {span.links.map((link) => (
              <li key={`${link.traceId}:${link.spanId}`}>
                <Link href={`/traces/${link.traceId}?span=${link.spanId}`} className="mono">
                  {link.traceId.slice(0, 16)}… / {link.spanId}
                </Link>
                <AttributeTable attributes={link.attributes} empty="" />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section>
        <h4>Resource</h4>
        <AttributeTable attributes={span.resource} />
      </section>
    </>
  );
}
