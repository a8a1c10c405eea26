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

/** The same windows in seconds, for code that counts events itself (the SDK's in-process SLOs). */
export interface AlertWindowSeconds {
  readonly page: readonly [BurnConditionSeconds, BurnConditionSeconds];
  readonly ticket: readonly [BurnConditionSeconds, BurnConditionSeconds];
  /** Every window an SLI error ratio is recorded over, shortest first, the SLO window last. */
  readonly recorded: readonly number[];
  readonly period: number;
}

export interface BurnConditionSeconds {
  readonly short: number;
  readonly long: number;
  readonly burnRate: number;
}

/**
 * The alert windows of an SLO window, in seconds: the 30-day windows scaled by `window / 30d`
 * (to whole seconds), so the burn rates stay those of the workbook (a budget share over a
 * window share).
 */
export function alertWindowSeconds(periodSeconds: number): AlertWindowSeconds {
  const scale = (seconds: number) => Math.max(1, Math.round((seconds * periodSeconds) / BASE_PERIOD));
  const condition = (c: BurnConditionSeconds): BurnConditionSeconds => ({
    short: scale(c.short),
    long: scale(c.long),
    burnRate: c.burnRate,
  });
  const page = [condition(BASE.page[0]), condition(BASE.page[1])] as const;
  const ticket = [condition(BASE.ticket[0]), condition(BASE.ticket[1])] as const;
  const byLength = [...BASE.page, ...BASE.ticket].flatMap((c) => [c.short, c.long]);
  const recorded = [...new Set([...byLength].sort((a, b) => a - b).map(scale))];
  return { page, ticket, recorded: recorded.includes(periodSeconds) ? recorded : [...recorded, periodSeconds], period: periodSeconds };
}

/** The alert windows of an SLO window as Prometheus durations (alertWindowSeconds, written `5m`, `1h`). */
export function alertWindows(periodSeconds: number): AlertWindows {
  const seconds = alertWindowSeconds(periodSeconds);
  const condition = (c: BurnConditionSeconds): BurnCondition => ({
    short: promDuration(c.short),
    long: promDuration(c.long),
    burnRate: c.burnRate,
  });
  return {
    page: [condition(seconds.page[0]), condition(seconds.page[1])],
    ticket: [condition(seconds.ticket[0]), condition(seconds.ticket[1])],
    recorded: seconds.recorded.map(promDuration),
    period: promDuration(periodSeconds),
  };
}
