import type { ReactNode } from 'react';
import type { TraceHint } from '../api/trace-hint.js';
import { AddToIncident } from '../components/add-to-incident.js';
import { NoRoot } from '../components/no-root.js';
import type { SpanNode, TraceModel } from '../components/trace-model.js';
import { hrefOf, Link } from '../router.js';

interface TraceTitleProps {
  readonly traceId: string;
  readonly model: TraceModel;
  readonly spanCount: number;
  /** The start/end the trace's link came with. */
  readonly linkStart: string | undefined;
  readonly linkEnd: string | undefined;
  readonly detailHint: TraceHint;
  /** The view's own actions, before the links out of the trace. */
  readonly children: ReactNode;
}

/** The trace's root service and name, the view's actions, and the ways out: compare, JSON, add to an incident. */
export function TraceTitle({ traceId, model, spanCount, linkStart, linkEnd, detailHint, children }: TraceTitleProps) {
  const root = rootOf(model);
  return (
    <div className="page-title">
      <h2>
        {root === undefined ? (
          <NoRoot endMs={model.startMs + model.durationMs} spanCount={spanCount} />
        ) : (
          <>
            {root.span.service} <span className="muted">·</span> {root.span.name}
          </>
        )}
      </h2>
      <div className="title-actions">
        {children}
        <Link
          className="button"
          href={hrefOf('/compare', {
            a: traceId,
            service: root?.span.service,
            // The root's name is the operation (for an HTTP server span, method and route): the
            // candidates are traces of it, not every trace through the route.
            route: root?.span.name,
          })}
        >
          Compare…
        </Link>
        {/* The API's answer as a file (Jaeger's "Download JSON"): every span with its attributes, events and links. */}
        <a
          className="button download-json"
          href={hrefOf(`/api/traces/${traceId}`, { ...detailHint })}
          download={`trace-${traceId}.json`}
          title="every span of this trace with its attributes, events and links, as GET /api/traces/{traceId} answers"
        >
          JSON
        </a>
        <AddToIncident
          path={hrefOf(`/traces/${traceId}`, { start: linkStart, end: linkEnd })}
          text={root === undefined ? `trace ${traceId.slice(0, 8)}` : `trace ${root.span.service} · ${root.span.name}`}
        />
      </div>
    </div>
  );
}

/**
 * The trace's root: a span without a parent. Until it arrives the tree's top rows are spans whose
 * parent is missing, and the title says so (the page follows live updates meanwhile).
 */
function rootOf(model: TraceModel): SpanNode | undefined {
  return model.roots.map((index) => model.nodes[index]!).find((node) => node.span.parentSpanId === null);
}
