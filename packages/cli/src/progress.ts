import { setTimeout as delay } from 'node:timers/promises';
import { formatSeconds } from './duration.js';

/** Where progress goes: process.stderr, or a capturing stream in tests. */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const TTY_REDRAW_MS = 100;
const PLAIN_LINE_MS = 5000;
const CLEAR_LINE = '\r\x1b[2K';

/**
 * One status line on stderr. On a terminal it redraws in place (at most every 100 ms); in a
 * log or CI it prints a plain line now and then (every 5 s by default) so the output stays
 * readable. stdout is left to results, so `sightline … > file` still works.
 */
export class ProgressLine {
  readonly #out: ProgressOutput;
  readonly #plainEveryMs: number;
  #lastWrite = Number.NEGATIVE_INFINITY;
  #drawn = false;

  constructor(out: ProgressOutput, options: { plainEveryMs?: number } = {}) {
    this.#out = out;
    this.#plainEveryMs = options.plainEveryMs ?? PLAIN_LINE_MS;
  }

  /** Shows `text` unless the last write was too recent; `force` writes regardless. */
  update(text: string, force = false): void {
    const now = performance.now();
    const tty = this.#out.isTTY === true;
    if (!force && now - this.#lastWrite < (tty ? TTY_REDRAW_MS : this.#plainEveryMs)) return;
    this.#lastWrite = now;
    if (tty) {
      this.#out.write(`${CLEAR_LINE}${text}`);
      this.#drawn = true;
    } else {
      this.#out.write(`${text}\n`);
    }
  }

  /** Ends the status line, replacing it with `text` when given. */
  done(text?: string): void {
    if (this.#drawn) this.#out.write(CLEAR_LINE);
    this.#drawn = false;
    if (text !== undefined) this.#out.write(`${text}\n`);
  }
}

/**
 * Redraws `<label>: <n>s left` every second for `ms`, then `<label>: finishing…` until
 * stopped: the service answers a capture only once it ends, so the user sees it is alive.
 */
export function startCountdown(progress: ProgressLine, label: string, ms: number): { stop(): void } {
  const endsAt = performance.now() + ms;
  const draw = (force: boolean) => {
    const left = (endsAt - performance.now()) / 1000;
    progress.update(left > 0 ? `${label}: ${formatSeconds(Math.ceil(left))} left` : `${label}: finishing…`, force);
  };
  draw(true);
  const timer = setInterval(() => draw(false), 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      progress.done();
    },
  };
}

/** Waits `ms` with a countdown; rejects with the signal's reason when it aborts. */
export async function waitWithCountdown(progress: ProgressLine, label: string, ms: number, signal?: AbortSignal): Promise<void> {
  const countdown = startCountdown(progress, label, ms);
  try {
    await delay(ms, undefined, { signal });
  } finally {
    countdown.stop();
  }
}
