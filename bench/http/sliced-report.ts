import { median, percentile } from '../lib/stats.js';
import { formatCount, formatFixed, formatRatio, printTable } from '../lib/table.js';
import { FLOOR_PAIRS } from './floor-equivalence.js';
import type { SlicedResult, SlicedVariantResult } from './sliced.js';
import { TARGETS } from './targets.js';

export interface SlicedReportOptions {
  readonly rate: number | undefined;
  readonly connections: number;
  readonly slices?: number | undefined;
  readonly sliceSeconds: number;
  readonly sliceWarmupSeconds: number;
  readonly warmupSeconds: number;
}

const spread = (values: readonly number[]) => `${formatFixed(percentile(values, 0.25))} .. ${formatFixed(percentile(values, 0.75))}`;

/** One comparison of added costs: the ratio of the medians, and the median of the ratios per cycle. */
function ratioLine(ours: SlicedVariantResult, of: SlicedVariantResult): string {
  const perCycle = ours.added.map((value, cycle) => value / (of.added[cycle] as number));
  return (
    `${formatRatio(median(ours.added) / median(of.added))} (+${formatFixed(median(ours.added))} over +${formatFixed(median(of.added))}; ` +
    `per cycle, median ${formatRatio(median(perCycle))}, middle half ${formatRatio(percentile(perCycle, 0.25))} .. ${formatRatio(percentile(perCycle, 0.75))})`
  );
}

export function reportSliced(result: SlicedResult, options: SlicedReportOptions): void {
  const rows = [
    ['bare', formatFixed(median(result.bareCpu)), '-', '-', '-', '-', '-', '-'],
    ...result.variants.map((v) => [
      v.name,
      formatFixed(median(v.cpu)),
      formatFixed(median(v.added)),
      spread(v.added),
      formatCount(v.added.length),
      v.spansPerRequest === undefined ? '-' : formatFixed(v.spansPerRequest, 3),
      v.logLinesPerRequest === undefined ? '-' : formatFixed(v.logLinesPerRequest, 3),
      formatCount(v.errors),
    ]),
  ];
  printTable(
    `HTTP overhead, sliced: GET /users/42, ${options.connections} connections at ${options.rate === undefined ? 'full speed' : `a fixed ${options.rate} req/s`}, ` +
      `${options.slices} cycles of ${options.sliceSeconds} s slices (each after ${options.sliceWarmupSeconds} s unmeasured), ${options.warmupSeconds} s warmup per child`,
    ['variant', 'CPU us/req', 'added us/req', 'added, middle half', 'cycles', 'spans/req', 'log lines/req', 'errors'],
    rows,
    [
      '',
      'Every server child runs for the whole measurement; in each cycle every variant serves one slice with a slice of',
      "bare just before and after it. added us/req: the variant's CPU us/req minus the mean of those two bare slices,",
      'median over cycles; middle half: its 25th to 75th percentile. spans/req and log lines/req: what reached the',
      "variant's own OTLP sink and log file over its lifetime, per request served (~1.0 = nothing dropped).",
    ],
  );
  const byName = new Map(result.variants.map((v) => [v.name, v]));
  const targets = Object.entries(TARGETS).filter(([name, target]) => byName.has(name) && byName.has(target.of));
  if (targets.length > 0) console.log("\nIssue 12's targets (added CPU of one variant over another's; ratio of medians first):");
  for (const [name, target] of targets) {
    console.log(
      `  ${name} / ${target.of}: ${ratioLine(byName.get(name)!, byName.get(target.of)!)}, target <= ${formatRatio(target.ratio)}`,
    );
  }
  const floors = Object.entries(FLOOR_PAIRS).filter(([floor, sightline]) => byName.has(floor) && byName.has(sightline));
  if (floors.length > 0) console.log("\nThe floor (Node's own modules, the same bytes) beside Sightline:");
  for (const [floorName, sightlineName] of floors) {
    const floor = byName.get(floorName)!;
    const sightline = byName.get(sightlineName)!;
    console.log(`  ${sightlineName} / ${floorName}: ${ratioLine(sightline, floor)}`);
    const target = TARGETS[sightlineName];
    const of = target === undefined ? undefined : byName.get(target.of);
    if (target === undefined || of === undefined) continue;
    const floorRatio = median(floor.added) / median(of.added);
    console.log(
      `    target <= ${formatRatio(target.ratio)} of ${target.of}: Sightline ${formatRatio(median(sightline.added) / median(of.added))}, ` +
        `floor ${formatRatio(floorRatio)}${floorRatio > target.ratio ? ' (out of reach even for the floor)' : ''}`,
    );
  }
}
