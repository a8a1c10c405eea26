import type { FastifyInstance, FastifyRequest } from 'fastify';
import { alertKey } from '../alerts/index.js';
import { type IncidentView, postmortemMarkdown, readIncident } from '../incidents/index.js';
import type { Incident, Store } from '../store/index.js';
import { incidentChange, incidentDeclare, incidentIdParam, incidentsQuery } from './incident-schemas.js';
import { noQuery } from './schemas.js';
import { ApiRequestError, parseBody, parseQuery } from './validate.js';

const keysOf = (alerts: readonly { alertname: string; labels: Record<string, string> }[]) =>
  alerts.map((alert) => alertKey({ labels: { ...alert.labels, alertname: alert.alertname } }));

/** A link as the timeline keeps it: its URL as its text when it has none. */
const linkOf = (link: { url: string; text: string }) => ({ url: link.url, text: link.text === '' ? link.url : link.text });

const fieldsOf = (incident: Incident) => ({
  id: incident.id,
  ref: `INC-${incident.id}`,
  title: incident.title,
  severity: incident.severity,
  status: incident.status,
  createdBy: incident.createdBy,
  createdMs: incident.createdMs,
  updatedMs: incident.updatedMs,
  resolvedMs: incident.resolvedMs,
});

const detailOf = (view: IncidentView) => ({
  ...fieldsOf(view.incident),
  summary: view.incident.summary,
  detectedMs: view.detectedMs,
  durationMs: view.durationMs,
  alerts: view.alerts,
  errorGroups: view.errorGroups,
  timeline: view.timeline,
});

function idOf(request: FastifyRequest<{ Params: { id: string } }>): number {
  const parsed = incidentIdParam.safeParse(request.params.id);
  if (!parsed.success) {
    throw new ApiRequestError(400, 'bad_request', 'bad path parameter: id', [
      { parameter: 'id', message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  }
  return Number(parsed.data);
}

async function viewOf(store: Store, id: number): Promise<IncidentView> {
  const view = await readIncident(store, id, Date.now());
  if (view === null) throw new ApiRequestError(404, 'not_found', `no incident INC-${id}`);
  return view;
}

/**
 * Incidents: declared from the Alerts page (an alert attached) or on their own, changed as they go
 * (status, severity, summary, notes and links, each on the timeline), and a postmortem draft from
 * it all. Bodies are JSON only: a cross-site form cannot send them.
 */
export function registerIncidentRoutes(app: FastifyInstance, store: Store): void {
  app.get('/api/incidents', async (request) => {
    const query = parseQuery(incidentsQuery, request.query);
    const found = await store.incidents(query);
    return { incidents: found.map((incident) => ({ ...fieldsOf(incident), alertCount: incident.alertKeys.length })) };
  });

  app.post('/api/incidents', async (request, reply) => {
    parseQuery(noQuery, request.query);
    const body = parseBody(incidentDeclare, request.body);
    const id = await store.declareIncident({
      title: body.title,
      severity: body.severity,
      summary: body.summary,
      createdBy: body.createdBy,
      alertKeys: keysOf(body.alerts),
      links: body.links.map(linkOf),
    });
    reply.code(201);
    return detailOf(await viewOf(store, id));
  });

  app.get<{ Params: { id: string } }>('/api/incidents/:id', async (request) => {
    parseQuery(noQuery, request.query);
    return detailOf(await viewOf(store, idOf(request)));
  });

  app.patch<{ Params: { id: string } }>('/api/incidents/:id', async (request) => {
    parseQuery(noQuery, request.query);
    const id = idOf(request);
    const { alerts, link, ...change } = parseBody(incidentChange, request.body);
    const found = await store.changeIncident(id, {
      ...change,
      ...(alerts === undefined ? {} : { alertKeys: keysOf(alerts) }),
      ...(link === undefined ? {} : { link: linkOf(link) }),
    });
    if (!found) throw new ApiRequestError(404, 'not_found', `no incident INC-${id}`);
    return detailOf(await viewOf(store, id));
  });

  app.get<{ Params: { id: string } }>('/api/incidents/:id/postmortem', async (request, reply) => {
    parseQuery(noQuery, request.query);
    const view = await viewOf(store, idOf(request));
    const consoleUrl = `${request.protocol}://${request.host}`;
    reply.type('text/markdown; charset=utf-8').header('content-disposition', `inline; filename="INC-${view.incident.id}-postmortem.md"`);
    return postmortemMarkdown(view, consoleUrl, Date.now());
  });
}
