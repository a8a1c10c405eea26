import { jsonNumber, jsonString, RepeatedJsonStrings } from '../log/index.js';
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

/** Methods and route templates as JSON: the same few strings on every request. */
const REPEATED = new RepeatedJsonStrings();

/**
 * requestLogLine()'s fields as JSON members (`,"key":value`), in the same order and with the
 * same absent fields left out, for a line written without a merge object (DirectLineWriter).
 */
export function requestLogMembers(state: RequestState, route: string, status: number): string {
  const fields = state.request.logFields;
  // The ids are quoted as they are: nothing in them needs escaping (see RequestLogFields).
  let members = `,"request_id":"${fields.request_id}"`;
  if (fields.trace_id !== undefined) members += `,"trace_id":"${fields.trace_id}"`;
  if (fields.span_id !== undefined) members += `,"span_id":"${fields.span_id}"`;
  if (fields.user_id !== undefined) members += `,"user_id":${jsonString(fields.user_id)}`;
  const method = state.req.method;
  if (method !== undefined) members += `,"method":${REPEATED.of(method)}`;
  return `${members},"route":${REPEATED.of(route)},"path":${jsonString(state.path)},"status":${jsonNumber(status)}`;
}
