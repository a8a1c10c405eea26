import type { AlertEpisode, Incident, IncidentEvent, StoreQueries } from '../store/index.js';

/** An alert attached to an incident, with its episodes around the incident. */
export interface IncidentAlert {
  key: string;
  alertname: string;
  /** Its labels but alertname. */
  labels: Record<string, string>;
  summary: string;
  path: string | null;
  episodes: { startMs: number; endMs: number | null }[];
}

/** An error group the incident touches (an attached alert's, or linked), with its occurrences in the incident's window. */
export interface IncidentErrorGroup {
  fingerprint: string;
  type: string;
  message: string;
  services: string[];
  occurrences: number;
  path: string;
}

/** One line of the timeline: the incident's own events and its alerts' starts and ends, in time order. */
export interface TimelineEntry {
  atMs: number;
  kind: IncidentEvent['kind'] | 'alert-fired' | 'alert-ended';
  author: string | null;
  text: string;
  ref: string | null;
}

export interface IncidentView {
  incident: Incident;
  events: IncidentEvent[];
  alerts: IncidentAlert[];
  errorGroups: IncidentErrorGroup[];
  timeline: TimelineEntry[];
  /** When the first attached alert fired (within a day before it was declared), null without one. */
  detectedMs: number | null;
  /** From detection (or declaration) to the resolve (or now). */
  durationMs: number;
}

/** An alert episode this long before the declaration still belongs to the incident. */
const LOOKBACK_MS = 86_400_000;
const ERROR_PATH = /^\/errors\/([^/?#]+)$/;

function labelsOfKey(key: string): Record<string, string> {
  try {
    const entries = JSON.parse(key) as [string, string][];
    return Array.isArray(entries) ? Object.fromEntries(entries) : {};
  } catch {
    return {};
  }
}

function alertsOf(incident: Incident, episodes: readonly AlertEpisode[], endMs: number): IncidentAlert[] {
  const from = incident.createdMs - LOOKBACK_MS;
  return incident.alertKeys.map((key) => {
    const own = episodes.filter((episode) => episode.key === key && episode.startMs <= endMs && (episode.endMs ?? endMs) >= from);
    const { alertname = '', ...labels } = labelsOfKey(key);
    const latest = own[0];
    return {
      key,
      alertname,
      labels,
      summary: latest?.summary ?? alertname,
      path: latest?.path ?? null,
      episodes: own.map(({ startMs, endMs: end }) => ({ startMs, endMs: end })).reverse(),
    };
  });
}

function timelineOf(events: readonly IncidentEvent[], alerts: readonly IncidentAlert[]): TimelineEntry[] {
  const summaries = new Map(alerts.map((alert) => [alert.key, alert.summary]));
  const entries: TimelineEntry[] = events.map(({ atMs, kind, author, text, ref }) => {
    // An attached alert is named by its summary, its key (a label set) is for machines.
    const summary = kind === 'alert' && ref !== null ? summaries.get(ref) : undefined;
    return summary === undefined
      ? { atMs, kind, author, text, ref }
      : { atMs, kind, author, text: `attached the alert "${summary}"`, ref: null };
  });
  for (const alert of alerts) {
    for (const episode of alert.episodes) {
      entries.push({ atMs: episode.startMs, kind: 'alert-fired', author: null, text: `alert fired: ${alert.summary}`, ref: alert.path });
      if (episode.endMs !== null) {
        entries.push({ atMs: episode.endMs, kind: 'alert-ended', author: null, text: `alert ended: ${alert.summary}`, ref: alert.path });
      }
    }
  }
  // Stable: events keep their order within a millisecond.
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.atMs - b.entry.atMs || a.index - b.index)
    .map(({ entry }) => entry);
}

/** A path segment decoded; undefined for a malformed escape (a link is typed by a person: it must not break the incident). */
function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The fingerprints an incident touches: its alerts' and those of error groups linked on its timeline. */
function fingerprintsOf(alerts: readonly IncidentAlert[], events: readonly IncidentEvent[]): string[] {
  const found = alerts.map((alert) => alert.labels.fingerprint).filter((fingerprint) => fingerprint !== undefined);
  for (const event of events) {
    const match = event.kind === 'link' && event.ref !== null ? ERROR_PATH.exec(event.ref) : null;
    const fingerprint = match?.[1] === undefined ? undefined : decoded(match[1]);
    if (fingerprint !== undefined) found.push(fingerprint);
  }
  return [...new Set(found)];
}

/** An incident with everything its page and its postmortem show; null when there is none. */
export async function readIncident(store: StoreQueries, id: number, nowMs: number): Promise<IncidentView | null> {
  const found = await store.incident(id);
  if (found === null) return null;
  const { incident, events } = found;
  const endMs = incident.resolvedMs ?? nowMs;
  const episodes = incident.alertKeys.length === 0 ? [] : await store.alertEpisodes({ keys: incident.alertKeys, limit: 1_000 });
  const alerts = alertsOf(incident, episodes, endMs);
  const starts = alerts.flatMap((alert) => alert.episodes.map((episode) => episode.startMs));
  const detectedMs = starts.length === 0 ? null : Math.min(...starts);
  const windowStartMs = Math.min(detectedMs ?? incident.createdMs, incident.createdMs);
  const errorGroups: IncidentErrorGroup[] = [];
  for (const fingerprint of fingerprintsOf(alerts, events)) {
    const [group] = await store.errorGroups({
      fingerprint,
      since: BigInt(windowStartMs) * 1_000_000n,
      until: BigInt(endMs) * 1_000_000n + 1n,
      limit: 1,
    });
    if (group === undefined) continue;
    const { type, message, services, count } = group;
    errorGroups.push({ fingerprint, type, message, services, occurrences: count, path: `/errors/${encodeURIComponent(fingerprint)}` });
  }
  return {
    incident,
    events,
    alerts,
    errorGroups,
    timeline: timelineOf(events, alerts),
    detectedMs,
    durationMs: Math.max(0, endMs - windowStartMs),
  };
}
