import type { Alert } from '@sightline/sdk/alertmanager';
import type { AlertEpisode } from '../store/index.js';
import { alertKey, withStart } from './alert-key.js';
import { type AlertDelivery, type AlertSource, evaluateSources } from './notifier.js';
import type { AlertSilences } from './silences.js';

/** The alerts the console's evaluation calls for now, and where they go: what `/api/alerts` answers. */
export interface AlertFeed {
  /** Every source's alerts at `nowMs` (whether or not an Alertmanager gets them). */
  current(nowMs: number): Promise<Alert[]>;
  /** The Alertmanager they are sent to and how the last round went; null when none was given. */
  delivery(): AlertDelivery | null;
  /** The alert history, newest episode first. */
  history(limit: number): Promise<AlertEpisode[]>;
  /** The Alertmanager's silences; undefined without one. */
  readonly silences: AlertSilences | undefined;
}

export function alertFeed(
  sources: readonly AlertSource[],
  delivery: () => AlertDelivery | null,
  history: (limit: number) => Promise<AlertEpisode[]>,
  openEpisodes: () => Promise<AlertEpisode[]>,
  silences: AlertSilences | undefined,
): AlertFeed {
  const current = async (nowMs: number) => withEpisodeStarts(await evaluateSources(sources, nowMs), openEpisodes);
  return { current, delivery, history, silences };
}

/**
 * An alert whose source cannot say when it began (a regressed error group, an SLO burning) gets
 * the start of its open episode in the history: when a round first called for it.
 */
async function withEpisodeStarts(alerts: Alert[], openEpisodes: () => Promise<AlertEpisode[]>): Promise<Alert[]> {
  if (alerts.every((alert) => alert.startsAt !== undefined)) return alerts;
  const started = new Map((await openEpisodes()).map((episode) => [episode.key, episode.startMs]));
  return alerts.map((alert) => withStart(alert, started.get(alertKey(alert))));
}
