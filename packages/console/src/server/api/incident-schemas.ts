import { z } from 'zod';
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from '../store/incidents.js';
import { choiceParam, limitParam } from './query-params.js';

const severity = z.enum(INCIDENT_SEVERITIES).meta({ description: 'sev1 (most severe) to sev3' });
const status = z.enum(INCIDENT_STATUSES);
const author = z.string().trim().min(1, 'say who you are').max(200);

/** An alert of `/api/alerts` to attach: by its name and labels (what identifies it in Alertmanager). */
const alertRef = z.object({ alertname: z.string().min(1), labels: z.record(z.string(), z.string()).default({}) }).strict();

export const incidentsQuery = z
  .object({
    state: choiceParam(['open', 'resolved', 'all'] as const)
      .default('all')
      .meta({ description: 'open (not resolved), resolved, or all' }),
    limit: limitParam(100, 1_000),
  })
  .strict();

const link = z
  .object({
    url: z
      .string()
      .trim()
      // A console path, not `//host/…` or `/\host/…`, which browsers read as another site.
      .refine((url) => /^\/(?![/\\])/.test(url) || /^https?:\/\//i.test(url), 'a console path (/traces/…) or an http(s) URL'),
    text: z.string().trim().max(500).default(''),
  })
  .strict();

/** `POST /api/incidents`. */
export const incidentDeclare = z
  .object({
    title: z.string().trim().min(1, 'give the incident a title').max(200),
    severity: severity.default('sev3'),
    summary: z.string().max(20_000).default(''),
    createdBy: author,
    alerts: z.array(alertRef).max(100).default([]).meta({ description: 'alerts to attach: their episodes join the timeline' }),
    links: z.array(link).max(20).default([]).meta({ description: "links to put on the timeline at once, e.g. the alert's runbook" }),
  })
  .strict();

/** `PATCH /api/incidents/{id}`: each field given is set and said on the timeline. */
export const incidentChange = z
  .object({
    author,
    title: z.string().trim().min(1).max(200).optional(),
    severity: severity.optional(),
    status: status.optional(),
    summary: z.string().max(20_000).optional(),
    note: z.string().trim().min(1, 'an empty note says nothing').max(20_000).optional(),
    link: link.optional().meta({ description: 'a trace, error group, log search (a console path) or any http(s) URL' }),
    alerts: z.array(alertRef).max(100).optional(),
  })
  .strict();

export const incidentIdParam = z.string().regex(/^[1-9][0-9]{0,9}$/, 'an incident number, e.g. 3 for INC-3');

const incidentFields = {
  id: z.number().int(),
  ref: z.string().meta({ description: 'INC-<id>' }),
  title: z.string(),
  severity,
  status,
  createdBy: z.string(),
  createdMs: z.number(),
  updatedMs: z.number(),
  resolvedMs: z.number().nullable(),
};

export const incidentSummary = z.object({ ...incidentFields, alertCount: z.number().int() });

export const incidentDetail = z.object({
  ...incidentFields,
  summary: z.string(),
  detectedMs: z.number().nullable().meta({ description: 'when the first attached alert fired (within a day before the declaration)' }),
  durationMs: z.number().meta({ description: 'from detection (or declaration) to the resolve, or now' }),
  alerts: z.array(
    z.object({
      key: z.string(),
      alertname: z.string(),
      labels: z.record(z.string(), z.string()),
      summary: z.string(),
      path: z.string().nullable(),
      episodes: z.array(z.object({ startMs: z.number(), endMs: z.number().nullable() })),
    }),
  ),
  errorGroups: z.array(
    z.object({
      fingerprint: z.string(),
      type: z.string(),
      message: z.string(),
      services: z.array(z.string()),
      occurrences: z.number().int().meta({ description: 'during the incident' }),
      path: z.string(),
    }),
  ),
  timeline: z.array(
    z.object({
      atMs: z.number(),
      kind: z.enum(['declared', 'status', 'severity', 'title', 'summary', 'alert', 'note', 'link', 'alert-fired', 'alert-ended']),
      author: z.string().nullable(),
      text: z.string(),
      ref: z.string().nullable().meta({ description: "a link's URL or console path; an alert's page" }),
    }),
  ),
});
