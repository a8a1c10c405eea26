import type { Logger } from 'pino';
import { bindToBackground } from '../context/index.js';
import type { SloSeverity, SloStatus } from './slo-status.js';

export interface BurnWatchOptions {
  readonly status: () => readonly SloStatus[];
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly onInternalError: (component: string, error: unknown) => void;
}

function burnRates(slo: SloStatus): Record<string, number | null> {
  const rates: Record<string, number | null> = {};
  for (const rate of slo.burnRates) rates[rate.window] = rate.burnRate === null ? null : Math.round(rate.burnRate * 1000) / 1000;
  return rates;
}

/**
 * Logs when an SLO's burn alert starts, changes severity or stops: a line per change, on a
 * timer. The timer is bound to the root context (a request's context would otherwise hand its
 * request id to these lines if the first evaluation were triggered from a request) and unref()ed.
 */
export class BurnWatch {
  readonly #options: BurnWatchOptions;
  readonly #last = new Map<string, SloSeverity | null>();
  readonly #timer: NodeJS.Timeout;

  constructor(options: BurnWatchOptions) {
    this.#options = options;
    this.#timer = setInterval(bindToBackground(this.evaluate.bind(this)), options.intervalMs);
    this.#timer.unref();
  }

  /** One evaluation (the timer's; tests call it directly). */
  evaluate(): void {
    try {
      for (const slo of this.#options.status()) {
        if (!slo.tracked) continue;
        const before = this.#last.get(slo.name) ?? null;
        this.#last.set(slo.name, slo.alert);
        if (slo.alert === before) continue;
        const fields = { slo: slo.name, severity: slo.alert ?? before, previous: before, burn_rates: burnRates(slo) };
        if (slo.alert === null) this.#options.logger.info(fields, 'SLO burn alert resolved');
        else this.#options.logger.warn(fields, `SLO burning its error budget: ${slo.alert}-level burn`);
      }
    } catch (error) {
      this.#options.onInternalError('slo', error);
    }
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
