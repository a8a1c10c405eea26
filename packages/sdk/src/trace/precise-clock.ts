import type { HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/** A sample more than this below the offset, twice in a row, is a step of the wall clock backwards. */
const STEP_BACK_MS = 2;
/** Calibration ends at a tick of Date.now() seen within this long of the sample before it... */
const TICK_SEEN_WITHIN_MS = 0.01;
/** ...or after this long (a machine too busy to show one), with the best sample so far. */
const CALIBRATION_MAX_MS = 20;

/**
 * Wall-clock time with the monotonic clock's resolution. Date.now() counts whole milliseconds,
 * so spans started by it alone (OpenTelemetry JS's SpanImpl, and ours before) start up to 1 ms
 * off each other: in a 3 ms trace a child could start before its parent or end after it. Here a
 * time is performance.now() plus one offset to the wall clock, kept by samples of
 * Date.now() - performance.now(), read in that order: Date.now() drops its fraction and a
 * delay between the two reads (a preemption) only lowers a sample, so no sample is above the true
 * offset and the highest one seen is within microseconds of it once a sample has fallen just
 * after a tick of Date.now(). Setup samples until it sees one; every reading samples again,
 * following a wall clock that runs ahead. One far below twice in a row (a step back, NTP) is
 * taken as the new offset. Every span of a process reads one clock, so their times agree with
 * each other to the microsecond, and with the wall clock to within a millisecond.
 */
export class PreciseClock {
  #offset = Number.NEGATIVE_INFINITY;
  #lowSamples = 0;

  constructor() {
    // Sample until Date.now() turns between two samples taken close together: the second is then
    // within that gap of the true offset (about a millisecond of spinning, once, at setup; 20 ms
    // at most, on a machine too busy to show a tick).
    const until = performance.now() + CALIBRATION_MAX_MS;
    let wall = Date.now();
    let at = performance.now();
    while (at < until) {
      const nextWall = Date.now();
      const nextAt = performance.now();
      this.#offset = Math.max(this.#offset, nextWall - nextAt);
      if (nextWall !== wall && nextAt - at < TICK_SEEN_WITHIN_MS) break;
      wall = nextWall;
      at = nextAt;
    }
  }

  /** Epoch milliseconds, with a fraction, of `performanceMs` (a performance.now() reading). */
  at(performanceMs: number): number {
    this.#sample();
    return this.#offset + performanceMs;
  }

  /**
   * performance.now() read just after a sample of the wall clock: its time (`offsetMs` plus it) is
   * never behind a Date.now() read before the call. `at()` of a reading taken before its own sample
   * can be, by the time between the two (a microsecond or so; more if the thread is preempted there).
   */
  sampledNow(): number {
    this.#sample();
    return performance.now();
  }

  /** Epoch milliseconds minus performance.now() milliseconds, as of the last sample. */
  get offsetMs(): number {
    return this.#offset;
  }

  /** Epoch milliseconds, with a fraction, now. */
  nowMs(): number {
    const performanceMs = this.sampledNow();
    return this.#offset + performanceMs;
  }

  #sample(): void {
    const wall = Date.now();
    const sample = wall - performance.now();
    if (sample > this.#offset) {
      this.#offset = sample;
      this.#lowSamples = 0;
    } else if (sample < this.#offset - STEP_BACK_MS) {
      if (++this.#lowSamples >= 2) {
        this.#offset = sample;
        this.#lowSamples = 0;
      }
    } else this.#lowSamples = 0;
  }
}

/** What SpanImpl (@opentelemetry/sdk-trace 2.x) keeps of its start: checked before use, never assumed. */
interface SpanImplStart {
  startTime: HrTime;
  readonly _startTimeProvided?: unknown;
  readonly _performanceStartTime?: unknown;
}

/**
 * First processor of our provider: an upstream span (SpanImpl, made by the tracer for the app's
 * and instrumentations' spans) started without an explicit time gets its start from the
 * PreciseClock, at the monotonic reading it took itself. SpanImpl times its end and its events as
 * start + the monotonic time elapsed since that reading, so they follow. A span given a start
 * time, or any other span (our CompactSpan reads the clock itself), is left as it is.
 */
export class PreciseStartProcessor implements SpanProcessor {
  readonly #clock: PreciseClock;

  constructor(clock: PreciseClock) {
    this.#clock = clock;
  }

  onStart(span: Span): void {
    const impl = span as unknown as SpanImplStart;
    if (impl._startTimeProvided !== false || typeof impl._performanceStartTime !== 'number') return;
    impl.startTime = millisToHrTime(this.#clock.at(impl._performanceStartTime));
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
