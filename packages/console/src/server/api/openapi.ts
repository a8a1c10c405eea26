import { z } from 'zod';
import * as exportSchemas from './export-schemas.js';
import * as incidentSchemas from './incident-schemas.js';
import { LAST_EVENT_ID_HEADER } from './log-follow.js';
import { ATTRIBUTE_PREFIX } from './query-params.js';
import * as schemas from './schemas.js';
import * as sloSchemas from './slo-schemas.js';

type Schema = z.ZodType;

interface Operation {
  /** GET unless said. */
  method?: 'put' | 'post' | 'patch' | 'delete';
  /** The success status, 200 unless said. */
  status?: 201;
  /** Refusals beside the 400 and 500 every route has: status and when. */
  refusals?: Record<number, string>;
  summary: string;
  /** A JSON request body, validated by this schema. */
  body?: z.ZodType;
  /** An object schema, or one piped through a transform (resolveTimeWindow): the document shows its input. */
  query?: z.ZodType;
  /** Names, or a name with the schema of its values. */
  pathParams?: (string | { name: string; schema: Schema })[];
  /** Request headers the route reads (text values). */
  headers?: { name: string; description: string }[];
  response: Schema;
  stream?: boolean;
  /** Only a server-sent event stream: `response` describes each event's data. */
  streamOnly?: boolean;
  /** A binary answer of this media type instead of JSON (response then describes nothing). */
  binary?: string;
}

const list = <T extends Schema>(key: string, item: T) => z.object({ [key]: z.array(item) });

/** How the silence routes refuse beside a bad parameter. */
const SILENCE_REFUSALS = {
  409: 'The console was started without --alertmanager: silences live in Alertmanager',
  502: 'Alertmanager could not be reached in time, or failed',
};

/** Every route of the API, with the schemas that validate it; the document is generated from this table. */
const OPERATIONS: Record<string, Operation | Operation[]> = {
  '/api/traces': {
    summary: 'Search traces (summaries, newest first)',
    query: schemas.traceSearchQuery,
    response: list('traces', schemas.traceSummary),
  },
  '/api/traces/{traceId}': {
    summary: 'Every span of one trace',
    pathParams: ['traceId'],
    query: schemas.traceLookupQuery,
    response: schemas.traceDetail,
  },
  '/api/traces/{traceId}/outline': {
    summary:
      'Every span of one trace with only what a waterfall draws (tree, timing, status): a large trace opens from this, its details follow',
    pathParams: ['traceId'],
    query: schemas.traceLookupQuery,
    response: schemas.traceOutline,
  },
  '/api/logs': {
    summary:
      'Search logs, newest first; with follow=true a server-sent event stream (event: log) that starts, as tail -f, with the newest `limit` lines unless `after` names a cursor',
    query: schemas.logQuery,
    headers: [
      {
        name: LAST_EVENT_ID_HEADER,
        description:
          'with follow=true: the id of the last event received (a log cursor), as an EventSource sends it when it reconnects; the stream goes on with every matching line stored after it, whatever after says',
      },
    ],
    response: list('logs', schemas.logRecord),
    stream: true,
  },
  '/api/logs/volume': {
    summary:
      "Log lines per time bucket and severity range over a window (default the last hour), with /api/logs's filters: what a logs volume chart draws",
    query: schemas.logVolumeQuery,
    response: schemas.logVolume,
  },
  '/api/metrics': { summary: 'Metric names', query: schemas.noQuery, response: list('metrics', schemas.metricInfo) },
  '/api/metrics/{name}/series': {
    summary: 'Label sets of one metric',
    pathParams: ['name'],
    query: schemas.metricSeriesQuery,
    response: list('series', schemas.metricSeriesEntry),
  },
  '/api/metrics/{name}/points': {
    summary: 'Points of one metric with their exemplars, oldest first (the newest `limit` of the window)',
    pathParams: ['name'],
    query: schemas.metricPointsQuery,
    response: schemas.metricPointsAnswer,
  },
  '/api/metrics/{name}/quantiles': {
    summary:
      "A histogram's quantiles per step (a scraped family by its _bucket name, or an OTLP histogram, explicit or exponential, by its name): the buckets' increase summed per bound over the selected series, in steps of the median interval between a series' points, interpolated as PromQL's histogram_quantile",
    pathParams: ['name'],
    query: schemas.metricQuantilesQuery,
    response: schemas.metricQuantilesAnswer,
  },
  '/api/services': {
    summary: 'RED per service and route over a window, per-bucket sparklines, health from /healthz',
    query: schemas.windowQuery,
    response: list('services', schemas.serviceSummary),
  },
  '/api/dependencies': {
    summary:
      'Who calls whom over a window: a server or consumer span whose parent is in another service is a call between them; a client span with db.system.name a call to that database',
    query: schemas.windowQuery,
    response: list('edges', schemas.serviceEdge),
  },
  '/api/errors': {
    summary: 'Error groups (span exception events and exception log records, by fingerprint)',
    query: schemas.errorGroupsQuery,
    response: list('groups', schemas.errorGroup),
  },
  '/api/errors/{fingerprint}': {
    summary:
      'One error group with a page of its occurrences, newest first: the newest `limit`, then with before=nextCursor the next older page',
    pathParams: ['fingerprint'],
    query: schemas.errorGroupDetailQuery,
    response: schemas.errorGroupDetail,
  },
  '/api/errors/{fingerprint}/status': {
    method: 'put',
    summary:
      "Sets an error group's status (resolved, ignored, or unresolved to reopen it); answers 404 for a fingerprint no stored exception has. Kept across restarts and retention",
    pathParams: ['fingerprint'],
    query: schemas.noQuery,
    body: schemas.errorStatusChange,
    response: schemas.errorStatusAnswer,
  },
  '/api/slos': {
    summary:
      'SLOs of the --slo spec files, from stored server spans: budget remaining, burn rates per alert window, the alert that would fire',
    query: schemas.noQuery,
    response: sloSchemas.sloList,
  },
  '/api/slos/{id}': {
    summary: 'One SLO with its budget remaining over time',
    pathParams: [{ name: 'id', schema: sloSchemas.sloIdParam }],
    query: schemas.noQuery,
    response: sloSchemas.sloDetail,
  },
  '/api/alerts': {
    summary:
      "The alerts the console's own evaluation calls for now: new and regressed error groups, SLOs whose budget burns too fast (the SLOs page's conditions); and the Alertmanager they are sent to, if any",
    query: schemas.noQuery,
    response: schemas.alertList,
  },
  '/api/silences': [
    {
      summary: "The Alertmanager's active and pending silences (--alertmanager), the soonest to end first",
      query: schemas.noQuery,
      response: schemas.silenceList,
      refusals: SILENCE_REFUSALS,
    },
    {
      method: 'post',
      status: 201,
      summary:
        'Creates a silence in Alertmanager from now for durationMs: the alerts all of whose matchers hold are muted (an alert of /api/alerts by its labels, alertname included); answers its id',
      query: schemas.noQuery,
      body: schemas.silenceCreate,
      response: schemas.silenceCreated,
      refusals: SILENCE_REFUSALS,
    },
  ],
  '/api/silences/{silenceId}': {
    method: 'delete',
    summary: 'Ends a silence now (it stays in Alertmanager as expired); 404 for one Alertmanager does not know',
    pathParams: ['silenceId'],
    query: schemas.noQuery,
    response: schemas.silenceExpired,
    refusals: { 404: 'Alertmanager has no such silence', ...SILENCE_REFUSALS },
  },
  '/api/incidents': [
    {
      summary: 'Incidents, newest first',
      query: incidentSchemas.incidentsQuery,
      response: list('incidents', incidentSchemas.incidentSummary),
    },
    {
      method: 'post',
      status: 201,
      summary:
        'Declares an incident (status investigating), with alerts of /api/alerts attached by name and labels: their episodes join its timeline. Kept across restarts, never dropped by retention',
      query: schemas.noQuery,
      body: incidentSchemas.incidentDeclare,
      response: incidentSchemas.incidentDetail,
    },
  ],
  '/api/incidents/{id}': [
    {
      summary:
        'One incident: its timeline (its own events and its alerts firing and ending, in time order), its alerts, and the error groups it touches with their occurrences during it',
      pathParams: [{ name: 'id', schema: incidentSchemas.incidentIdParam }],
      query: schemas.noQuery,
      response: incidentSchemas.incidentDetail,
      refusals: { 404: 'No such incident' },
    },
    {
      method: 'patch',
      summary: 'Changes an incident (title, severity, status, summary), adds a note, a link or alerts: each on its timeline, by author',
      pathParams: [{ name: 'id', schema: incidentSchemas.incidentIdParam }],
      query: schemas.noQuery,
      body: incidentSchemas.incidentChange,
      response: incidentSchemas.incidentDetail,
      refusals: { 404: 'No such incident' },
    },
  ],
  '/api/incidents/{id}/postmortem': {
    summary:
      'A postmortem draft in Markdown: detection, declaration and resolve times, impact (error groups and their occurrences), alerts, the timeline, and the sections left to write',
    pathParams: [{ name: 'id', schema: incidentSchemas.incidentIdParam }],
    query: schemas.noQuery,
    response: z.string(),
    binary: 'text/markdown',
    refusals: { 404: 'No such incident' },
  },
  '/api/store': { summary: 'Store size, partitions and row counts', query: schemas.noQuery, response: schemas.storeStats },
  '/api/live': {
    summary:
      "Server-sent events for live views: `ready` with the store's row counts, then `ingest` whenever they change (polled once a second)",
    query: schemas.noQuery,
    response: schemas.liveEvent,
    streamOnly: true,
  },
  '/api/export': {
    summary: 'The Parquet files /api/export/{file} offers',
    query: schemas.noQuery,
    response: exportSchemas.exportManifest,
  },
  '/api/export/{file}': {
    summary: `One table's rows of a window as Parquet (ZSTD, ordered by Timestamp); the row count in the ${exportSchemas.EXPORT_ROWS_HEADER} header`,
    pathParams: [{ name: 'file', schema: exportSchemas.exportFileParam }],
    query: exportSchemas.exportQuery,
    response: z.string(),
    binary: exportSchemas.PARQUET_CONTENT_TYPE,
  },
};

function queryParameters(query: z.ZodType | undefined) {
  if (query === undefined) return [];
  const json = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const parameters: Record<string, unknown>[] = [];
  for (const [name, schema] of Object.entries(json.properties ?? {})) {
    if (name === 'attributes') {
      // attr.KEY=VALUE parameters, gathered into `attributes` before validation (validate.ts).
      parameters.push({ name: `${ATTRIBUTE_PREFIX}KEY`, in: 'query', description: schema.description, schema: { type: 'string' } });
      continue;
    }
    const { description, ...rest } = schema;
    parameters.push({ name, in: 'query', required: json.required?.includes(name) ?? false, description, schema: rest });
  }
  return parameters;
}

const REQUEST_ID_HEADER_DOCUMENT = {
  description:
    "The request's `x-request-id` when it sent one of 1-128 characters `A-Za-z0-9._:-`, else a generated UUID; the console's log lines name the request by it",
  schema: { type: 'string' },
};

/** The OpenAPI 3.1 document served at /api/openapi.json. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const errorSchema = z.toJSONSchema(schemas.apiError, { unrepresentable: 'any' });
  const headers = { 'x-request-id': REQUEST_ID_HEADER_DOCUMENT };
  const paths: Record<string, unknown> = {};
  for (const [path, operations] of Object.entries(OPERATIONS)) {
    paths[path] = Object.fromEntries(
      (Array.isArray(operations) ? operations : [operations]).map((operation) => [
        operation.method ?? 'get',
        operationDocument(operation, headers, errorSchema),
      ]),
    );
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Sightline console API', version: '0.1.0', description: 'The API the console UI uses; scripts use the same.' },
    paths,
  };
}

function operationDocument(operation: Operation, headers: Record<string, unknown>, errorSchema: unknown): Record<string, unknown> {
  const schema = z.toJSONSchema(operation.response, { io: 'output', unrepresentable: 'any' });
  const content: Record<string, unknown> =
    operation.binary !== undefined
      ? { [operation.binary]: { schema: { type: 'string', contentMediaType: operation.binary } } }
      : operation.streamOnly
        ? { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': schema } }
        : { 'application/json': { schema } };
  if (operation.stream) content['text/event-stream'] = { schema: { type: 'string' } };
  return {
    summary: operation.summary,
    ...(operation.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(operation.body, { io: 'input', unrepresentable: 'any' }) } },
          },
        }),
    parameters: [
      ...(operation.pathParams ?? []).map((param) =>
        typeof param === 'string'
          ? { name: param, in: 'path', required: true, schema: { type: 'string' } }
          : { name: param.name, in: 'path', required: true, schema: z.toJSONSchema(param.schema, { unrepresentable: 'any' }) },
      ),
      ...queryParameters(operation.query),
      ...(operation.headers ?? []).map((header) => ({ ...header, in: 'header', required: false, schema: { type: 'string' } })),
    ],
    responses: {
      [operation.status ?? 200]: { description: operation.status === 201 ? 'Created' : 'OK', headers, content },
      400: {
        description: 'A bad or unknown parameter, header or body field, or an empty or inverted since/until window, named in `issues`',
        headers,
        content: { 'application/json': { schema: errorSchema } },
      },
      ...Object.fromEntries(
        Object.entries(operation.refusals ?? {}).map(([status, description]) => [
          status,
          { description, headers, content: { 'application/json': { schema: errorSchema } } },
        ]),
      ),
      500: {
        description:
          "The console failed to answer: its output reports the error under the answer's `requestId` (the `x-request-id` header)",
        headers,
        content: { 'application/json': { schema: errorSchema } },
      },
    },
  };
}
