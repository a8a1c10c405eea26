import type { Alert } from '@sightline/sdk/alertmanager';
import type { AlertEpisode } from '../store/index.js';
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
  silences: AlertSilences | undefined,
): AlertFeed {
  return { current: (nowMs) => evaluateSources(sources, nowMs), delivery, history, silences };
}
