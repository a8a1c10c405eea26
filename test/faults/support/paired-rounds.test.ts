import { describe, expect, it } from 'vitest';
import { comparePairedRounds } from './paired-rounds.js';

const healthy = [2, 3, 1.5, 4, 2.5, 3.5, 1, 2, 5, 3];
const scaled = (factor: number) => healthy.map((value) => value * factor);

describe('comparePairedRounds', () => {
  it('finds a fault that is worse in every pair, with the smallest p-value n pairs allow', () => {
    const verdict = comparePairedRounds(healthy, scaled(2), 0.05, 0.01);
    expect(verdict.medianRatio).toBeCloseTo(2);
    expect(verdict.rankSum).toBe(55);
    expect(verdict.pValue).toBe(1 / 1024);
    expect(verdict.worse).toBe(true);
  });

  it('measures against the allowed increase, not against equality', () => {
    expect(comparePairedRounds(healthy, scaled(1.04), 0.05, 0.01)).toMatchObject({ rankSum: 0, pValue: 1, worse: false });
    expect(comparePairedRounds(healthy, scaled(1.06), 0.05, 0.01)).toMatchObject({ pValue: 1 / 1024, worse: true });
  });

  it('is not swayed by one spoiled round, however large', () => {
    const fault = [...healthy];
    fault[3] = 400;
    const verdict = comparePairedRounds(healthy, fault, 0.05, 0.01);
    expect(verdict.medianRatio).toBe(1);
    // The nine equal pairs share ranks 1-9 (5 each), the spoiled one has rank 10 and W+ = 10:
    // every sign assignment reaches 10 but the empty one and the nine with a single 5.
    expect(verdict.rankSum).toBe(10);
    expect(verdict.pValue).toBe(1014 / 1024);
    expect(verdict.worse).toBe(false);
  });

  it('computes the exact signed-rank p-value (worked by hand for three pairs)', () => {
    // d = ln(ratio) - ln(1.05): ratios chosen so that d is +0.1, -0.2, +0.3, ranks 1, 2, 3, W+ = 4.
    const ratios = [0.1, -0.2, 0.3].map((d) => Math.exp(d) * 1.05);
    const verdict = comparePairedRounds([1, 1, 1], ratios, 0.05, 0.01);
    expect(verdict.rankSum).toBe(4);
    // Subset sums of {1, 2, 3}: 0 1 2 3 3 4 5 6; three of eight reach 4.
    expect(verdict.pValue).toBe(3 / 8);
  });

  it('shares tied ranks and leaves out pairs exactly at the allowed ratio', () => {
    // Allowed +0 %: d = ln 1, ln 2, ln 0.5, ln 8 (exact in binary: 0, ln 2, -ln 2, 3 ln 2).
    const verdict = comparePairedRounds([1, 1, 1, 1], [1, 2, 0.5, 8], 0, 0.01);
    // n = 3 once the pair at the allowed ratio is left out; ranks 1.5, 1.5, 3; W+ = 4.5.
    expect(verdict.rankSum).toBeCloseTo(4.5);
    // Subset sums of {1.5, 1.5, 3}: 0 1.5 1.5 3 3 4.5 4.5 6; three of eight reach 4.5.
    expect(verdict.pValue).toBe(3 / 8);
  });

  it('refuses unpaired or impossible rounds', () => {
    expect(() => comparePairedRounds([1, 2], [1], 0.05, 0.01)).toThrow(RangeError);
    expect(() => comparePairedRounds([], [], 0.05, 0.01)).toThrow(RangeError);
    expect(() => comparePairedRounds([1, 0], [1, 1], 0.05, 0.01)).toThrow(/positive finite/);
  });
});
