import { Agent } from 'node:http';
import { writeConsoleLine } from '../log/index.js';
import type { ScrapeSampleRow, Store } from '../store/index.js';
import { type Exposition, type ExpositionFormat, parseExposition } from './exposition-parser.js';
import { httpGet } from './http-get.js';
import { ExpositionParseError } from './scrape-errors.js';
import { type PollOptionsInput, type ResolvedTarget, resolvePollOptions } from './scrape-options.js';
import { reportRows, sampleRows, serviceNameIn } from './scrape-rows.js';

/** What Prometheus sends: OpenMetrics first (it alone carries exemplars), the text format as fallback. */
export const SCRAPE_ACCEPT = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5';

export interface ScraperOptions extends PollOptionsInput {
  readonly store: Pick<Store, 'appendScrapeSamples'>;
  /** One line per state change of a target (down, back up) or of the store; default: stderr. */
  readonly log?: (message: string) => void;
  /** Wall clock in ms (sample times); default Date.now. */
  readonly now?: () => number;
}

export interface TargetStatus {
  readonly url: string;
  readonly job: string;
  readonly health: 'unknown' | 'up' | 'down';
  readonly lastError: string | undefined;
  readonly lastScrapeMs: number | undefined;
  readonly lastDurationSeconds: number | undefined;
  readonly lastSamples: number;
  readonly scrapes: number;
  /** Scrapes that failed: unreachable, timed out, too large, not 2xx, or not a valid exposition. */
  readonly failures: number;
  /** Appends the store refused (full queue, closed). */
  readonly storeFailures: number;
  /** From `target_info{service_name=…}` (or any `service_name` label) of the latest good scrape. */
  readonly serviceName: string | undefined;
}

export interface Scraper {
  /** The first scrape of every target now, then one every interval; timers are unref()'d. */
  start(): void;
  /** Scrapes every target once (skipping one still in flight) and resolves when their samples are stored. */
  scrapeAll(): Promise<void>;
  status(): TargetStatus[];
  serviceNameOf(url: string): string | undefined;
  /** Adds a target while running (a service started after the console): scraped at once, then every interval. */
  addTarget(target: ResolvedTarget): void;
  /** Stops the timer, cancels scrapes in flight and waits for them; idempotent. Nothing is stored after it resolves. */
  close(): Promise<void>;
}

type MutableStatus = { -readonly [K in keyof TargetStatus]: TargetStatus[K] };

function formatOf(contentType: string | undefined): ExpositionFormat {
  return contentType?.toLowerCase().startsWith('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
}

/** Decodes strictly (invalid UTF-8 fails the scrape, as in Prometheus) and parses. */
function parseBody(body: Buffer, format: ExpositionFormat): Exposition {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    let line = 1;
    for (let start = 0; start < body.length; line++) {
      const end = body.indexOf(0x0a, start);
      const slice = body.subarray(start, end === -1 ? body.length : end);
      if (!Buffer.from(slice.toString('utf8'), 'utf8').equals(slice)) break;
      start = end === -1 ? body.length : end + 1;
    }
    throw new ExpositionParseError(line, 'invalid UTF-8');
  }
  return parseExposition(text, format);
}

class PrometheusScraper implements Scraper {
  private readonly targets: ResolvedTarget[];
  private readonly statuses = new Map<string, MutableStatus>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private storeFailing = false;
  private readonly log: (message: string) => void;
  private readonly now: () => number;

  constructor(
    private readonly options: ReturnType<typeof resolvePollOptions>,
    private readonly store: Pick<Store, 'appendScrapeSamples'>,
    log: ((message: string) => void) | undefined,
    now: (() => number) | undefined,
  ) {
    this.targets = [...options.targets];
    this.log = log ?? writeConsoleLine;
    this.now = now ?? Date.now;
    for (const target of this.targets) this.track(target);
  }

  addTarget(target: ResolvedTarget): void {
    if (this.closing !== undefined || this.statuses.has(target.url.href)) return;
    this.targets.push(target);
    this.track(target);
    if (this.timer === undefined) this.start();
    else void this.scrapeAll();
  }

  private track(target: ResolvedTarget): void {
    this.statuses.set(target.url.href, {
      url: target.url.href,
      job: target.job,
      health: 'unknown',
      lastError: undefined,
      lastScrapeMs: undefined,
      lastDurationSeconds: undefined,
      lastSamples: 0,
      scrapes: 0,
      failures: 0,
      storeFailures: 0,
      serviceName: undefined,
    });
  }

  start(): void {
    if (this.timer !== undefined || this.closing !== undefined || this.targets.length === 0) return;
    void this.scrapeAll();
    this.timer = setInterval(() => void this.scrapeAll(), this.options.intervalMs);
    this.timer.unref();
  }

  scrapeAll(): Promise<void> {
    if (this.closing !== undefined) return Promise.resolve();
    const rounds = this.targets.map((target) => {
      const running = this.inFlight.get(target.url.href);
      if (running !== undefined) return running;
      const scrape = this.scrape(target).finally(() => this.inFlight.delete(target.url.href));
      this.inFlight.set(target.url.href, scrape);
      return scrape;
    });
    return Promise.all(rounds).then(() => undefined);
  }

  status(): TargetStatus[] {
    return [...this.statuses.values()].map((status) => ({ ...status }));
  }

  serviceNameOf(url: string): string | undefined {
    return this.statuses.get(new URL(url).href)?.serviceName;
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

  /** One scrape; never throws: every failure ends as `up 0`, a count and (on a change) one log line. */
  private async scrape(target: ResolvedTarget): Promise<void> {
    const status = this.statuses.get(target.url.href) as MutableStatus;
    const startedMs = this.now();
    const started = performance.now();
    const context = { timeUnixNano: BigInt(Math.round(startedMs)) * 1_000_000n, target: target.url.href, job: target.job };
    let rows: ScrapeSampleRow[] = [];
    let error: string | undefined;
    try {
      const response = await httpGet(target.url, {
        timeoutMs: this.options.timeoutMs,
        maxBodyBytes: this.options.maxBodyBytes,
        headers: {
          accept: SCRAPE_ACCEPT,
          'user-agent': 'sightline-console',
          'x-prometheus-scrape-timeout-seconds': String(this.options.timeoutMs / 1000),
        },
        signal: this.abort.signal,
        agent: target.url.protocol === 'http:' ? this.agent : undefined,
      });
      if (response.status < 200 || response.status > 299) throw new Error(`server returned HTTP status ${response.status}`);
      const exposition = parseBody(response.body, formatOf(response.contentType));
      rows = sampleRows(exposition, context);
      status.serviceName = serviceNameIn(exposition) ?? status.serviceName;
    } catch (caught) {
      error = caught instanceof ExpositionParseError ? `invalid exposition, ${caught.message}` : (caught as Error).message;
      rows = [];
    }
    if (this.closing !== undefined) return;
    const durationSeconds = (performance.now() - started) / 1000;
    this.record(status, startedMs, durationSeconds, rows.length, error);
    await this.append([...rows, ...reportRows(context, error === undefined, durationSeconds, rows.length)], status);
  }

  private record(status: MutableStatus, startedMs: number, durationSeconds: number, samples: number, error: string | undefined): void {
    const health = error === undefined ? 'up' : 'down';
    if (health === 'down' && status.health !== 'down') {
      this.log(`scrape of ${status.url} failed: ${error} (up 0; logged again only once it recovers)`);
    } else if (health === 'up' && status.health === 'down') {
      this.log(`scrape of ${status.url} recovered (up 1)`);
    }
    status.health = health;
    status.lastError = error;
    status.lastScrapeMs = startedMs;
    status.lastDurationSeconds = durationSeconds;
    status.lastSamples = samples;
    status.scrapes++;
    if (error !== undefined) status.failures++;
  }

  private async append(rows: ScrapeSampleRow[], status: MutableStatus): Promise<void> {
    try {
      await this.store.appendScrapeSamples(rows);
      if (this.storeFailing) this.log('scrape samples are stored again');
      this.storeFailing = false;
    } catch (error) {
      status.storeFailures++;
      if (!this.storeFailing)
        this.log(`scrape samples of ${status.url} were not stored: ${(error as Error).message} (logged again only once it recovers)`);
      this.storeFailing = true;
    }
  }
}

/** Prometheus-style scraping of `targets` into the store: see ScraperOptions and the README's "Scraping". */
export function createScraper(options: ScraperOptions): Scraper {
  const { store, log, now, ...poll } = options;
  return new PrometheusScraper(resolvePollOptions(poll, 'scraper'), store, log, now);
}
