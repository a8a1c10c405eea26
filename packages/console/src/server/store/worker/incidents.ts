import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Incident, IncidentChange, IncidentDeclaration, IncidentEvent, IncidentQuery } from '../incidents.js';
import { clampLimit, inTransaction, num, numOrNull, Params, rows, text, textOrNull } from './sql.js';

/**
 * Incidents and their timelines, in the main database beside the error group states and the
 * alert history: a handful of rows, never dropped by retention (a postmortem outlives its data).
 * Ids come from sequences, so two declared at once never share one.
 */
export const CREATE_INCIDENT_TABLES = [
  'CREATE SEQUENCE IF NOT EXISTS incident_ids START 1',
  'CREATE SEQUENCE IF NOT EXISTS incident_event_ids START 1',
  `CREATE TABLE IF NOT EXISTS incidents (
    Id BIGINT NOT NULL, Title VARCHAR NOT NULL, Severity VARCHAR NOT NULL, Status VARCHAR NOT NULL,
    Summary VARCHAR NOT NULL, CreatedBy VARCHAR NOT NULL, CreatedMs BIGINT NOT NULL, UpdatedMs BIGINT NOT NULL,
    ResolvedMs BIGINT, AlertKeys VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS incident_events (
    IncidentId BIGINT NOT NULL, Seq BIGINT NOT NULL, AtMs BIGINT NOT NULL, Kind VARCHAR NOT NULL,
    Author VARCHAR NOT NULL, Text VARCHAR NOT NULL, Ref VARCHAR)`,
];

type Event = Omit<IncidentEvent, 'seq' | 'atMs'>;

async function addEvents(connection: DuckDBConnection, id: number, atMs: number, events: readonly Event[]): Promise<void> {
  for (const event of events) {
    await connection.run("INSERT INTO incident_events VALUES ($1, nextval('incident_event_ids'), $2, $3, $4, $5, $6)", [
      BigInt(id),
      BigInt(Math.round(atMs)),
      event.kind,
      event.author,
      event.text,
      event.ref,
    ]);
  }
}

const alertEvents = (keys: readonly string[], author: string): Event[] =>
  keys.map((key) => ({ kind: 'alert', author, text: 'attached an alert', ref: key }));

export async function declareIncident(connection: DuckDBConnection, declaration: IncidentDeclaration, nowMs: number): Promise<number> {
  return inTransaction(connection, async () => {
    const reader = await connection.runAndReadAll("SELECT nextval('incident_ids')");
    const id = num(reader.getRows()[0]?.[0] ?? null);
    const keys = [...new Set(declaration.alertKeys)];
    await connection.run('INSERT INTO incidents VALUES ($1, $2, $3, $4, $5, $6, $7, $7, NULL, $8)', [
      BigInt(id),
      declaration.title,
      declaration.severity,
      'investigating',
      declaration.summary,
      declaration.createdBy,
      BigInt(Math.round(nowMs)),
      JSON.stringify(keys),
    ]);
    await addEvents(connection, id, nowMs, [
      {
        kind: 'declared',
        author: declaration.createdBy,
        text: `declared ${declaration.severity.toUpperCase()}: ${declaration.title}`,
        ref: null,
      },
      ...alertEvents(keys, declaration.createdBy),
      ...(declaration.links ?? []).map((link): Event => ({ kind: 'link', author: declaration.createdBy, text: link.text, ref: link.url })),
    ]);
    return id;
  });
}

/** Applies a change and writes what changed on the timeline; false when there is no such incident. */
export async function changeIncident(connection: DuckDBConnection, id: number, change: IncidentChange, nowMs: number): Promise<boolean> {
  return inTransaction(connection, async () => {
    const [current] = await selectIncidents(connection, 'WHERE Id = $1', [BigInt(id)]);
    if (current === undefined) return false;
    const events: Event[] = [];
    const by = change.author;
    const next = { ...current };
    if (change.title !== undefined && change.title !== current.title) {
      next.title = change.title;
      events.push({ kind: 'title', author: by, text: `renamed it: ${change.title}`, ref: null });
    }
    if (change.severity !== undefined && change.severity !== current.severity) {
      next.severity = change.severity;
      events.push({
        kind: 'severity',
        author: by,
        text: `${current.severity.toUpperCase()} → ${change.severity.toUpperCase()}`,
        ref: null,
      });
    }
    if (change.status !== undefined && change.status !== current.status) {
      next.status = change.status;
      next.resolvedMs = change.status === 'resolved' ? nowMs : null;
      events.push({ kind: 'status', author: by, text: `${current.status} → ${change.status}`, ref: null });
    }
    if (change.summary !== undefined && change.summary !== current.summary) {
      next.summary = change.summary;
      events.push({ kind: 'summary', author: by, text: 'updated the summary', ref: null });
    }
    const added = (change.alertKeys ?? []).filter((key, index, all) => !current.alertKeys.includes(key) && all.indexOf(key) === index);
    next.alertKeys = [...current.alertKeys, ...added];
    events.push(...alertEvents(added, by));
    if (change.note !== undefined) events.push({ kind: 'note', author: by, text: change.note, ref: null });
    if (change.link !== undefined) events.push({ kind: 'link', author: by, text: change.link.text, ref: change.link.url });
    if (events.length === 0) return true;
    await connection.run(
      'UPDATE incidents SET Title = $2, Severity = $3, Status = $4, Summary = $5, UpdatedMs = $6, ResolvedMs = $7, AlertKeys = $8 WHERE Id = $1',
      [
        BigInt(id),
        next.title,
        next.severity,
        next.status,
        next.summary,
        BigInt(Math.round(nowMs)),
        next.resolvedMs === null ? null : BigInt(Math.round(next.resolvedMs)),
        JSON.stringify(next.alertKeys),
      ],
    );
    await addEvents(connection, id, nowMs, events);
    return true;
  });
}

async function selectIncidents(connection: DuckDBConnection, where: string, values: DuckDBValue[], tail = ''): Promise<Incident[]> {
  const params = new Params();
  for (const value of values) params.add(value);
  const found = await rows(connection, `SELECT * FROM incidents ${where} ORDER BY Id DESC ${tail}`, params);
  return found.map((row) => ({
    id: num(row.Id!),
    title: text(row.Title!),
    severity: text(row.Severity!) as Incident['severity'],
    status: text(row.Status!) as Incident['status'],
    summary: text(row.Summary!),
    createdBy: text(row.CreatedBy!),
    createdMs: num(row.CreatedMs!),
    updatedMs: num(row.UpdatedMs!),
    resolvedMs: numOrNull(row.ResolvedMs ?? null),
    alertKeys: JSON.parse(text(row.AlertKeys!)) as string[],
  }));
}

/** Incidents newest first. */
export function incidents(connection: DuckDBConnection, query: IncidentQuery): Promise<Incident[]> {
  const where = query.state === 'open' ? "WHERE Status <> 'resolved'" : query.state === 'resolved' ? "WHERE Status = 'resolved'" : '';
  return selectIncidents(connection, where, [], `LIMIT ${clampLimit(query.limit, 100)}`);
}

/** One incident with its timeline, oldest entry first; null when there is none. */
export async function incident(connection: DuckDBConnection, id: number): Promise<{ incident: Incident; events: IncidentEvent[] } | null> {
  const [found] = await selectIncidents(connection, 'WHERE Id = $1', [BigInt(id)]);
  if (found === undefined) return null;
  const params = new Params();
  const events = await rows(connection, `SELECT * FROM incident_events WHERE IncidentId = ${params.add(BigInt(id))} ORDER BY Seq`, params);
  return {
    incident: found,
    events: events.map((row) => ({
      seq: num(row.Seq!),
      atMs: num(row.AtMs!),
      kind: text(row.Kind!) as IncidentEvent['kind'],
      author: text(row.Author!),
      text: text(row.Text!),
      ref: textOrNull(row.Ref ?? null),
    })),
  };
}
