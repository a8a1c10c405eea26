import type { Exemplar } from '../api/types.js';
import { valueWithUnit } from '../components/axis-format.js';
import type { ChartMarker } from '../components/time-chart.js';
import { nanosToMs } from '../format.js';
import { hrefOf, navigate } from '../router.js';

/**
 * One diamond per exemplar with a trace, its value in `unit` as the axis writes it. A Prometheus
 * target repeats a bucket's exemplar in every scrape until a newer one replaces it, so the same
 * one is stored many times: drawn once.
 */
export function exemplarMarkers(exemplars: readonly Exemplar[], unit: string | undefined): ChartMarker[] {
  const markers = new Map<string, ChartMarker>();
  for (const exemplar of exemplars) {
    const traceId = exemplar.traceId;
    if (traceId === null) continue;
    // Its first sighting (exemplars come oldest first): a target without exemplar timestamps gives each copy the scrape time.
    const key = `${traceId}:${exemplar.spanId}:${exemplar.value}`;
    if (markers.has(key)) continue;
    markers.set(key, {
      timeMs: nanosToMs(exemplar.timeUnixNano),
      value: exemplar.value,
      title: `exemplar ${valueWithUnit(exemplar.value, unit)} · trace ${traceId}`,
      onSelect: () => navigate(hrefOf(`/traces/${traceId}`, { span: exemplar.spanId })),
    });
  }
  return [...markers.values()];
}
