import { Counter, type CounterConfiguration, Gauge, Histogram, type HistogramConfiguration, type Registry } from 'prom-client';
import { SightlineMetricError } from '../config/errors.js';
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
    class GuardedCounter extends Counter<L> {
      constructor(configuration: CounterConfiguration<L>) {
        super(configuration);
        // prom-client assigns `inc` on the instance in its constructor, so a prototype override would never run.
        const inc = this.inc as (...a: unknown[]) => void;
        this.inc = ((...args: unknown[]) => {
          if (typeof args[0] === 'object' && args[0] !== null) args[0] = admit(args[0] as Labels);
          inc.apply(this, args);
        }) as Counter<L>['inc'];
      }
      override labels(...args: unknown[]) {
        return super.labels(admit(labelArgs(labelNames, args)) as never);
      }
    }
    return new GuardedCounter({ name, help: declaration.help, labelNames, registers: [this.#registry] });
  }

  gauge<L extends string>(declaration: MetricDeclaration<L> & { collect?: (this: Gauge<L>) => void | Promise<void> }): Gauge<L> {
    const { name, labelNames, admit } = this.#prepare('gauge', declaration);
    class GuardedGauge extends Gauge<L> {
      override inc(...args: unknown[]): void {
        if (typeof args[0] === 'object' && args[0] !== null) args[0] = admit(args[0] as Labels);
        (super.inc as (...a: unknown[]) => void)(...args);
      }
      override dec(...args: unknown[]): void {
        if (typeof args[0] === 'object' && args[0] !== null) args[0] = admit(args[0] as Labels);
        (super.dec as (...a: unknown[]) => void)(...args);
      }
      override set(...args: unknown[]): void {
        if (typeof args[0] === 'object' && args[0] !== null) args[0] = admit(args[0] as Labels);
        (super.set as (...a: unknown[]) => void)(...args);
      }
      override labels(...args: unknown[]) {
        return super.labels(admit(labelArgs(labelNames, args)) as never);
      }
    }
    return new GuardedGauge({
      name,
      help: declaration.help,
      labelNames,
      registers: [this.#registry],
      ...(declaration.collect ? { collect: declaration.collect } : {}),
    });
  }

  histogram<L extends string>(declaration: HistogramDeclaration<L>): Histogram<L> {
    const { name, labelNames, admit } = this.#prepare('histogram', declaration);
    class GuardedHistogram extends Histogram<L> {
      constructor(configuration: HistogramConfiguration<L>) {
        super(configuration);
        // prom-client assigns `observe` on the instance in its constructor, so a prototype override would never run.
        const observe = this.observe as (...a: unknown[]) => void;
        this.observe = ((...args: unknown[]) => {
          if (typeof args[0] === 'object' && args[0] !== null) args[0] = admit(args[0] as Labels);
          observe.apply(this, args);
        }) as Histogram<L>['observe'];
      }
      override labels(...args: unknown[]) {
        return super.labels(admit(labelArgs(labelNames, args)) as never);
      }
    }
    return new GuardedHistogram({
      name,
      help: declaration.help,
      labelNames,
      registers: [this.#registry],
      ...(declaration.buckets ? { buckets: [...declaration.buckets] } : {}),
    });
  }
}
