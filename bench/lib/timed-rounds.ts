import { parseArgs } from 'node:util';

/** A micro-benchmark variant: `run()` performs `opsPerRun` operations. */
export interface TimedVariant {
  readonly name: string;
  readonly opsPerRun: number;
  run(): unknown;
}

export interface RoundsOptions {
  readonly millisPerRound: number;
  readonly rounds: number;
}

/** Operations per second over a time budget (hrtime, so no timer granularity issues). */
export function opsPerSecond(variant: TimedVariant, millis: number): number {
  const budget = BigInt(Math.round(millis * 1e6));
  const started = process.hrtime.bigint();
  let ops = 0;
  let elapsed = 0n;
  do {
    variant.run();
    ops += variant.opsPerRun;
    elapsed = process.hrtime.bigint() - started;
  } while (elapsed < budget);
  return ops / (Number(elapsed) / 1e9);
}

/**
 * Warms every variant up, then measures them in interleaved rounds (order reversed every
 * other round, so drift on a noisy machine does not favour one side). Rates by variant name.
 */
export function measureRounds(list: readonly TimedVariant[], options: RoundsOptions): Map<string, number[]> {
  const rates = new Map<string, number[]>(list.map((variant) => [variant.name, []]));
  for (const variant of list) opsPerSecond(variant, Math.min(200, options.millisPerRound)); // JIT warmup
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? list : [...list].reverse();
    for (const variant of order) (rates.get(variant.name) as number[]).push(opsPerSecond(variant, options.millisPerRound));
  }
  return rates;
}

/** Reads `--<prefix>-ms` and `--<prefix>-rounds` (defaults 500 ms, 5 rounds). */
export function parseRoundsArgs(args: readonly string[], prefix: string): RoundsOptions {
  const msKey = `${prefix}-ms`;
  const roundsKey = `${prefix}-rounds`;
  const { values } = parseArgs({
    args: [...args],
    strict: false,
    options: { [msKey]: { type: 'string' }, [roundsKey]: { type: 'string' } },
  });
  const ms = values[msKey];
  const rounds = values[roundsKey];
  return {
    millisPerRound: typeof ms === 'string' ? Number(ms) : 500,
    rounds: typeof rounds === 'string' ? Number(rounds) : 5,
  };
}
