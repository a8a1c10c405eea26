import { promDuration } from '../spec/index.js';

/** One multi-window alert condition: both windows burn faster than `burnRate` times the budget. */
export interface BurnCondition {
  readonly short: string;
  readonly long: string;
  /** Multiple of the error budget rate (14.4: the budget of the whole window gone in window / 14.4). */
  readonly burnRate: number;
}

export interface AlertWindows {
  readonly page: readonly [BurnCondition, BurnCondition];
  readonly ticket: readonly [BurnCondition, BurnCondition];
  /** Every window an SLI error ratio is recorded over, shortest first, the SLO window last. */
  readonly recorded: readonly string[];
  /** The SLO window. */
  readonly period: string;
}

const DAY = 86_400;
const BASE_PERIOD = 30 * DAY;
/**
 * The SRE workbook's recommended parameters for a 30-day SLO (and Sloth's defaults): page at 2 %
 * of the budget in 1 h or 5 % in 6 h, ticket at 10 % in 1 d or 10 % in 3 d; each long window
 * paired with a short one of a twelfth of it.
 */
const BASE = {
  page: [
    { short: 300, long: 3_600, burnRate: 14.4 },
    { short: 1_800, long: 21_600, burnRate: 6 },
  ],
  ticket: [
    { short: 7_200, long: DAY, burnRate: 3 },
    { short: 21_600, long: 3 * DAY, burnRate: 1 },
  ],
} as const;

/**
 * The alert windows of an SLO window: the 30-day windows scaled by `window / 30d` (to whole
 * seconds), so the burn rates stay those of the workbook (a budget share over a window share).
 */
export function alertWindows(periodSeconds: number): AlertWindows {
  const scale = (seconds: number) => promDuration(Math.max(1, Math.round((seconds * periodSeconds) / BASE_PERIOD)));
  const condition = (c: { short: number; long: number; burnRate: number }): BurnCondition => ({
    short: scale(c.short),
    long: scale(c.long),
    burnRate: c.burnRate,
  });
  const page = [condition(BASE.page[0]), condition(BASE.page[1])] as const;
  const ticket = [condition(BASE.ticket[0]), condition(BASE.ticket[1])] as const;
  const byLength = [...BASE.page, ...BASE.ticket].flatMap((c) => [c.short, c.long]);
  const recorded = [...new Set([...byLength].sort((a, b) => a - b).map(scale))];
  const period = promDuration(periodSeconds);
  return { page, ticket, recorded: recorded.includes(period) ? recorded : [...recorded, period], period };
}
