import { windowSeconds } from './duration.js';
import {
  type Alerting,
  type AlertOverride,
  DEFAULT_WINDOW,
  type MetricsSource,
  SDK_DURATION_BUCKETS,
  type Sli,
  type Slo,
  type SloSpec,
} from './model.js';
import type { SightlineSpecInput, SlothSpecInput } from './schema.js';

type AlertInput = { disable: boolean; labels: Record<string, string>; annotations: Record<string, string> };

const override = (alert: AlertInput): AlertOverride => ({ disable: alert.disable, labels: alert.labels, annotations: alert.annotations });

/** `orders-api` + `availability` → `OrdersApiAvailability`. */
function alertNameOf(service: string, slo: string): string {
  return `${service}-${slo}`
    .split(/[^a-zA-Z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

export function fromSightline(input: SightlineSpecInput): SloSpec {
  const metrics: MetricsSource = {
    selector: input.metrics.selector ?? { job: input.service },
    prefix: input.metrics.prefix,
    durationBuckets: input.metrics.duration_buckets ?? SDK_DURATION_BUCKETS,
  };
  const slos = input.slos.map((slo): Slo => {
    const { availability, latency, events, raw } = slo.sli;
    const sli: Sli = availability
      ? { kind: 'availability', routes: availability.routes, methods: availability.methods }
      : latency
        ? { kind: 'latency', threshold: latency.threshold, routes: latency.routes, methods: latency.methods }
        : events
          ? { kind: 'events', errorQuery: events.error_query, totalQuery: events.total_query }
          : { kind: 'raw', errorRatioQuery: raw!.error_ratio_query };
    const alerting: Alerting = {
      name: slo.alerting.name ?? alertNameOf(input.service, slo.name),
      labels: slo.alerting.labels,
      annotations: slo.alerting.annotations,
      runbookUrl: slo.alerting.runbook_url,
      page: override(slo.alerting.page_alert),
      ticket: override(slo.alerting.ticket_alert),
    };
    return {
      id: `${input.service}-${slo.name}`,
      name: slo.name,
      description: slo.description,
      objective: slo.objective,
      window: { text: slo.window, seconds: windowSeconds(slo.window)! },
      sli,
      labels: { ...input.labels, ...slo.labels },
      alerting,
    };
  });
  return { version: 'sightline/v1', service: input.service, labels: input.labels, metrics, slos };
}

/** Sloth's spec has no window (its CLI's `--default-slo-period`): `window` stands in for that flag. */
export function fromSloth(input: SlothSpecInput, window = DEFAULT_WINDOW): SloSpec {
  const slos = input.slos.map((slo): Slo => {
    const sli: Sli = slo.sli.events
      ? { kind: 'events', errorQuery: slo.sli.events.error_query, totalQuery: slo.sli.events.total_query }
      : { kind: 'raw', errorRatioQuery: slo.sli.raw!.error_ratio_query };
    return {
      id: `${input.service}-${slo.name}`,
      name: slo.name,
      description: slo.description,
      objective: slo.objective,
      window: { text: window, seconds: windowSeconds(window)! },
      sli,
      labels: { ...input.labels, ...slo.labels },
      alerting: {
        name: slo.alerting.name ?? alertNameOf(input.service, slo.name),
        labels: slo.alerting.labels,
        annotations: slo.alerting.annotations,
        runbookUrl: slo.alerting.annotations.runbook_url ?? slo.alerting.annotations.runbook,
        page: override(slo.alerting.page_alert),
        ticket: override(slo.alerting.ticket_alert),
      },
    };
  });
  return {
    version: 'prometheus/v1',
    service: input.service,
    labels: input.labels,
    metrics: { selector: { job: input.service }, prefix: '', durationBuckets: SDK_DURATION_BUCKETS },
    slos,
  };
}
