// The --perf table of bench:http: each variant's CPU per request in its measured windows, by
// area (http/perf-record.ts), medians over rounds, variants side by side.
import { median } from '../lib/stats.js';
import { formatFixed, printTable } from '../lib/table.js';
import type { Variant } from './variants.js';

interface PerfSample {
  readonly perfAreas?: ReadonlyMap<string, number>;
}

/** Median over rounds of one area's us/req (rounds where it drew no sample count 0). */
function areaMedian(samples: readonly PerfSample[], area: string): number {
  return median(samples.filter((s) => s.perfAreas !== undefined).map((s) => s.perfAreas?.get(area) ?? 0));
}

export function reportPerfAreas(variants: readonly Variant[], samples: ReadonlyMap<string, readonly PerfSample[]>): void {
  const names = variants.map((variant) => variant.name);
  const areas = new Set<string>();
  for (const name of names)
    for (const sample of samples.get(name) ?? []) for (const area of sample.perfAreas?.keys() ?? []) areas.add(area);
  const table = [...areas].map((area) => ({ area, values: names.map((name) => areaMedian(samples.get(name) ?? [], area)) }));
  table.sort((a, b) => Math.max(...b.values) - Math.max(...a.values));
  const totals = names.map((name) =>
    median((samples.get(name) ?? []).map((s) => [...(s.perfAreas?.values() ?? [])].reduce((sum, value) => sum + value, 0))),
  );
  printTable(
    'Where the CPU goes over HTTP (--perf: perf record -e cpu-clock on each measured window), us per request, medians over rounds',
    ['area', ...names],
    [
      ...table.map(({ area, values }) => [area, ...values.map((value) => formatFixed(value, 2))]),
      ['total', ...totals.map((t) => formatFixed(t, 1))],
    ],
    [
      `One sample per 0.5 ms of CPU: at 3,000 req/s for 10 s, a sample is ~0.017 us per request, and an area's`,
      `  figure moves by its square root in samples between rounds. perf itself costs the child a little (the`,
      `  totals read above CPU us/req). js: code V8 compiled, named by node's perf map; v8/node/libc: native code.`,
    ],
  );
}
