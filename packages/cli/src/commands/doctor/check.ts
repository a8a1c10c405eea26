/** Levels of the observability maturity model (README: "sightline doctor"). */
export type Level = 1 | 2 | 3 | 4;

/** One thing the doctor looked at, and what to do when it is missing. */
export interface CheckResult {
  readonly id: string;
  /** The level the check belongs to. */
  readonly level: Level;
  readonly title: string;
  readonly pass: boolean;
  /** What was seen: `GET /readyz → 200`, `412 of 412 lines are JSON`. */
  readonly detail: string;
  /** On a failure: what to add or change. */
  readonly fix?: string;
}

export const passed = (id: string, level: Level, title: string, detail: string): CheckResult => ({ id, level, title, pass: true, detail });

export const failed = (id: string, level: Level, title: string, detail: string, fix: string): CheckResult => ({
  id,
  level,
  title,
  pass: false,
  detail,
  fix,
});
