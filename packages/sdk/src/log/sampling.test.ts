import { describe, expect, it } from 'vitest';
import { LogSampler } from './sampling.js';

const INFO = 30;
const WARN = 40;

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

function keptIndexes(sampler: LogSampler, level: number, message: string, lines: number): number[] {
  const kept: number[] = [];
  for (let i = 1; i <= lines; i++) if (sampler.keep(level, message)) kept.push(i);
  return kept;
}

describe('LogSampler', () => {
  it('keeps the first `initial` lines of a message, then one in every `thereafter`', () => {
    const clock = manualClock();
    const sampler = new LogSampler({ initial: 3, thereafter: 4, tickMs: 1000 }, clock.now);

    expect(keptIndexes(sampler, INFO, 'cache miss', 15)).toEqual([1, 2, 3, 7, 11, 15]);
  });

  it('keeps every line when `thereafter` is 1', () => {
    const sampler = new LogSampler({ initial: 1, thereafter: 1, tickMs: 1000 }, manualClock().now);
    expect(keptIndexes(sampler, INFO, 'x', 10)).toHaveLength(10);
  });

  it('starts counting afresh when the next tick begins', () => {
    const clock = manualClock();
    const sampler = new LogSampler({ initial: 2, thereafter: 100, tickMs: 1000 }, clock.now);
    expect(keptIndexes(sampler, INFO, 'retrying', 5)).toEqual([1, 2]);

    clock.advance(1000);

    expect(keptIndexes(sampler, INFO, 'retrying', 5)).toEqual([1, 2]);
  });

  it('keeps counting within the same tick until its last millisecond', () => {
    const clock = manualClock();
    const sampler = new LogSampler({ initial: 1, thereafter: 100, tickMs: 1000 }, clock.now);
    expect(sampler.keep(INFO, 'm')).toBe(true);

    clock.advance(999);

    expect(sampler.keep(INFO, 'm')).toBe(false);
    clock.advance(1);
    expect(sampler.keep(INFO, 'm')).toBe(true);
  });

  it('counts different messages independently', () => {
    const sampler = new LogSampler({ initial: 2, thereafter: 100, tickMs: 1000 }, manualClock().now);
    expect(keptIndexes(sampler, INFO, 'first', 4)).toEqual([1, 2]);

    expect(keptIndexes(sampler, INFO, 'second', 4)).toEqual([1, 2]);
  });

  it('counts the same message at different levels independently', () => {
    const sampler = new LogSampler({ initial: 1, thereafter: 100, tickMs: 1000 }, manualClock().now);
    expect(sampler.keep(INFO, 'disk almost full')).toBe(true);
    expect(sampler.keep(INFO, 'disk almost full')).toBe(false);

    expect(sampler.keep(WARN, 'disk almost full')).toBe(true);
  });

  it('reads the clock it was given rather than the wall clock', () => {
    const clock = manualClock(0);
    const sampler = new LogSampler({ initial: 1, thereafter: 100, tickMs: 50 }, clock.now);
    for (let tick = 0; tick < 5; tick++) {
      expect(sampler.keep(INFO, 'tick')).toBe(true);
      expect(sampler.keep(INFO, 'tick')).toBe(false);
      clock.advance(50);
    }
  });

  it('never drops messages it has no room to track within a tick', () => {
    const sampler = new LogSampler({ initial: 1, thereafter: 1_000_000, tickMs: 1000 }, manualClock().now);
    for (let i = 0; i < 5000; i++) sampler.keep(INFO, `distinct message ${i}`);

    const untracked = 'one message too many';
    expect([sampler.keep(INFO, untracked), sampler.keep(INFO, untracked), sampler.keep(INFO, untracked)]).toEqual([true, true, true]);
    expect(sampler.keep(INFO, 'distinct message 0')).toBe(false);
  });
});
