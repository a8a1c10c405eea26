/** SLO windows: whole days or weeks, from one week to one quarter. */
const WINDOW = /^(\d+)([dw])$/;
export const MIN_WINDOW_DAYS = 7;
export const MAX_WINDOW_DAYS = 90;

/** Seconds in an SLO window (`30d`, `4w`), or undefined when it is not one we support. */
export function windowSeconds(text: string): number | undefined {
  const match = WINDOW.exec(text);
  if (match === null) return undefined;
  const days = Number(match[1]) * (match[2] === 'w' ? 7 : 1);
  if (days < MIN_WINDOW_DAYS || days > MAX_WINDOW_DAYS) return undefined;
  return days * 86_400;
}

/** A number of seconds as the shortest Prometheus duration (`5m`, `1h`, `3d`, `1h30m`). */
export function promDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) throw new RangeError(`not a positive whole number of seconds: ${seconds}`);
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  let rest = seconds;
  let out = '';
  for (const [unit, size] of units) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
