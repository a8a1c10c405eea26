import { stillReceiving } from '../api/trace-hint.js';
import { counted } from '../format.js';

/**
 * A trace whose root span is not stored: the services export their spans in batches, so the
 * root (it ends last) often arrives seconds after its children; an older one has lost its root
 * (sampled out, or its service never exported it). `endMs`: when the trace's last stored span ended.
 */
export function NoRoot({ endMs, spanCount }: { endMs: number; spanCount: number }) {
  const waiting = stillReceiving(endMs);
  const title = waiting
    ? `Only ${counted(spanCount, 'span')} of this trace ${spanCount === 1 ? 'has' : 'have'} arrived so far; the root span usually follows within seconds (exporters send in batches).`
    : `The root span of this trace was never received (sampled out, or not exported): ${counted(spanCount, 'span')} without it.`;
  return (
    <span className="muted no-root" title={title}>
      {waiting ? 'root span not received yet' : 'no root span received'}
    </span>
  );
}
