/**
 * Is a condition's latency more than an allowed fraction worse than the baseline's, given rounds
 * measured in pairs (each fault round next to a healthy one) on a noisy machine?
 *
 * Each pair gives a log ratio d = ln(fault / healthy) - ln(1 + allowedIncrease). If the fault
 * costs at most the allowed fraction, d is as likely to be negative as positive (the pair's order
 * alternates, so drift falls on both sides), and every assignment of signs to the |d| is equally
 * likely. The one-sided Wilcoxon signed-rank test counts, over all 2^n assignments, how many give a
 * positive rank sum at least as large as the one measured: that fraction is the p-value. The
 * verdict is "worse" only when p < alpha: the data shows, beyond what the rounds' own spread
 * explains, that the fault costs more than allowed. Ranks, not values, so one round spoiled by a
 * neighbour's burst weighs no more than any other.
 */
export interface PairedVerdict {
  /** Median over the pairs of fault / healthy. */
  readonly medianRatio: number;
  /** Wilcoxon signed-rank sum of the pairs above the allowed ratio. */
  readonly rankSum: number;
  /** One-sided exact p-value of H0 "the fault costs at most allowedIncrease". */
  readonly pValue: number;
  /** p < alpha: the fault costs more than allowed, beyond the noise. */
  readonly worse: boolean;
}

/** Pairs past this are not enumerated (2^n sign assignments). */
const MAX_PAIRS = 20;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle)
    ? ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
    : (sorted[Math.floor(middle)] as number);
}

/** Ranks of `values` (1-based, ascending), ties sharing the mean of their ranks. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && (order[end + 1] as { value: number }).value === (order[start] as { value: number }).value) end++;
    const shared = (start + end) / 2 + 1;
    for (let position = start; position <= end; position++) result[(order[position] as { index: number }).index] = shared;
    start = end + 1;
  }
  return result;
}

export function comparePairedRounds(
  healthy: readonly number[],
  fault: readonly number[],
  allowedIncrease: number,
  alpha: number,
): PairedVerdict {
  if (healthy.length !== fault.length || healthy.length === 0 || healthy.length > MAX_PAIRS) {
    throw new RangeError(`need 1 to ${MAX_PAIRS} pairs of rounds, got ${healthy.length} healthy and ${fault.length} fault`);
  }
  if ([...healthy, ...fault].some((value) => !(value > 0) || !Number.isFinite(value))) {
    throw new RangeError('round latencies must be positive finite numbers');
  }
  const ratios = fault.map((value, index) => value / (healthy[index] as number));
  const allowed = Math.log(1 + allowedIncrease);
  // A pair exactly at the allowed ratio says nothing either way (Wilcoxon's convention: left out).
  const differences = ratios.map((ratio) => Math.log(ratio) - allowed).filter((difference) => difference !== 0);
  const rankOf = ranks(differences.map(Math.abs));
  const rankSum = differences.reduce((sum, difference, index) => (difference > 0 ? sum + (rankOf[index] as number) : sum), 0);

  const n = differences.length;
  let atLeast = 0;
  for (let signs = 0; signs < 2 ** n; signs++) {
    let sum = 0;
    for (let index = 0; index < n; index++) {
      if (signs & (1 << index)) sum += rankOf[index] as number;
    }
    if (sum >= rankSum - 1e-9) atLeast++;
  }
  const pValue = atLeast / 2 ** n;
  return { medianRatio: median(ratios), rankSum, pValue, worse: pValue < alpha };
}
