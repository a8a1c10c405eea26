import type { Alert, AlertmanagerClient } from '@sightline/sdk/alertmanager';
import type { Store } from '../store/index.js';
import { alertKey, type ErrorAlertSettings, errorAlertsOf } from './error-alerts.js';

/** How far back the notifier reads error groups: a day, as the errors page opens. */
const LOOKBACK_MS = 24 * 3_600_000;
/** Groups read per round: the most frequent first. */
const GROUPS_PER_ROUND = 1_000;

export interface ErrorNotifierOptions {
  readonly store: Store;
  readonly client: AlertmanagerClient;
  readonly settings: ErrorAlertSettings;
  /** Where a failed send is reported, once until sends work again. */
  readonly log: (message: string) => void;
  readonly clock?: () => number;
}

/**
 * Sends Alertmanager the alerts of new and regressed error groups (error-alerts.ts) every
 * interval, in the background (a timer, outside any request), and resolves at once the ones a
 * round no longer calls for: a group resolved or ignored in the console stops paging now, not
 * when its last alert runs out.
 */
export class ErrorNotifier {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** The alerts the last successful round sent, by label set. */
  private firing = new Map<string, Alert>();
  private failing = false;
  private readonly clock: () => number;

  constructor(private readonly options: ErrorNotifierOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** A round now, then one every interval; the timer is unref()'d. */
  start(): void {
    if (this.timer !== undefined || this.closing !== undefined) return;
    void this.round();
    this.timer = setInterval(() => void this.round(), this.options.settings.intervalMs);
    this.timer.unref();
  }

  /** One round (a round already under way is waited for, not doubled). Never throws. */
  round(): Promise<void> {
    if (this.closing !== undefined) return Promise.resolve();
    this.running ??= this.send().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      await this.running;
      await this.options.client.idle();
    })();
    return this.closing;
  }

  private async send(): Promise<void> {
    const { store, client, settings, log } = this.options;
    const nowMs = this.clock();
    try {
      const groups = await store.errorGroups({
        since: BigInt(nowMs - LOOKBACK_MS) * 1_000_000n,
        status: 'unresolved',
        limit: GROUPS_PER_ROUND,
      });
      const alerts = errorAlertsOf(groups, nowMs, settings);
      const current = new Map(alerts.map((alert) => [alertKey(alert), alert]));
      const ended = [...this.firing].filter(([key]) => !current.has(key)).map(([, alert]) => alert);
      if (ended.length > 0) await client.resolve(ended);
      if (alerts.length > 0) await client.post(alerts);
      this.firing = current;
      if (this.failing) log(`alerts to ${client.url} are sent again`);
      this.failing = false;
    } catch (error) {
      if (!this.failing) log(`alerts to ${client.url} failed: ${(error as Error).message} (logged again only once they are sent)`);
      this.failing = true;
    }
  }
}
