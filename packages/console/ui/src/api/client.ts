import { refusalMessage } from './error-message.js';
import type {
  AlertList,
  ErrorGroup,
  ErrorGroupDetail,
  ErrorStatusAnswer,
  ErrorStatusChange,
  IncidentChange,
  IncidentDeclare,
  IncidentDetail,
  IncidentSummary,
  LogRecord,
  LogVolume,
  MetricInfo,
  MetricPoint,
  MetricQuantiles,
  MetricSeriesEntry,
  ServiceEdge,
  ServiceSummary,
  SilenceCreate,
  SloDetail,
  SloList,
  StoreStatsAnswer,
  TraceDetail,
  TraceOutline,
  TraceSummary,
} from './types.js';

/** A non-2xx answer from the console's API, with its `message` when it sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Params = Record<string, string | number | undefined | null>;

export function queryString(params: Params): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const response = await fetch(`/api${path}${queryString(params)}`, { headers: { accept: 'application/json' }, signal: signal ?? null });
  return answerOf<T>(response);
}

/** A PUT, POST, PATCH or DELETE; a body goes as JSON (which a cross-site form cannot send). */
async function sendJson<T>(method: 'PUT' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api${path}`, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return answerOf<T>(response);
}

/** The answer's JSON, or an ApiError with its `message` when it is not a 2xx. */
async function answerOf<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const statusLine = `${response.status} ${response.statusText}`;
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      // Not JSON: the status line says it.
    }
    throw new ApiError(response.status, refusalMessage(statusLine, body));
  }
  return (await response.json()) as T;
}

const segment = (value: string) => encodeURIComponent(value);

export const api = {
  store: (signal?: AbortSignal) => getJson<StoreStatsAnswer>('/store', {}, signal),
  services: (params: Params, signal?: AbortSignal) => getJson<{ services: ServiceSummary[] }>('/services', params, signal),
  dependencies: (params: Params, signal?: AbortSignal) => getJson<{ edges: ServiceEdge[] }>('/dependencies', params, signal),
  traces: (params: Params, signal?: AbortSignal) => getJson<{ traces: TraceSummary[] }>('/traces', params, signal),
  /** `hint`: where the trace's spans start (Unix ns), to bound what the store reads; it searches everything when wrong. */
  trace: (traceId: string, hint: { start?: string; end?: string }, signal?: AbortSignal) =>
    getJson<TraceDetail>(`/traces/${segment(traceId)}`, hint, signal),
  /** What a waterfall draws of every span (tree, timing, status): a fraction of the detail's bytes. */
  traceOutline: (traceId: string, hint: { start?: string; end?: string }, signal?: AbortSignal) =>
    getJson<TraceOutline>(`/traces/${segment(traceId)}/outline`, hint, signal),
  logs: (params: Params, signal?: AbortSignal) => getJson<{ logs: LogRecord[] }>('/logs', params, signal),
  logVolume: (params: Params, signal?: AbortSignal) => getJson<LogVolume>('/logs/volume', params, signal),
  metrics: (signal?: AbortSignal) => getJson<{ metrics: MetricInfo[] }>('/metrics', {}, signal),
  metricSeries: (name: string, params: Params, signal?: AbortSignal) =>
    getJson<{ series: MetricSeriesEntry[] }>(`/metrics/${segment(name)}/series`, params, signal),
  metricPoints: (name: string, params: Params, signal?: AbortSignal) =>
    getJson<{ points: MetricPoint[]; truncated: boolean }>(`/metrics/${segment(name)}/points`, params, signal),
  metricQuantiles: (name: string, params: Params, signal?: AbortSignal) =>
    getJson<MetricQuantiles>(`/metrics/${segment(name)}/quantiles`, params, signal),
  errors: (params: Params, signal?: AbortSignal) => getJson<{ groups: ErrorGroup[] }>('/errors', params, signal),
  /** The group with a page of its occurrences: the newest, or with `before` (a nextCursor) the next older ones. */
  errorGroup: (fingerprint: string, page: { before?: string; limit?: number }, signal?: AbortSignal) =>
    getJson<ErrorGroupDetail>(`/errors/${segment(fingerprint)}`, page, signal),
  /** Resolves, ignores or reopens (`unresolved`) a group. */
  setErrorStatus: (fingerprint: string, status: ErrorStatusChange) =>
    sendJson<ErrorStatusAnswer>('PUT', `/errors/${segment(fingerprint)}/status`, { status }),
  slos: (signal?: AbortSignal) => getJson<SloList>('/slos', {}, signal),
  alerts: (signal?: AbortSignal) => getJson<AlertList>('/alerts', {}, signal),
  /** Mutes the alerts the silence's matchers select, in Alertmanager; answers its id. */
  createSilence: (silence: SilenceCreate) => sendJson<{ id: string }>('POST', '/silences', silence),
  incidents: (params: Params, signal?: AbortSignal) => getJson<{ incidents: IncidentSummary[] }>('/incidents', params, signal),
  incident: (id: number, signal?: AbortSignal) => getJson<IncidentDetail>(`/incidents/${id}`, {}, signal),
  declareIncident: (declaration: IncidentDeclare) => sendJson<IncidentDetail>('POST', '/incidents', declaration),
  changeIncident: (id: number, change: IncidentChange) => sendJson<IncidentDetail>('PATCH', `/incidents/${id}`, change),
  /** The postmortem draft, as Markdown text. */
  postmortem: async (id: number, signal?: AbortSignal) => {
    const response = await fetch(`/api/incidents/${id}/postmortem`, { headers: { accept: 'text/markdown' }, signal: signal ?? null });
    if (!response.ok) await answerOf(response);
    return response.text();
  },
  expireSilence: (id: string) => sendJson<{ id: string; expired: true }>('DELETE', `/silences/${segment(id)}`),
  slo: (id: string, signal?: AbortSignal) => getJson<SloDetail>(`/slos/${segment(id)}`, {}, signal),
};

/** The URL of the log live tail (server-sent events). */
export function logFollowUrl(params: Params): string {
  return `/api/logs${queryString({ ...params, follow: 'true' })}`;
}

/** The console answered that it has no such API route (an older console), not that a thing is missing. */
export function isMissingRoute(error: Error | undefined): boolean {
  return error instanceof ApiError && error.status === 404 && error.message.startsWith('no API route');
}
