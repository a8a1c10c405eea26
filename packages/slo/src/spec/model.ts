/**
 * One SLO spec as the generators see it, whatever file format it came from: a target over a
 * window on a ratio of good to total events.
 */
export interface SloSpec {
  /** The file format: `sightline/v1`, or Sloth's `prometheus/v1` taken as it is. */
  readonly version: 'sightline/v1' | 'prometheus/v1';
  readonly service: string;
  /** Labels on every rule and alert of the service. */
  readonly labels: Readonly<Record<string, string>>;
  /** How the service's request metrics are found (used by availability and latency SLIs). */
  readonly metrics: MetricsSource;
  readonly slos: readonly Slo[];
}

export interface MetricsSource {
  /** Label matchers that pick this service's series, e.g. `{ job: 'orders-api' }`. */
  readonly selector: Readonly<Record<string, string>>;
  /** The SDK's `metrics.prefix`, if the service sets one. */
  readonly prefix: string;
  /** Bucket boundaries (seconds) of the request duration histogram: a latency threshold must be one. */
  readonly durationBuckets: readonly number[];
}

export interface Slo {
  /** `<service>-<name>`: the `sloth_id` label, unique across specs. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Percent in (0, 100), e.g. 99.9. */
  readonly objective: number;
  readonly window: SloWindow;
  readonly sli: Sli;
  /** The service's labels with this SLO's on top. */
  readonly labels: Readonly<Record<string, string>>;
  readonly alerting: Alerting;
}

export interface SloWindow {
  /** As written: `30d`, `4w`. */
  readonly text: string;
  readonly seconds: number;
}

/** Requests of some routes (all when `routes` is empty) and methods (all when empty). */
export interface RequestScope {
  readonly routes: readonly string[];
  readonly methods: readonly string[];
}

export type Sli =
  | ({ readonly kind: 'availability' } & RequestScope)
  | ({ readonly kind: 'latency' /** Seconds; a bucket boundary. */; readonly threshold: number } & RequestScope)
  | { readonly kind: 'events'; readonly errorQuery: string; readonly totalQuery: string }
  | { readonly kind: 'raw'; readonly errorRatioQuery: string };

export interface Alerting {
  /** The alert's name (`alertname`), shared by its page and ticket alerts. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly runbookUrl: string | undefined;
  readonly page: AlertOverride;
  readonly ticket: AlertOverride;
}

export interface AlertOverride {
  readonly disable: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The SDK's default request duration buckets (seconds): `metrics.durationBuckets`. */
export const SDK_DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export const DEFAULT_WINDOW = '30d';
