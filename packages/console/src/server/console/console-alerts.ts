import { createAlertmanagerClient } from '@sightline/sdk/alertmanager';
import type { SloSpec } from '@sightline/slo';
import { type AlertFeed, AlertNotifier, alertFeed, alertSilences, errorGroupAlerts, incidentAlerts, sloAlerts } from '../alerts/index.js';
import type { ConsoleLog } from '../log/index.js';
import { trackedSlos } from '../slo/index.js';
import type { Store } from '../store/index.js';

export interface ConsoleAlertsOptions {
  readonly store: Store;
  readonly slos: readonly SloSpec[];
  /** The console's UI, which the alerts link to: read once it listens (rounds start, and `/api/alerts` is asked, only then). */
  readonly consoleUrl: () => string;
  /** Alertmanager's base URL; without one the alerts are only listed (`/api/alerts`). */
  readonly alertmanager: string | undefined;
  readonly intervalMs: number;
  readonly newErrorForMs: number;
  readonly log: ConsoleLog;
}

/** How long a request that lists, makes or ends silences waits for Alertmanager. */
const SILENCE_TIMEOUT_MS = 3_000;

/** The console's alerts: error groups and SLOs as sources, their history kept, sent to Alertmanager every interval when one is given. */
export function createConsoleAlerts(options: ConsoleAlertsOptions): { feed: AlertFeed; start(): void; close(): Promise<void> } {
  const settings = { consoleUrl: options.consoleUrl, intervalMs: options.intervalMs };
  const sources = [
    errorGroupAlerts(options.store, { ...settings, newForMs: options.newErrorForMs }),
    sloAlerts(options.store, trackedSlos(options.slos), settings),
    incidentAlerts(options.store, settings),
  ];
  // Rounds run with or without an Alertmanager: they keep the alert history.
  const notifier = new AlertNotifier({
    client: options.alertmanager === undefined ? undefined : createAlertmanagerClient({ url: options.alertmanager }),
    history: {
      open: () => options.store.alertEpisodes({ open: true, limit: 1_000 }),
      record: (change) => options.store.recordAlertEpisodes(change),
    },
    sources,
    intervalMs: options.intervalMs,
    log: options.log.warn,
  });
  return {
    feed: alertFeed(
      sources,
      () => notifier.delivery(),
      (limit) => options.store.alertEpisodes({ limit }),
      () => options.store.alertEpisodes({ open: true, limit: 1_000 }),
      // Asked while a request waits: one attempt, bounded, rather than the rounds' retries.
      options.alertmanager === undefined
        ? undefined
        : alertSilences(createAlertmanagerClient({ url: options.alertmanager, timeoutMs: SILENCE_TIMEOUT_MS, retries: 0 })),
    ),
    start: () => notifier.start(),
    close: () => notifier.close(),
  };
}
