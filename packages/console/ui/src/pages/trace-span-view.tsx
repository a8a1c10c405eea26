import { SpanDetails } from '../components/span-details.js';
import { selfTimeMs, type TraceModel } from '../components/trace-model.js';
import { Waterfall } from '../components/waterfall.js';
import type { SpanTree } from './use-span-tree.js';
import type { TraceData } from './use-trace-data.js';

interface TraceSpanViewProps {
  readonly model: TraceModel;
  readonly data: TraceData;
  readonly tree: SpanTree;
  readonly matches: ReadonlySet<number>;
  readonly selected: number | undefined;
  readonly showCritical: boolean;
  readonly select: (index: number | undefined) => void;
}

/** The waterfall, and beside it the selected span's details. */
export function TraceSpanView({ model, data, tree, matches, selected, showCritical, select }: TraceSpanViewProps) {
  return (
    <div className={selected === undefined ? 'trace-layout' : 'trace-layout with-details'}>
      <Waterfall
        model={model}
        rows={tree.rows}
        matches={matches}
        collapsed={tree.collapsed}
        selected={selected}
        showCritical={showCritical}
        onSelect={select}
        onToggle={tree.toggle}
      />
      {selected !== undefined ? (
        <SpanDetails
          span={model.nodes[selected]!.span}
          detail={data.detailBySpanId.get(model.nodes[selected]!.span.spanId)}
          detailError={data.details.error}
          selfMs={selfTimeMs(model, selected)}
          traceDurationMs={model.durationMs}
          traceStartMs={model.startMs}
          onClose={() => select(undefined)}
        />
      ) : null}
    </div>
  );
}
