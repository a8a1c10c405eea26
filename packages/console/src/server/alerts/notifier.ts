import type { Alert, AlertmanagerClient } from '@sightline/sdk/alertmanager';
import { alertKey } from './alert-key.js';

/** What calls for an alert now: read when a round starts, with that round's clock. */
export type AlertSource = (nowMs: number) => Promise<Alert[]>;

export interface AlertNotifierOptions {
  readonly client: AlertmanagerClient;
  readonly sources: readonly AlertSource[];
  readonly intervalMs: number;
  /** Where a failed round is reported, once until a round works again. */
  readonly log: (message: string) => void;
  readonly clock?: () => number;
}

/**
 * Sends Alertmanager, every interval and in the background (a timer, outside any request), the
 * alerts its sources call for now (error groups, SLOs), and resolves at once the ones a round no
 * longer calls for: a group resolved in the console, or an SLO whose burn stopped, stops paging
 * now, not when its last alert runs out.
 */
export class AlertNotifier {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** The alerts the last successful round sent, by label set. */
  private firing = new Map<string, Alert>();
  private failing = false;
  private readonly clock: () => number;

  constructor(private readonly options: AlertNotifierOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** A round now, then one every interval; the timer is unref()'d. */
  start(): void {
    if (this.timer !== undefined || this.closing !== undefined) return;
    void this.round();
    this.timer = setInterval(() => void this.round(), this.options.intervalMs);
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
    const { client, sources, log } = this.options;
    const nowMs = this.clock();
    try {
      const alerts = (await Promise.all(sources.map((source) => source(nowMs)))).flat();
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
