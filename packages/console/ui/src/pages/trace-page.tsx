import { useState } from 'react';
import { ErrorNotice, Loading } from '../components/notice.js';
import { TraceStatsTable } from '../components/trace-stats-table.js';
import { TraceFacts } from './trace-facts.js';
import { TraceFindBar } from './trace-find-bar.js';
import { TraceLogs } from './trace-logs.js';
import { TraceSpanView } from './trace-span-view.js';
import { TraceTitle } from './trace-title.js';
import { TraceViewSwitch, WaterfallTools } from './trace-view-actions.js';
import { useEscapeClosesSpan } from './use-escape-closes-span.js';
import { useSpanFind } from './use-span-find.js';
import { useSpanTree } from './use-span-tree.js';
import { useTraceData } from './use-trace-data.js';
import { useSelectSpan, useTraceLocation } from './use-trace-location.js';

/**
 * One trace: the waterfall, the selected span's details, and the trace's logs in time order. The
 * waterfall draws from the trace's outline (a fraction of the bytes: a 10,000-span trace opens
 * fast); the details (attributes, events, links, resources) and the logs follow it.
 */
export function TracePage({ traceId }: { traceId: string }) {
  const here = useTraceLocation(traceId);
  const { linkStart, linkEnd, showStats } = here;
  const data = useTraceData(traceId, here.hint);
  const { trace, model } = data;
  const [showCritical, setShowCritical] = useState(true);
  const selected = model === undefined || here.selectedSpanId === undefined ? undefined : model.bySpanId.get(here.selectedSpanId);
  const select = useSelectSpan(traceId, model, here);
  const tree = useSpanTree(traceId, model, selected);
  useEscapeClosesSpan(selected, showStats, select);
  const find = useSpanFind(model, data.detailBySpanId, selected, select);

  if (trace.error !== undefined) return <ErrorNotice error={trace.error} />;
  if (model === undefined || trace.data === undefined) return <Loading />;
  return (
    <div className="page trace-page">
      <TraceTitle
        traceId={traceId}
        model={model}
        spanCount={trace.data.spans.length}
        linkStart={linkStart}
        linkEnd={linkEnd}
        detailHint={data.detailHint}
      >
        <TraceViewSwitch showStats={showStats} onShow={here.showView} />
        {showStats ? null : <WaterfallTools showCritical={showCritical} onShowCritical={setShowCritical} tree={tree} />}
      </TraceTitle>
      <TraceFacts traceId={traceId} model={model} spans={trace.data.spans} />
      {showStats ? (
        <TraceStatsTable model={model} onPick={find.pick} />
      ) : (
        <>
          <TraceFindBar
            find={find}
            selected={selected}
            detailsArrived={data.details.data !== undefined}
            detailsError={data.details.error}
          />
          <TraceSpanView
            model={model}
            data={data}
            tree={tree}
            matches={find.matchSet}
            selected={selected}
            showCritical={showCritical}
            select={select}
          />
        </>
      )}
      <TraceLogs logs={data.logs} model={model} onSpan={(spanId) => select(model.bySpanId.get(spanId))} />
    </div>
  );
}
