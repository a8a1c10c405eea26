import { api } from '../api/client.js';
import type { TraceSummary } from '../api/types.js';
import { type ApiState, useApi } from '../api/use-api.js';
import { useLocation } from '../router.js';

export const TRACE_SEARCH_FIELDS = ['service', 'route', 'kind', 'status', 'minDurationMs', 'since', 'attrs'] as const;
export type TraceSearchField = (typeof TRACE_SEARCH_FIELDS)[number];
export type TraceSearchValues = Record<TraceSearchField, string>;

export interface TraceSearch {
  /** The form's fields as the URL holds them ('' when absent). */
  readonly values: TraceSearchValues;
  /** The URL's query: a new one is a new search. */
  readonly key: string;
  /** The parts of the attributes field that are not `key=value`: nothing is searched while there are any. */
  readonly malformed: readonly string[];
  readonly result: ApiState<{ traces: TraceSummary[] }>;
}

/** The search the URL holds, and its results (none asked for while the attributes field is malformed). */
export function useTraceSearch(): TraceSearch {
  const { query } = useLocation();
  const values = Object.fromEntries(TRACE_SEARCH_FIELDS.map((field) => [field, query.get(field) ?? ''])) as TraceSearchValues;
  const since = values.since === '' ? '1h' : values.since;
  const key = query.toString();
  const attributes = attributeParams(values.attrs);
  // A search without the attributes the user typed would answer a question nobody asked.
  const malformed = attributes.malformed.length > 0;
  const result = useApi(malformed ? null : `traces:${key}`, (signal) =>
    api.traces(
      {
        service: values.service,
        route: values.route,
        kind: values.kind,
        status: values.status,
        minDurationMs: values.minDurationMs,
        since,
        limit: 100,
        ...attributes.params,
      },
      signal,
    ),
  );
  return { values, key, malformed: attributes.malformed, result };
}

/**
 * `key=value` pairs, one per line or comma-separated, into `attr.key=value` parameters; the parts
 * that are not `key=value` come back apart, so the page says so instead of searching without them.
 */
export function attributeParams(text: string): { params: Record<string, string>; malformed: string[] } {
  const params: Record<string, string> = {};
  const malformed: string[] = [];
  for (const raw of text.split(/[\n,]/)) {
    const part = raw.trim();
    if (part === '') continue;
    const at = part.indexOf('=');
    if (at > 0) params[`attr.${part.slice(0, at).trim()}`] = part.slice(at + 1).trim();
    else malformed.push(part);
  }
  return { params, malformed };
}
