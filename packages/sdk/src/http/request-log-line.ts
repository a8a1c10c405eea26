import type { RequestState } from './request-pass.js';

/** The keys requestLogLine() writes, all scalars: callers declaring their line's keys (kLineKeys) start from these. */
export const REQUEST_LINE_KEYS: readonly string[] = Object.freeze([
  'request_id',
  'trace_id',
  'span_id',
  'user_id',
  'method',
  'route',
  'path',
  'status',
]);

/**
 * The start of a line about a finished request, written after its context is gone (the access
 * line, a debug toggle's request dump): its ids, method, route template, path and status.
 * Callers add their own fields after these, so every such line names its request the same way.
 */
export function requestLogLine(state: RequestState, route: string, status: number): Record<string | symbol, unknown> {
  const fields = state.request.logFields;
  return {
    request_id: fields.request_id,
    trace_id: fields.trace_id,
    span_id: fields.span_id,
    user_id: fields.user_id,
    method: state.req.method,
    route,
    path: state.path,
    status,
  };
}
