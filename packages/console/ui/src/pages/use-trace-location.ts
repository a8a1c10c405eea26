import { useCallback } from 'react';
import { type TraceHint, traceHintOf } from '../api/trace-hint.js';
import type { TraceModel } from '../components/trace-model.js';
import { hrefOf, navigate, useLocation } from '../router.js';

/** What a trace page's URL holds: the view, the selected span, and the start/end its link came with. */
export interface TraceLocation {
  /** The link's own start/end stay in the URL as they came (selecting a span keeps them). */
  readonly linkStart: string | undefined;
  readonly linkEnd: string | undefined;
  readonly hint: TraceHint;
  readonly selectedSpanId: string | undefined;
  /** The waterfall, or the spans per service and name (`view=stats`, a deep link like any other). */
  readonly showStats: boolean;
  readonly showView: (stats: boolean) => void;
}

export function useTraceLocation(traceId: string): TraceLocation {
  const location = useLocation();
  const linkStart = location.query.get('start') ?? undefined;
  const linkEnd = location.query.get('end') ?? undefined;
  const selectedSpanId = location.query.get('span') ?? undefined;
  const showView = (stats: boolean) =>
    navigate(hrefOf(`/traces/${traceId}`, { start: linkStart, end: linkEnd, span: selectedSpanId, view: stats ? 'stats' : undefined }));
  return {
    linkStart,
    linkEnd,
    hint: traceHintOf(location.query),
    selectedSpanId,
    showStats: location.query.get('view') === 'stats',
    showView,
  };
}

/** Selects a span (or none) in the URL, in place: the link's start and end stay. */
export function useSelectSpan(traceId: string, model: TraceModel | undefined, { linkStart, linkEnd }: TraceLocation) {
  return useCallback(
    (index: number | undefined) => {
      const spanId = index === undefined ? undefined : model?.nodes[index]?.span.spanId;
      navigate(hrefOf(`/traces/${traceId}`, { start: linkStart, end: linkEnd, span: spanId }), { replace: true });
    },
    [model, traceId, linkStart, linkEnd],
  );
}
