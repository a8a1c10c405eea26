/**
 * The API's answer types, taken from the server's zod contract (src/server/api/schemas.ts) as
 * types only: nothing of the server is bundled, and nothing here restates the contract.
 */
import type { z } from 'zod';
import type { incidentChange, incidentDeclare, incidentDetail, incidentSummary } from '../../../src/server/api/incident-schemas.js';
import type {
  alertList,
  errorGroup,
  errorGroupDetail,
  errorStatusAnswer,
  errorStatusChange,
  exemplar,
  LogRecord,
  logVolume,
  MetricPoint,
  metricInfo,
  metricQuantilesAnswer,
  metricSeriesEntry,
  ServiceEdgeAnswer,
  ServiceSummary,
  SpanDetail,
  SpanOutline,
  StoreStatsAnswer,
  silenceCreate,
  TraceDetail,
  TraceOutline,
  TraceSummary,
} from '../../../src/server/api/schemas.js';
import type { sloDetail, sloList } from '../../../src/server/api/slo-schemas.js';

export type { LogRecord, MetricPoint, ServiceSummary, SpanDetail, SpanOutline, StoreStatsAnswer, TraceDetail, TraceOutline, TraceSummary };
export type ServiceEdge = ServiceEdgeAnswer;
export type MetricInfo = z.infer<typeof metricInfo>;
export type LogVolume = z.infer<typeof logVolume>;
export type MetricSeriesEntry = z.infer<typeof metricSeriesEntry>;
export type MetricQuantiles = z.infer<typeof metricQuantilesAnswer>;
export type Exemplar = z.infer<typeof exemplar>;
export type ErrorGroup = z.infer<typeof errorGroup>;
export type ErrorGroupDetail = z.infer<typeof errorGroupDetail>;
export type ErrorGroupStatus = ErrorGroup['status'];
export type ErrorStatusChange = z.input<typeof errorStatusChange>['status'];
export type ErrorStatusAnswer = z.infer<typeof errorStatusAnswer>;
export type SloList = z.infer<typeof sloList>;
export type AlertList = z.infer<typeof alertList>;
export type AlertEntry = AlertList['alerts'][number];
export type SilenceEntry = NonNullable<AlertList['silences']>[number];
export type SilenceCreate = z.input<typeof silenceCreate>;
export type IncidentSummary = z.infer<typeof incidentSummary>;
export type IncidentDetail = z.infer<typeof incidentDetail>;
export type IncidentDeclare = z.input<typeof incidentDeclare>;
export type IncidentChange = z.input<typeof incidentChange>;
export type IncidentStatus = IncidentDetail['status'];
export type IncidentSeverity = IncidentDetail['severity'];
export type TimelineEntry = IncidentDetail['timeline'][number];
export type SloStatus = SloList['slos'][number];
export type SloDetail = z.infer<typeof sloDetail>;
