import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { SightlineMetricError } from '../sightline-error/index.js';
import { type MetricKind, validateLabelNames, validateMetricName } from './names.js';
import { labelKey, overflowLabels, type SeriesGuard } from './series-guard.js';

export interface MetricDeclaration<L extends string = string> {
  /** Full metric name, following Prometheus rules (`_total` for counters, base units). */
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
  /** Series limit for this metric; defaults to the observer's maxSeriesPerMetric. */
  readonly maxSeries?: number;
}

export interface HistogramDeclaration<L extends string = string> extends MetricDeclaration<L> {
  readonly buckets?: readonly number[];
}

type Labels = Record<string, string | number>;

/**
 * Maps an incoming label set to itself, or to the overflow set once the guard says so.
 * The overflow set itself always passes: prom-client's labels() children call back into the
 * guarded inc/set, so a folded set is seen twice and must not be counted as a second fold.
 */
function guardLabels(guard: SeriesGuard, labelNames: readonly string[], overflow: Labels) {
  const overflowKey = labelKey(labelNames, overflow);
  return (labels: Labels): Labels => {
    const key = labelKey(labelNames, labels);
    return key === overflowKey || guard.admit(key) ? labels : overflow;
  };
}

function labelArgs(labelNames: readonly string[], args: unknown[]): Labels {
  if (args.length === 1 && typeof args[0] === 'object' && args[0] !== null) return args[0] as Labels;
  return Object.fromEntries(labelNames.map((name, i) => [name, args[i] as string | number]));
}

type Method = (...args: unknown[]) => unknown;

/**
 * Routes every label set that reaches the metric through the guard. Methods are wrapped on
 * the instance: prom-client assigns some of them (Counter#inc, Histogram#observe) per
 * instance in its constructor, so subclass overrides would never run.
 */
function guardInstance<T extends object>(
  metric: T,
  methods: readonly string[],
  labelNames: readonly string[],
  admit: (labels: Labels) => Labels,
): T {
  const target = metric as unknown as Record<string, Method>;
  for (const method of methods) {
    const original = target[method] as Method;
    target[method] = function guarded(this: unknown, ...args: unknown[]) {
      if (typeof args[0] === 'object' && args[0] !== null) args[0] = admit(args[0] as Labels);
      return original.apply(this, args);
    };
  }
  const labels = target.labels as Method;
  target.labels = function guardedLabels(this: unknown, ...args: unknown[]) {
    return labels.call(this, admit(labelArgs(labelNames, args)));
  };
  return metric;
}

export type GuardFactory = (metric: string, limit: number | undefined) => SeriesGuard;

/**
 * prom-client metrics declared with validated names and a series guard: a counter, gauge or
 * histogram whose label sets exceed the limit folds new ones into `__overflow__`. The objects
 * returned are the prom-client classes users know, registered in the observer's registry.
 */
export class BusinessMetrics {
  readonly #registry: Registry;
  readonly #prefix: string;
  readonly #guardFor: GuardFactory;

  constructor(registry: Registry, prefix: string, guardFor: GuardFactory) {
    this.#registry = registry;
    this.#prefix = prefix;
    this.#guardFor = guardFor;
  }

  #prepare<L extends string>(kind: MetricKind, declaration: MetricDeclaration<L>) {
    const name = this.#prefix + declaration.name;
    validateMetricName(name, kind);
    const labelNames = (declaration.labelNames ?? []) as readonly L[];
    validateLabelNames(name, labelNames, kind);
    if (this.#registry.getSingleMetric(name) !== undefined) {
      throw new SightlineMetricError('SL_METRIC_DUPLICATE', `metric "${name}" is already declared in this observer's registry`);
    }
    const guard = this.#guardFor(name, declaration.maxSeries);
    return { name, labelNames, admit: guardLabels(guard, labelNames, overflowLabels(labelNames)) };
  }

  counter<L extends string>(declaration: MetricDeclaration<L>): Counter<L> {
    const { name, labelNames, admit } = this.#prepare('counter', declaration);
    const counter = new Counter<L>({ name, help: declaration.help, labelNames, registers: [this.#registry] });
    return guardInstance(counter, ['inc'], labelNames, admit);
  }

  gauge<L extends string>(declaration: MetricDeclaration<L> & { collect?: (this: Gauge<L>) => void | Promise<void> }): Gauge<L> {
    const { name, labelNames, admit } = this.#prepare('gauge', declaration);
    const gauge = new Gauge<L>({
      name,
      help: declaration.help,
      labelNames,
      registers: [this.#registry],
      ...(declaration.collect ? { collect: declaration.collect } : {}),
    });
    return guardInstance(gauge, ['inc', 'dec', 'set'], labelNames, admit);
  }

  histogram<L extends string>(declaration: HistogramDeclaration<L>): Histogram<L> {
    const { name, labelNames, admit } = this.#prepare('histogram', declaration);
    const histogram = new Histogram<L>({
      name,
      help: declaration.help,
      labelNames,
      registers: [this.#registry],
      ...(declaration.buckets ? { buckets: [...declaration.buckets] } : {}),
    });
    return guardInstance(histogram, ['observe'], labelNames, admit);
  }
}
