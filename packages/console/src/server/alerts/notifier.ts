import type { Alert, AlertmanagerClient } from '@sightline/sdk/alertmanager';
import type { AlertEpisode, AlertEpisodeChange } from '../store/index.js';
import { alertFacts, alertKey, withStart } from './alert-key.js';

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

/** Where the alert history goes (the store): its open episodes, and each round's changes. */
export interface AlertHistorySink {
  open(): Promise<AlertEpisode[]>;
  record(change: AlertEpisodeChange): Promise<void>;
}

export interface AlertNotifierOptions {
  /** Alertmanager; without one the rounds only keep the history. */
  readonly client?: AlertmanagerClient | undefined;
  /** The alert history: an episode opens when a round first calls for an alert and closes when one no longer does. */
  readonly history?: AlertHistorySink | undefined;
  readonly sources: readonly AlertSource[];
  readonly intervalMs: number;
  /** Where a failed round is reported, once until a round works again. */
  readonly log: (message: string) => void;
  readonly clock?: () => number;
}

/**
 * Every interval and in the background (a timer, outside any request): reads what its sources
 * call for now (error groups, SLOs), keeps the alert history (episodes that start and end), and
 * sends Alertmanager the alerts, resolving at once the ones a round no longer calls for: a group
 * resolved in the console, or an SLO whose burn stopped, stops paging now, not when its last
 * alert runs out.
 */
export class AlertNotifier {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  /** The alerts the last successful round sent, by label set. */
  private firing = new Map<string, Alert>();
  /** The keys of the history's open episodes (read from it at the first round: a restart goes on with them). */
  private open: Set<string> | undefined;
  /**
   * When each alert called for now began (its episode's start; after a restart, the history's):
   * what an alert whose source cannot say (a regressed group, an SLO burning) is sent with as
   * its startsAt. Without one, Alertmanager takes the time it receives it, which moved with
   * every round.
   */
  private starts = new Map<string, number>();
  private lastSentMs: number | null = null;
  private lastError: string | null = null;
  private readonly clock: () => number;
  private readonly troubles: { evaluating: Trouble; history: Trouble; delivery: Trouble };

  constructor(private readonly options: AlertNotifierOptions) {
    this.clock = options.clock ?? Date.now;
    this.troubles = { evaluating: new Trouble(options.log), history: new Trouble(options.log), delivery: new Trouble(options.log) };
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

  /** The Alertmanager and its last round; null without one. */
  delivery(): AlertDelivery | null {
    const { client } = this.options;
    return client === undefined ? null : { url: client.url, lastSentMs: this.lastSentMs, lastError: this.lastError };
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      await this.running;
      await this.options.client?.idle();
    })();
    return this.closing;
  }

  private async send(): Promise<void> {
    const nowMs = this.clock();
    let current: Map<string, Alert>;
    try {
      const alerts = await evaluateSources(this.options.sources, nowMs);
      current = new Map(alerts.map((alert) => [alertKey(alert), alert]));
      this.troubles.evaluating.cleared('alerts are evaluated again');
    } catch (error) {
      this.troubles.evaluating.failed(`alerts could not be evaluated: ${(error as Error).message} (logged again only once they are)`);
      return;
    }
    await this.keepHistory(current, nowMs);
    const starts = new Map<string, number>();
    for (const [key, alert] of current) starts.set(key, this.starts.get(key) ?? episodeOf(key, alert, nowMs).startMs);
    this.starts = starts;
    await this.deliver(withStarts(current, starts), nowMs);
  }

  private async keepHistory(current: Map<string, Alert>, nowMs: number): Promise<void> {
    const { history } = this.options;
    if (history === undefined) return;
    try {
      if (this.open === undefined) {
        const episodes = await history.open();
        this.open = new Set(episodes.map((episode) => episode.key));
        for (const episode of episodes) if (!this.starts.has(episode.key)) this.starts.set(episode.key, episode.startMs);
      }
      const open = this.open;
      const started = [...current].filter(([key]) => !open.has(key)).map(([key, alert]) => episodeOf(key, alert, nowMs));
      const ended = [...open].filter((key) => !current.has(key)).map((key) => ({ key, endMs: nowMs }));
      if (started.length > 0 || ended.length > 0) await history.record({ started, ended });
      this.open = new Set(current.keys());
      this.troubles.history.cleared('the alert history is kept again');
    } catch (error) {
      this.troubles.history.failed(`the alert history could not be kept: ${(error as Error).message} (logged again only once it is)`);
    }
  }

  private async deliver(current: Map<string, Alert>, nowMs: number): Promise<void> {
    const { client } = this.options;
    if (client === undefined) return;
    try {
      const alerts = [...current.values()];
      const ended = [...this.firing].filter(([key]) => !current.has(key)).map(([, alert]) => alert);
      if (ended.length > 0) await client.resolve(ended);
      if (alerts.length > 0) await client.post(alerts);
      this.firing = current;
      this.lastSentMs = nowMs;
      this.lastError = null;
      this.troubles.delivery.cleared(`alerts to ${client.url} are sent again`);
    } catch (error) {
      this.lastError = (error as Error).message;
      this.troubles.delivery.failed(`alerts to ${client.url} failed: ${this.lastError} (logged again only once they are sent)`);
    }
  }
}

/** The alerts, each without a start of its own given its episode's (see AlertNotifier.starts). */
function withStarts(current: Map<string, Alert>, starts: Map<string, number>): Map<string, Alert> {
  const stamped = new Map<string, Alert>();
  for (const [key, alert] of current) stamped.set(key, withStart(alert, starts.get(key)));
  return stamped;
}

/** A new episode of `alert`: from its own start (a new error group's first occurrence), else now. */
function episodeOf(key: string, alert: Alert, nowMs: number): AlertEpisodeChange['started'][number] {
  const startMs = alert.startsAt === undefined ? nowMs : Math.min(new Date(alert.startsAt).getTime(), nowMs);
  return { key, ...alertFacts(alert), startMs };
}

/** Every source's alerts at `nowMs`. */
export async function evaluateSources(sources: readonly AlertSource[], nowMs: number): Promise<Alert[]> {
  return (await Promise.all(sources.map((source) => source(nowMs)))).flat();
}

/** A failure said once, and its end once: a round every interval would otherwise repeat it. */
class Trouble {
  private failing = false;

  constructor(private readonly log: (message: string) => void) {}

  failed(message: string): void {
    if (!this.failing) this.log(message);
    this.failing = true;
  }

  cleared(message: string): void {
    if (this.failing) this.log(message);
    this.failing = false;
  }
}
