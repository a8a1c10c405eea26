/**
 * The console's query API contract: one zod schema per request and per response. The same
 * schemas validate requests (a bad parameter is a 400 naming it), type the handlers and the
 * UI's client, and generate `/api/openapi.json`; nothing restates them.
 *
 * Conventions: times in responses are Unix nanoseconds as decimal strings (OTLP/JSON's form,
 * no precision lost) plus durations in milliseconds as numbers; ids are lowercase hex.
 */
import { z } from 'zod';
import { occurrenceCursorParam } from './occurrence-cursor.js';
import { attributeFilters, choiceParam, countParam, durationMsParam, limitParam, textParam } from './query-params.js';
import { resolveTimeWindow, timeParam } from './time-range.js';

export { timeParam };

const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
export const MAX_LIMIT = 1_000;

export const traceIdParam = z
  .string({ error: 'a trace id is 32 hex digits' })
  .transform((text) => text.toLowerCase())
  .pipe(z.string().regex(HEX_TRACE_ID, 'a trace id is 32 hex digits'));

const booleanParam = choiceParam(['true', 'false', '1', '0']).transform((text) => text === 'true' || text === '1');

export const statusParam = z.enum(['ok', 'error', 'unset']);

// ---------------------------------------------------------------- requests

export const traceSearchQuery = z
  .object({
    service: textParam().optional().meta({ description: "a span's service (every span filter holds for one span of the trace)" }),
    route: textParam().optional().meta({ description: "a span's http.route, or its name" }),
    kind: choiceParam(['internal', 'server', 'client', 'producer', 'consumer'])
      .optional()
      .meta({ description: "a span's kind: server narrows to the requests a service answered, as its RED figures count them" }),
    status: choiceParam(['ok', 'error'])
      .optional()
      .meta({ description: 'error: a span (with the other span filters) failed; ok: no span of the trace failed' }),
    minDurationMs: durationMsParam().optional(),
    maxDurationMs: durationMsParam().optional(),
    since: timeParam.optional(),
    until: timeParam.optional(),
    limit: limitParam(50, MAX_LIMIT),
    /** Filled from `attr.KEY=VALUE` parameters (query-params.ts): a span of the trace has each. */
    attributes: attributeFilters,
  })
  .strict()
  .transform(resolveTimeWindow);
export type TraceSearchQuery = z.output<typeof traceSearchQuery>;

const unixNanoParam = z
  .string()
  .regex(/^\d{1,20}$/, 'a Unix time in nanoseconds, decimal digits')
  .transform((text) => BigInt(text));

/** Where the trace's spans start, from its search summary: bounds the rows read; absent, all are. */
export const traceLookupQuery = z
  .object({
    start: unixNanoParam.optional().meta({ description: "the trace's startTimeUnixNano (a hint: every span is searched when wrong)" }),
    end: unixNanoParam.optional().meta({ description: "the trace's endTimeUnixNano (a hint)" }),
  })
  .strict();

/** A log line's cursor (`after`, and a tail's `Last-Event-ID`): the store's order of arrival. */
export const logCursorParam = z.string({ error: 'a cursor from a previous answer' }).regex(/^\d+$/, 'a cursor from a previous answer');

/** The filters a log search and a log volume share. */
const logFilterFields = {
  traceId: traceIdParam.optional(),
  service: textParam().optional(),
  severity: choiceParam(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).optional().meta({ description: 'minimum severity' }),
  q: textParam(1_000).optional().meta({ description: 'text the body contains (case-insensitive)' }),
  /** Filled from `attr.KEY=VALUE` parameters (query-params.ts): the record has each. */
  attributes: attributeFilters,
};

export const logQuery = z
  .object({
    ...logFilterFields,
    since: timeParam.optional(),
    until: timeParam.optional(),
    after: logCursorParam.optional().meta({ description: 'only lines stored after this cursor, oldest first' }),
    limit: limitParam(200, MAX_LIMIT),
    follow: booleanParam.default(false).meta({
      description:
        'stream lines as server-sent events, each with its cursor as its id: without after, the newest `limit` matching lines (oldest first), then each new one; with after, every matching line stored after that cursor (after=0: all); a Last-Event-ID header (an EventSource reconnecting) takes precedence over after: every matching line stored after that cursor',
    }),
  })
  .strict()
  .transform(resolveTimeWindow);
export type LogQuery = z.output<typeof logQuery>;

/** The log search's filters over a window: lines per bucket and severity (the logs page's volume chart). */
export const logVolumeQuery = z
  .object({
    ...logFilterFields,
    since: timeParam.prefault('1h'),
    until: timeParam.optional(),
  })
  .strict()
  .transform(resolveTimeWindow);
export type LogVolumeQuery = z.output<typeof logVolumeQuery>;

export const windowQuery = z
  .object({
    since: timeParam.prefault('1h'),
    until: timeParam.optional(),
  })
  .strict()
  .transform(resolveTimeWindow);
export type WindowQuery = z.output<typeof windowQuery>;

export const metricSeriesQuery = z
  .object({
    since: timeParam.prefault('1h'),
    until: timeParam.optional(),
    limit: limitParam(200, MAX_LIMIT),
  })
  .strict()
  .transform(resolveTimeWindow);
export type MetricSeriesQuery = z.output<typeof metricSeriesQuery>;

/** Points in one answer at most; a window that holds more gives its newest. */
export const MAX_METRIC_POINTS = 100_000;

/** The series a metric query reads: one service's or all, a window, label filters (`attr.KEY=VALUE`). */
const metricSelection = {
  service: textParam().optional(),
  since: timeParam.prefault('1h'),
  until: timeParam.optional(),
  attributes: attributeFilters,
};

export const metricPointsQuery = z
  .object({
    ...metricSelection,
    limit: countParam(MAX_METRIC_POINTS)
      .default(20_000)
      .meta({ description: `points, at most ${MAX_METRIC_POINTS}; when more match, the newest are sent and truncated is true` }),
    maxSeries: countParam(MAX_LIMIT).optional().meta({
      description: "only the first N series, in the order /series lists them (service, then labels, a histogram bucket's le as a number)",
    }),
  })
  .strict()
  .transform(resolveTimeWindow);
export type MetricPointsQuery = z.output<typeof metricPointsQuery>;

const QUANTILES = 'quantiles, comma-separated, each in (0, 1), at most 5';

export const metricQuantilesQuery = z
  .object({
    ...metricSelection,
    q: z
      .string({ error: QUANTILES })
      .default('0.5,0.95,0.99')
      .transform((text) => text.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part))))
      .pipe(
        z
          .array(z.number({ error: QUANTILES }).gt(0, { error: QUANTILES }).lt(1, { error: QUANTILES }))
          .min(1, { error: QUANTILES })
          .max(5, { error: QUANTILES }),
      )
      .meta({ description: `${QUANTILES} (default 0.5,0.95,0.99)` }),
  })
  .strict()
  .transform(resolveTimeWindow);
export type MetricQuantilesQuery = z.output<typeof metricQuantilesQuery>;

/** A group's triage: `regressed` is a resolved group seen again after its resolve (see the store). */
export const ERROR_GROUP_STATUSES = ['unresolved', 'regressed', 'resolved', 'ignored'] as const;

export const errorGroupsQuery = z
  .object({
    service: textParam().optional(),
    status: choiceParam(ERROR_GROUP_STATUSES)
      .optional()
      .meta({ description: 'only groups in this state (unresolved includes regressed); all when not given' }),
    sort: choiceParam(['count', 'lastSeen', 'firstSeen']).optional().meta({
      description: 'count (most occurrences first, the default), lastSeen (most recently seen first) or firstSeen (newest groups first)',
    }),
    since: timeParam.prefault('24h'),
    until: timeParam.optional(),
    limit: limitParam(100, MAX_LIMIT),
  })
  .strict()
  .transform(resolveTimeWindow);
export type ErrorGroupsQuery = z.output<typeof errorGroupsQuery>;

/** One group's page of occurrences: the newest `limit`, or those older than `before`. */
export const errorGroupDetailQuery = z
  .object({
    limit: limitParam(50, MAX_LIMIT),
    before: occurrenceCursorParam
      .optional()
      .meta({ description: "only occurrences older than this one: the previous answer's nextCursor (or an occurrence's cursor)" }),
  })
  .strict();
export type ErrorGroupDetailQuery = z.output<typeof errorGroupDetailQuery>;

/** The body of `PUT /api/errors/{fingerprint}/status`. */
export const errorStatusChange = z
  .object({
    status: choiceParam(['unresolved', 'resolved', 'ignored']).meta({
      description:
        'resolved: until it happens again (then it reads regressed); ignored: hidden from the unresolved list whatever comes; unresolved: reopened',
    }),
  })
  .strict();

/** Routes that take no query parameters still name an unknown one instead of ignoring it. */
export const noQuery = z.object({}).strict();

// ---------------------------------------------------------------- responses

const unixNano = z.string().regex(/^\d+$/).meta({ description: 'Unix time in nanoseconds, decimal string' });
const attributeMap = z.record(z.string(), z.unknown());

export const traceSummary = z.object({
  traceId: z.string().regex(HEX_TRACE_ID),
  /** Null while the root span has not arrived (or never will: a trace cut by sampling). */
  rootService: z.string().nullable(),
  rootName: z.string().nullable(),
  rootStatusCode: z
    .number()
    .int()
    .nullable()
    .meta({ description: "the root span's http.response.status_code; null when the root is not an HTTP server span that answered" }),
  startTimeUnixNano: unixNano,
  /** The last span's end: with startTimeUnixNano, the hint `GET /api/traces/{traceId}?start=&end=` takes. */
  endTimeUnixNano: unixNano,
  durationMs: z.number(),
  spanCount: z.number().int(),
  errorCount: z.number().int(),
  services: z
    .array(z.object({ service: z.string(), spans: z.number().int() }))
    .meta({ description: "the services with spans in the trace and each one's span count, by name (Jaeger's search results show them)" }),
});
export type TraceSummary = z.infer<typeof traceSummary>;

export const spanEvent = z.object({ timeUnixNano: unixNano, name: z.string(), attributes: attributeMap });
export const spanLink = z.object({
  traceId: z.string().regex(HEX_TRACE_ID),
  spanId: z.string().regex(HEX_SPAN_ID),
  traceState: z.string().nullable().meta({ description: "the linked span's W3C tracestate, when it had one" }),
  attributes: attributeMap,
});

export const spanDetail = z.object({
  traceId: z.string().regex(HEX_TRACE_ID),
  spanId: z.string().regex(HEX_SPAN_ID),
  parentSpanId: z.string().regex(HEX_SPAN_ID).nullable(),
  service: z.string(),
  name: z.string(),
  kind: z.enum(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']),
  startTimeUnixNano: unixNano,
  endTimeUnixNano: unixNano,
  durationMs: z.number(),
  status: statusParam,
  statusMessage: z.string().nullable(),
  attributes: attributeMap,
  resource: attributeMap,
  scopeName: z.string(),
  scopeVersion: z.string().nullable(),
  traceState: z.string().nullable().meta({ description: 'its W3C tracestate, when it had one' }),
  events: z.array(spanEvent),
  links: z.array(spanLink),
  /** Fingerprints of the error groups its exceptions belong to (`GET /api/errors/{fingerprint}`). */
  errorGroups: z.array(z.string()),
});
export type SpanDetail = z.infer<typeof spanDetail>;

export const traceDetail = z.object({
  traceId: z.string().regex(HEX_TRACE_ID),
  spans: z.array(spanDetail),
});
export type TraceDetail = z.infer<typeof traceDetail>;

/** A span as a waterfall draws it: the detail's tree, timing and status fields, nothing else. */
export const spanOutline = spanDetail.pick({
  spanId: true,
  parentSpanId: true,
  service: true,
  name: true,
  kind: true,
  startTimeUnixNano: true,
  durationMs: true,
  status: true,
});
export type SpanOutline = z.infer<typeof spanOutline>;

export const traceOutline = z.object({
  traceId: z.string().regex(HEX_TRACE_ID),
  spans: z.array(spanOutline),
});
export type TraceOutline = z.infer<typeof traceOutline>;

export const logRecord = z.object({
  cursor: z.string().meta({ description: 'pass as `after` to get only newer records' }),
  timeUnixNano: unixNano,
  service: z.string(),
  severityNumber: z.number().int(),
  severityText: z.string().nullable(),
  body: z.unknown(),
  attributes: attributeMap,
  traceId: z.string().nullable(),
  spanId: z.string().nullable(),
  observedTimeUnixNano: unixNano.nullable().meta({ description: 'when the collecting side saw it (OTLP observed_time_unix_nano)' }),
  eventName: z.string().nullable(),
  resource: attributeMap,
  scopeName: z.string().nullable(),
});
export type LogRecord = z.infer<typeof logRecord>;

const lineCount = z.number().int();
export const logVolume = z.object({
  bucketMs: z.number().int().meta({ description: 'the width of every bucket: ~60-120 over the window, from 1 s up' }),
  sinceMs: z
    .number()
    .meta({ description: 'the window counted, epoch ms (buckets are aligned to bucketMs, so the first may start before it)' }),
  untilMs: z.number(),
  buckets: z
    .array(
      z.object({
        timeMs: z.number().meta({ description: 'bucket start, epoch ms' }),
        unspecified: lineCount.meta({ description: 'SeverityNumber 0' }),
        trace: lineCount.meta({ description: 'SeverityNumber 1-4' }),
        debug: lineCount.meta({ description: '5-8' }),
        info: lineCount.meta({ description: '9-12' }),
        warn: lineCount.meta({ description: '13-16' }),
        error: lineCount.meta({ description: '17-20' }),
        fatal: lineCount.meta({ description: '21-24' }),
      }),
    )
    .meta({ description: 'oldest first; only buckets with lines' }),
});
export type LogVolume = z.infer<typeof logVolume>;

const latency = z.object({ p50Ms: z.number().nullable(), p95Ms: z.number().nullable(), p99Ms: z.number().nullable() });

export const redStats = latency.extend({
  requests: z.number().int(),
  ratePerSecond: z.number().meta({
    description:
      'requests per second averaged over the whole window, or from the first request of any service stored in it when that is later (a fresh console), over at least 1 s: a service that was down for part of the window reads lower than its current rate',
  }),
  recentRatePerSecond: z.number().meta({
    description:
      "requests per second over the window's last 5 minutes (the whole window when it is shorter), or from the first request of any service stored in it when that is later, over at least 1 s: the current rate, as Grafana's RED panels show rate(...[5m]); what the UI's Services page shows",
  }),
  errorRatio: z.number().meta({ description: 'failed requests / all requests, 0..1' }),
});

export const healthStatus = z.object({
  status: z.enum(['pass', 'warn', 'fail', 'unknown']),
  checkedAt: z.string().nullable(),
  url: z.string().nullable(),
  checks: z.array(z.object({ name: z.string(), status: z.string(), message: z.string().nullable() })),
});

export type HealthStatus = z.infer<typeof healthStatus>;

/** One caller → callee edge of the dependency graph (`/api/dependencies`). */
export const serviceEdge = z.object({
  source: z.string().describe('the calling service'),
  target: z.string().describe('the called service, or a database: db.system.name, then db.namespace when set'),
  targetKind: z.enum(['service', 'database']),
  calls: z.number(),
  errors: z.number().describe("calls whose callee span (a database's: the client span) has status error"),
  p95Ms: z.number().describe("p95 of the callee span's duration (a database's: the client span's)"),
});
export type ServiceEdgeAnswer = z.infer<typeof serviceEdge>;

export const serviceSummary = z.object({
  name: z.string(),
  red: redStats,
  routes: z.array(redStats.extend({ route: z.string() })),
  /** Per-minute buckets over the window, for sparklines. */
  series: z
    .object({
      timesMs: z.array(z.number()),
      requests: z.array(z.number()),
      errors: z.array(z.number()),
      p95Ms: z.array(z.number().nullable()),
      bucketMs: z.number().int().meta({ description: 'the bucket size: 60 buckets per window (a minute in 1 h)' }),
      sinceMs: z.number().meta({
        description: "the window's start (ms): the first bucket starts at or before it, so it holds only what came after",
      }),
      untilMs: z.number().meta({
        description: "the window's end (ms): the last bucket holds it, so it holds only what came before (the minute under way)",
      }),
    })
    .optional(),
  /** From the service's `/healthz`, when the console knows where it is (`--scrape` targets). */
  health: healthStatus.optional(),
});
export type ServiceSummary = z.infer<typeof serviceSummary>;

export const metricInfo = z.object({
  name: z.string(),
  type: z.string().meta({ description: 'gauge, sum, histogram, exponentialHistogram, summary; or the scraped TYPE' }),
  unit: z.string().nullable(),
  description: z.string().nullable(),
  source: z.enum(['otlp', 'scrape']),
});

export const exemplar = z.object({
  timeUnixNano: unixNano,
  value: z.number(),
  traceId: z.string().nullable(),
  spanId: z.string().nullable(),
  filteredAttributes: attributeMap.meta({ description: "the measurement's attributes the metric's view filtered out" }),
});

export type Exemplar = z.infer<typeof exemplar>;

export const metricSeriesEntry = z.object({ service: z.string(), attributes: attributeMap, points: z.number().int() });

export const metricPoint = z.object({
  service: z.string(),
  type: z.string(),
  attributes: attributeMap,
  timeUnixNano: unixNano,
  /** Gauge or sum value; a histogram's or summary's sum; a scraped sample's value. */
  value: z.number().nullable(),
  count: z.number().nullable(),
  min: z
    .number()
    .nullable()
    .meta({ description: "of a histogram: the least value observed in the point's interval, when the exporter gave it" }),
  max: z
    .number()
    .nullable()
    .meta({ description: "of a histogram: the greatest value observed in the point's interval, when the exporter gave it" }),
  /** Histogram buckets and bounds, summary quantiles, as stored. */
  detail: z.record(z.string(), z.unknown()).nullable(),
  exemplars: z.array(exemplar),
  source: z.enum(['otlp', 'scrape']),
  /** Of sums and distributions: delta (each point counts its own interval) or cumulative (since start); null for gauges. */
  temporality: z.enum(['delta', 'cumulative']).nullable(),
  /** The start of the point's interval, when the exporter gave one. */
  startTimeUnixNano: unixNano.nullable(),
  monotonic: z
    .boolean()
    .nullable()
    .describe(
      'of a sum or a scraped counter: whether it only goes up (a counter; charted as a rate) or not (an up-down counter); null otherwise',
    ),
});
export type MetricPoint = z.infer<typeof metricPoint>;

export const metricPointsAnswer = z.object({
  points: z.array(metricPoint),
  /** More points matched than `limit`: the oldest were left out. */
  truncated: z.boolean(),
});

export const metricQuantilesAnswer = z.object({
  /** The step bucket increases are summed over: the median gap between a series' points (>= 1 s); 0 when nothing was found. */
  stepMs: z.number(),
  /** Each step's end (ms since the epoch), oldest first. */
  times: z.array(z.number()),
  /** A value per time for each quantile asked for; null where the step saw no observation. */
  quantiles: z.array(z.object({ quantile: z.number(), values: z.array(z.number().nullable()) })),
  /** The window's exemplars, once each, oldest first. */
  exemplars: z.array(exemplar),
});

export const errorGroup = z.object({
  fingerprint: z.string(),
  type: z.string(),
  message: z.string(),
  count: z.number().int(),
  firstSeenMs: z.number(),
  lastSeenMs: z.number(),
  services: z.array(z.string()),
  routes: z.array(z.string()),
  sampleStack: z.string().nullable(),
  firstVersion: z.string().nullable().meta({ description: "the service.version of the window's first occurrence that carried one" }),
  lastVersion: z.string().nullable().meta({ description: "the service.version of the window's latest occurrence that carried one" }),
  versions: z.array(z.string()).meta({ description: 'every service.version it was seen in over the window, sorted as text' }),
  status: z.enum(ERROR_GROUP_STATUSES),
  statusChangedMs: z.number().nullable().meta({ description: 'when its status was last set (ms), null when never' }),
  /** Counts per bucket of `bucketMs` over the window (only buckets with occurrences), for sparklines. */
  series: z.object({
    timesMs: z.array(z.number()),
    counts: z.array(z.number()),
    bucketMs: z.number().int().meta({
      description:
        "the bucket size: ~60 buckets per window (a minute in 1 h, 30 min in 24 h); a group's own page from its age (first occurrence to now, at least an hour)",
    }),
  }),
});

export const errorOccurrence = z.object({
  cursor: z.string().meta({ description: 'pass as `before` to get the occurrences older than this one' }),
  traceId: z.string(),
  spanId: z.string(),
  timeUnixNano: unixNano,
  service: z.string(),
  route: z.string().nullable(),
  serviceVersion: z.string().nullable(),
  message: z.string(),
  /** Recorded as span exception events, log records, or both. */
  sources: z.array(z.enum(['span', 'log'])),
  /** Recordings of this one occurrence: every span the throw unwound through, and its log lines. */
  recordings: z.number().int(),
});

export const errorGroupDetail = errorGroup.extend({
  /** Newest first; several of one nanosecond in a fixed order, so pages neither skip nor repeat them. */
  occurrences: z.array(errorOccurrence),
  nextCursor: z.string().nullable().meta({
    description: 'when older occurrences exist, pass as `before` for the next page (the last one sent); null when none are older',
  }),
});
export type ErrorGroupAnswer = z.infer<typeof errorGroup>;

/** An alert the console's evaluation calls for now (`GET /api/alerts`). */
export const alertAnswer = z.object({
  alertname: z.string(),
  kind: z.enum(['error-new', 'error-regressed', 'slo-burn', 'incident']),
  /** An SLO alert's `page` or `ticket`, an incident's `critical`, `warning` or `info`; null for an error group's. */
  severity: z.string().nullable(),
  summary: z.string(),
  description: z.string(),
  /** Its labels but alertname: what identifies it in Alertmanager. */
  labels: z.record(z.string(), z.string()),
  startsAtMs: z.number().nullable(),
  endsAtMs: z.number().nullable(),
  /** The console page of its error group or SLO. */
  path: z.string().nullable(),
  /** The ids of the Alertmanager silences that mute it now (empty when none does, or without an Alertmanager). */
  silencedBy: z.array(z.string()),
  /** Its `runbook_url` annotation (an SLO spec's `runbook_url`) when it is an http(s) URL: what to do about it. */
  runbookUrl: z.string().nullable(),
});
export type AlertAnswer = z.infer<typeof alertAnswer>;

/** One matcher of a silence: `name="value"`, `!=` with isEqual false, `=~` / `!~` with isRegex (RE2, anchored). */
export const silenceMatcher = z
  .object({
    name: z.string(),
    value: z.string(),
    isRegex: z.boolean().default(false),
    isEqual: z.boolean().default(true),
  })
  .strict();

/** A silence in Alertmanager, active or pending (`GET /api/silences`). */
export const silenceAnswer = z.object({
  id: z.string(),
  state: z.enum(['active', 'pending']),
  matchers: z.array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean() })),
  startsAtMs: z.number(),
  endsAtMs: z.number(),
  createdBy: z.string(),
  comment: z.string(),
});

export const silenceList = z.object({
  /** The Alertmanager the silences live in (`--alertmanager`). */
  alertmanager: z.string(),
  /** Active and pending silences, the soonest to end first. */
  silences: z.array(silenceAnswer),
});

const MAX_SILENCE_MS = 365 * 24 * 3_600_000;

/** `POST /api/silences`: the alerts to mute (all matchers must hold), for how long, who and why. */
export const silenceCreate = z
  .object({
    labels: z
      .record(z.string(), z.string())
      .default({})
      .meta({ description: "equality matchers: an alert's labels (alertname included) mute that alert" }),
    matchers: z.array(silenceMatcher).default([]).meta({ description: 'other matchers, combined with labels' }),
    durationMs: z.number().int().min(60_000).max(MAX_SILENCE_MS).meta({ description: 'from now, 1 minute to 1 year' }),
    createdBy: z.string().trim().min(1, 'say who makes the silence').max(200),
    comment: z.string().trim().min(1, 'say why the alerts are silenced').max(2_000),
  })
  .strict();

export const silenceCreated = z.object({ id: z.string() });
export const silenceExpired = z.object({ id: z.string(), expired: z.literal(true) });

/** An episode of an alert: from when the console's evaluation first called for it to when it stopped. */
export const alertEpisodeAnswer = alertAnswer.pick({ alertname: true, kind: true, summary: true, labels: true, path: true }).extend({
  startMs: z.number(),
  endMs: z.number().nullable().meta({ description: 'null while it still fires' }),
});

export const alertList = z.object({
  alerts: z.array(alertAnswer),
  /** The newest 100 episodes, the open ones with them (`endMs` null); kept across restarts, pruned by retention once ended. */
  history: z.array(alertEpisodeAnswer),
  /** The Alertmanager they are sent to (`--alertmanager`), null when none was given. */
  delivery: z
    .object({
      url: z.string(),
      lastSentMs: z.number().nullable().meta({ description: 'when a round last sent everything it had to; null before the first' }),
      lastError: z.string().nullable().meta({ description: 'why the last round failed; null when it did not' }),
    })
    .nullable(),
  /** Alertmanager's active and pending silences; null without an Alertmanager, or when it could not be asked (see silenceError). */
  silences: z.array(silenceAnswer).nullable(),
  silenceError: z.string().nullable().meta({ description: 'why the silences could not be read from Alertmanager; null when they were' }),
});

export const errorStatusAnswer = z.object({
  fingerprint: z.string(),
  status: z.enum(['unresolved', 'resolved', 'ignored']),
  statusChangedMs: z.number(),
});

export const storeStats = z.object({
  mode: z.enum(['file', 'memory']),
  bytesOnDisk: z.number(),
  partitions: z.array(
    z.object({
      name: z.string(),
      bytes: z.number(),
      rows: z.number(),
      minTimeUnixNano: unixNano.nullable(),
      maxTimeUnixNano: unixNano.nullable(),
      active: z.boolean(),
    }),
  ),
  rows: z.object({ spans: z.number(), logs: z.number(), metricPoints: z.number(), scrapeSamples: z.number() }),
  commits: z.number(),
  cancelledQueries: z
    .object({ skipped: z.number(), stopped: z.number() })
    .describe('queries cancelled because their client went away: before they started, and while DuckDB ran them'),
  queuedRows: z.number(),
  queuedBytes: z.number(),
  memory: z
    .object({
      rssBytes: z.number(),
      rssAnonBytes: z.number().nullable(),
      rssFileBytes: z.number().nullable(),
      mainHeapBytes: z.number(),
      workerHeapBytes: z.number(),
      mainHeapCommittedBytes: z.number(),
      workerHeapCommittedBytes: z.number(),
      mainExternalBytes: z.number(),
      workerExternalBytes: z.number(),
      duckdbBytes: z.number(),
      duckdbTemporaryBytes: z.number(),
      duckdbLimitBytes: z.number(),
      duckdbByTag: z.array(z.object({ tag: z.string(), bytes: z.number() })),
      trims: z
        .object({ count: z.number(), totalMs: z.number() })
        .describe("times the store gave DuckDB's freed memory back to the system (malloc_trim), and the time it took"),
    })
    .describe(
      "where the process's memory is: its RSS (anonymous and file-backed on Linux), V8 heap (in use and committed) and external memory of the main thread and the store worker, DuckDB's buffer manager (duckdb_memory()); DuckDB allocations outside its buffer manager show in the RSS only",
    ),
});
export type StoreStatsAnswer = z.infer<typeof storeStats>;

/** The data of `/api/live`'s server-sent events: `ready` (first, the baseline) and `ingest` (counts changed). */
export const liveEvent = z.object({ rows: storeStats.shape.rows });
export type LiveEvent = z.infer<typeof liveEvent>;

export const apiError = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ parameter: z.string(), message: z.string() })).optional(),
  /** Of a 500: the id the console's output reports the failure under. */
  requestId: z.string().optional(),
});
