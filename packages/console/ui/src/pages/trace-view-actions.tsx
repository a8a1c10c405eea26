import type { SpanTree } from './use-span-tree.js';

/** The waterfall, or the spans per service and name (`view=stats`). */
export function TraceViewSwitch({ showStats, onShow }: { showStats: boolean; onShow: (stats: boolean) => void }) {
  return (
    <fieldset className="segmented" aria-label="view">
      <button type="button" className={showStats ? 'button' : 'button active'} aria-pressed={!showStats} onClick={() => onShow(false)}>
        Waterfall
      </button>
      <button type="button" className={showStats ? 'button active' : 'button'} aria-pressed={showStats} onClick={() => onShow(true)}>
        Statistics
      </button>
    </fieldset>
  );
}

interface WaterfallToolsProps {
  readonly showCritical: boolean;
  readonly onShowCritical: (show: boolean) => void;
  readonly tree: SpanTree;
}

/** The waterfall's own actions: mark the critical path, expand or collapse every subtree. */
export function WaterfallTools({ showCritical, onShowCritical, tree }: WaterfallToolsProps) {
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={showCritical} onChange={(event) => onShowCritical(event.target.checked)} /> critical path
      </label>
      <button type="button" onClick={tree.expandAll}>
        Expand all
      </button>
      <button type="button" onClick={tree.collapseAll}>
        Collapse all
      </button>
    </>
  );
}
