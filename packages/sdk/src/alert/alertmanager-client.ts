import { z } from 'zod';
import { SightlineConfigError } from '../sightline-error/index.js';
import { type AlertListFilter, alertListQuery } from './alert-filter.js';
import { type Alert, type AlertTime, formatIssue, labelSetSchema, toPostableAlerts, toUncheckedAlerts } from './alert-input.js';
import { type FetchLike, type RequestPolicy, requestAlertmanager, requestAlertmanagerJson } from './alertmanager-request.js';
import type { SilenceInput } from './silence-input.js';
import { type AlertmanagerSilence, createSilence, expireSilence, listSilences, type SilenceListFilter } from './silences.js';

const ALERTS_PATH = '/api/v2/alerts';

const clientOptionsSchema = z
  .object({
    /** Alertmanager's base URL, e.g. http://alertmanager:9093 (a path prefix is kept). */
    url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL, e.g. http://127.0.0.1:9093' }),
    timeoutMs: z.number().int().positive().default(5000),
    retries: z.number().int().min(0).max(10).default(2),
    retryDelayMs: z.number().int().nonnegative().default(200),
    maxRetryDelayMs: z.number().int().nonnegative().default(2000),
    headers: z.record(z.string(), z.string()).default({}),
    /** Labels every alert gets unless it sets them itself (e.g. service, environment). */
    defaultLabels: labelSetSchema.default({}),
    fetch: z.custom<FetchLike>((value) => typeof value === 'function', 'fetch must be a function').optional(),
  })
  .strict();

export type AlertmanagerClientOptions = z.input<typeof clientOptionsSchema>;

export interface SendOptions {
  /** Aborts the call, retries included. */
  readonly signal?: AbortSignal;
  /**
   * False sends the alerts as given and lets Alertmanager judge them (its message then comes
   * back in an AlertmanagerError). Default true: invalid alerts throw SightlineAlertError
   * before anything is sent, so a batch is never half-accepted.
   */
  readonly validate?: boolean;
}

export interface ResolveOptions extends SendOptions {
  /** When the alerts ended; default now. */
  readonly at?: AlertTime;
}

/** One alert as `GET /api/v2/alerts` returns it. */
export interface AlertmanagerAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly updatedAt: string;
  readonly fingerprint: string;
  readonly generatorURL?: string;
  readonly receivers: readonly { readonly name: string }[];
  readonly status: {
    readonly state: 'active' | 'suppressed' | 'unprocessed';
    readonly silencedBy: readonly string[];
    readonly inhibitedBy: readonly string[];
  };
}

export interface AlertmanagerClient {
  /** The base URL, without a trailing slash. */
  readonly url: string;
  /** Fires (or refreshes) alerts: `POST /api/v2/alerts`. */
  post(alerts: Alert | readonly Alert[], options?: SendOptions): Promise<void>;
  /** Resolves alerts, identified by their labels: posts them with `endsAt` now (or `at`). */
  resolve(alerts: Alert | readonly Alert[], options?: ResolveOptions): Promise<void>;
  /** `GET /api/v2/alerts`: resolved alerts are not listed. */
  list(filter?: AlertListFilter, options?: { readonly signal?: AbortSignal }): Promise<AlertmanagerAlert[]>;
  /**
   * Creates a silence (`POST /api/v2/silences`) and resolves with its id. Checked first
   * (SightlineAlertError); not retried, since a retry after a lost answer would make a second silence.
   */
  silence(input: SilenceInput, options?: { readonly signal?: AbortSignal }): Promise<string>;
  /** `GET /api/v2/silences`: every silence Alertmanager still keeps, expired ones included (see `status.state`). */
  silences(filter?: SilenceListFilter, options?: { readonly signal?: AbortSignal }): Promise<AlertmanagerSilence[]>;
  /** Ends a silence now (`DELETE /api/v2/silence/{id}`); ending an expired one succeeds. */
  expireSilence(id: string, options?: { readonly signal?: AbortSignal }): Promise<void>;
  /** Resolves once no call of this client is under way (for shutdown). */
  idle(): Promise<void>;
}

/**
 * A small Alertmanager v2 client over fetch: validated alerts, named errors carrying
 * Alertmanager's own message, bounded retries for 5xx and network errors, per-attempt timeouts.
 */
export function createAlertmanagerClient(input: AlertmanagerClientOptions): AlertmanagerClient {
  const parsed = clientOptionsSchema.safeParse(input);
  if (!parsed.success) throw new SightlineConfigError(parsed.error.issues.map((issue) => formatIssue(issue, '')));
  const options = parsed.data;
  const url = options.url.replace(/\/+$/, '');
  const policy: RequestPolicy = {
    baseUrl: url,
    headers: options.headers,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    retryDelayMs: options.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs,
    fetch: options.fetch ?? ((target, init) => globalThis.fetch(target, init)),
  };
  const defaultLabels = options.defaultLabels;
  const pending = new Set<Promise<unknown>>();

  function track<T>(call: Promise<T>): Promise<T> {
    pending.add(call);
    const forget = () => pending.delete(call);
    call.then(forget, forget);
    return call;
  }

  async function send(alerts: Alert | readonly Alert[], sendOptions: SendOptions): Promise<void> {
    const list = (Array.isArray(alerts) ? alerts : [alerts]) as readonly Alert[];
    const body = sendOptions.validate === false ? toUncheckedAlerts(list, defaultLabels) : toPostableAlerts(list, defaultLabels);
    await requestAlertmanager(policy, 'POST', ALERTS_PATH, JSON.stringify(body), sendOptions.signal);
  }

  function fetchList(filter: AlertListFilter | undefined, signal: AbortSignal | undefined): Promise<AlertmanagerAlert[]> {
    const path = `${ALERTS_PATH}${alertListQuery(filter)}`;
    return requestAlertmanagerJson(policy, 'GET', path, undefined, signal, { what: 'a JSON array of alerts', accept: Array.isArray });
  }

  return {
    url,
    post: (alerts, sendOptions = {}) => track(send(alerts, sendOptions)),
    resolve(alerts, { at, ...sendOptions } = {}) {
      const endsAt = at ?? new Date();
      const list = (Array.isArray(alerts) ? alerts : [alerts]) as readonly Alert[];
      return track(
        send(
          list.map((alert) => ({ ...alert, endsAt })),
          sendOptions,
        ),
      );
    },
    list: (filter, listOptions = {}) => track(fetchList(filter, listOptions.signal)),
    silence: (input, callOptions = {}) => track(createSilence(policy, input, callOptions.signal)),
    silences: (filter, callOptions = {}) => track(listSilences(policy, filter, callOptions.signal)),
    expireSilence: (id, callOptions = {}) => track(expireSilence(policy, id, callOptions.signal)),
    idle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
