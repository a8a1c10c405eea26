import { Agent } from 'node:http';
import { type HealthStatus, readHealthReport, unreachable, worst } from './health-report.js';
import { httpGet } from './http-get.js';
import { DEFAULT_HEALTH_MAX_BODY_BYTES, hostPort, type PollOptionsInput, resolvePollOptions } from './scrape-options.js';

export interface HealthPollerOptions extends Omit<PollOptionsInput, 'maxBodyBytes'> {
  /** A name the scrape learnt for a target (`target_info`'s service_name), used when the report names none. */
  readonly serviceNameOf?: (targetUrl: string) => string | undefined;
  readonly now?: () => number;
}

export interface ServiceHealth {
  readonly service: string;
  readonly target: string;
  readonly health: HealthStatus;
}

export interface HealthPoller {
  /** Polls every target's /healthz now, then every interval; timers are unref()'d. */
  start(): void;
  pollAll(): Promise<void>;
  /** The latest health of a service (the worst of its targets), or undefined if no target is known by that name. */
  healthOf(service: string): HealthStatus | undefined;
  /** Every polled target with its service name and latest health. */
  services(): ServiceHealth[];
  /** Adds a target while running: polled at once, then every interval. */
  addTarget(url: URL): void;
  /** Stops the timer and cancels polls in flight; idempotent. */
  close(): Promise<void>;
}

interface TargetState {
  readonly target: string;
  readonly healthUrl: URL;
  readonly hostPort: string;
  /** Sticky: a service that stops answering keeps the name its last report gave. */
  reportedName: string | undefined;
  health: HealthStatus | undefined;
}

function stateOf(url: URL): TargetState {
  // The SDK serves /healthz on the port that serves /metrics: the same origin.
  return {
    target: url.href,
    healthUrl: new URL('/healthz', url.origin),
    hostPort: hostPort(url),
    reportedName: undefined,
    health: undefined,
  };
}

class HealthzPoller implements HealthPoller {
  private readonly states: TargetState[];
  private readonly inFlight = new Map<TargetState, Promise<void>>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;

  constructor(
    options: ReturnType<typeof resolvePollOptions>,
    private readonly serviceNameOf: (targetUrl: string) => string | undefined,
    private readonly now: () => number,
  ) {
    this.intervalMs = options.intervalMs;
    this.timeoutMs = options.timeoutMs;
    this.states = options.targets.map(({ url }) => stateOf(url));
  }

  addTarget(url: URL): void {
    if (this.closing !== undefined || this.states.some((state) => state.target === url.href)) return;
    this.states.push(stateOf(url));
    if (this.timer === undefined) this.start();
    else void this.pollAll();
  }

  start(): void {
    if (this.timer !== undefined || this.closing !== undefined || this.states.length === 0) return;
    void this.pollAll();
    this.timer = setInterval(() => void this.pollAll(), this.intervalMs);
    this.timer.unref();
  }

  pollAll(): Promise<void> {
    if (this.closing !== undefined) return Promise.resolve();
    const polls = this.states.map((state) => {
      const running = this.inFlight.get(state);
      if (running !== undefined) return running;
      const poll = this.poll(state).finally(() => this.inFlight.delete(state));
      this.inFlight.set(state, poll);
      return poll;
    });
    return Promise.all(polls).then(() => undefined);
  }

  private nameOf(state: TargetState): string {
    return state.reportedName ?? this.serviceNameOf(state.target) ?? state.hostPort;
  }

  healthOf(service: string): HealthStatus | undefined {
    const healths: HealthStatus[] = [];
    for (const state of this.states) if (state.health !== undefined && this.nameOf(state) === service) healths.push(state.health);
    return worst(healths);
  }

  services(): ServiceHealth[] {
    const out: ServiceHealth[] = [];
    for (const state of this.states) {
      if (state.health !== undefined) out.push({ service: this.nameOf(state), target: state.target, health: state.health });
    }
    return out;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.timer);
      this.abort.abort();
      await Promise.allSettled([...this.inFlight.values()]);
      this.agent.destroy();
    })();
    return this.closing;
  }

  /** Never throws: an unreachable service is a `fail` with the reason as its message. */
  private async poll(state: TargetState): Promise<void> {
    const url = state.healthUrl.href;
    let health: HealthStatus;
    try {
      const response = await httpGet(state.healthUrl, {
        timeoutMs: this.timeoutMs,
        maxBodyBytes: DEFAULT_HEALTH_MAX_BODY_BYTES,
        headers: { accept: 'application/json', 'user-agent': 'sightline-console' },
        signal: this.abort.signal,
        agent: state.healthUrl.protocol === 'http:' ? this.agent : undefined,
      });
      const report = readHealthReport(response.status, response.body.toString('utf8'), url, new Date(this.now()).toISOString());
      health = report.health;
      state.reportedName = report.serviceName ?? state.reportedName;
    } catch (error) {
      health = unreachable(url, new Date(this.now()).toISOString(), (error as Error).message);
    }
    if (this.closing === undefined) state.health = health;
  }
}

/** Polls each scrape target's origin for `/healthz` and keeps the latest answer per service. */
export function createHealthPoller(options: HealthPollerOptions): HealthPoller {
  const { serviceNameOf, now, ...poll } = options;
  return new HealthzPoller(resolvePollOptions(poll, 'health poller'), serviceNameOf ?? (() => undefined), now ?? Date.now);
}
