/** Incidents: what the store keeps of one and of its timeline (the console's incident records). */

export const INCIDENT_SEVERITIES = ['sev1', 'sev2', 'sev3'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** Investigating → identified → monitoring → resolved (and back, if it was not over). */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface Incident {
  /** 1, 2, 3…: shown as INC-1. */
  id: number;
  title: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  /** What is known: impact, cause, state; edited as the incident goes. */
  summary: string;
  createdBy: string;
  createdMs: number;
  updatedMs: number;
  /** When it was last resolved; null while open. */
  resolvedMs: number | null;
  /** The alerts attached to it, by key (their label set, as the alert history keys them). */
  alertKeys: string[];
}

/**
 * One entry of an incident's timeline. `declared`, `status`, `severity`, `title`, `summary` and
 * `alert` are written by the changes themselves; `note` is a person's, `link` points at a console
 * page (a trace, an error group, a log search) or any URL.
 */
export interface IncidentEvent {
  seq: number;
  atMs: number;
  kind: 'declared' | 'status' | 'severity' | 'title' | 'summary' | 'alert' | 'note' | 'link';
  author: string;
  text: string;
  /** A `link`'s target; an `alert`'s key. */
  ref: string | null;
}

export interface IncidentDeclaration {
  title: string;
  severity: IncidentSeverity;
  summary: string;
  createdBy: string;
  /** Alerts to attach, by key. */
  alertKeys: string[];
  /** Links on the timeline from the start (e.g. an attached alert's runbook). */
  links?: { url: string; text: string }[];
}

/** A change to an incident by `author`: each field given is set, and said on its timeline. */
export interface IncidentChange {
  author: string;
  title?: string;
  severity?: IncidentSeverity;
  status?: IncidentStatus;
  summary?: string;
  /** Attaches more alerts (by key). */
  alertKeys?: string[];
  note?: string;
  link?: { url: string; text: string };
}

export interface IncidentQuery {
  /** open: not resolved; resolved; all (the default). */
  state?: 'open' | 'resolved' | 'all';
  /** Default 100, at most 1000. */
  limit?: number;
}
