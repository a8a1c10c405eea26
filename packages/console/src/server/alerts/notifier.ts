import type { Alert, AlertmanagerClient } from '@sightline/sdk/alertmanager';
import { alertKey } from './alert-key.js';

/** What calls for an alert now: read when a round starts, with that round's clock. */
export type AlertSource = (nowMs: number) => Promise<Alert[]>;

/** Where the alerts go and how the last round went. */
export interface AlertDelivery {
  readonly url: string;
  /** When a round last sent (or resolved) everything it had to, ms; null before the first. */
  readonly lastSentMs: number | null;
  /** Why the last round failed, null when it did not. */
  readonly lastError: string | null;
}

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
  private lastSentMs: number | null = null;
  private lastError: string | null = null;
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

  delivery(): AlertDelivery {
    return { url: this.options.client.url, lastSentMs: this.lastSentMs, lastError: this.lastError };
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
      this.lastSentMs = nowMs;
      this.lastError = null;
      if (this.failing) log(`alerts to ${client.url} are sent again`);
      this.failing = false;
    } catch (error) {
      this.lastError = (error as Error).message;
      if (!this.failing) log(`alerts to ${client.url} failed: ${this.lastError} (logged again only once they are sent)`);
      this.failing = true;
    }
  }
}
