import { describe, expect, it } from 'vitest';
import { CountRing } from './count-ring.js';

const MINUTE = 60_000;
const sum = (ring: CountRing, windowMs: number, nowMs: number) => ring.sum(windowMs, nowMs, { total: 0, bad: 0 });

describe('CountRing', () => {
  it('counts events into the slot their time falls in and sums whole windows', () => {
    const ring = new CountRing(MINUTE, 6);
    for (let minute = 0; minute < 5; minute++) {
      for (let i = 0; i < 10; i++) ring.add(minute * MINUTE + i * 1000, i === 0);
    }
    // As minute 5 begins, the 5-minute window is minutes 0..4 exactly, the 2-minute one minutes 3 and 4.
    expect(sum(ring, 5 * MINUTE, 5 * MINUTE)).toEqual({ total: 50, bad: 5 });
    expect(sum(ring, 2 * MINUTE, 5 * MINUTE)).toEqual({ total: 20, bad: 2 });
  });

  it('takes of the oldest slot only the share still inside the window', () => {
    const ring = new CountRing(MINUTE, 3);
    for (let i = 0; i < 60; i++) ring.add(i * 1000, false); // minute 0: 60 events
    for (let i = 0; i < 60; i++) ring.add(MINUTE + i * 1000, true); // minute 1: 60 bad ones
    // 15 s into minute 2, a 1-minute window holds minute 2 (empty so far) and the last 45 s of
    // minute 1, taken as three quarters of its events.
    const counts = sum(ring, MINUTE, 2 * MINUTE + 15_000);
    expect(counts.total).toBeCloseTo(45, 9);
    expect(counts.bad).toBeCloseTo(45, 9);
    // 30 s into minute 1, a 1-minute window: the 30 events of minute 1 so far and half of minute 0's 60.
    const early = new CountRing(MINUTE, 3);
    for (let i = 0; i < 60; i++) early.add(i * 1000, false);
    for (let i = 0; i < 30; i++) early.add(MINUTE + i * 1000, true);
    expect(sum(early, MINUTE, MINUTE + 30_000)).toEqual({ total: 60, bad: 30 });
  });

  it('forgets slots that time has left behind, after a quiet spell too', () => {
    const ring = new CountRing(MINUTE, 4);
    ring.add(0, true);
    ring.add(MINUTE, true);
    expect(sum(ring, 3 * MINUTE, 2 * MINUTE)).toEqual({ total: 2, bad: 2 });
    // Three minutes later minute 0 is out of a 3-minute window, minute 1 on its way out.
    expect(sum(ring, 3 * MINUTE, 4 * MINUTE)).toEqual({ total: 1, bad: 1 });
    expect(sum(ring, 3 * MINUTE, 5 * MINUTE)).toEqual({ total: 0, bad: 0 });
    // A day of silence, then one event: the ring holds only it, the old slots were cleared.
    ring.add(1440 * MINUTE + 5, false);
    expect(sum(ring, 3 * MINUTE, 1440 * MINUTE + 10)).toEqual({ total: 1, bad: 0 });
    ring.add(1441 * MINUTE, false);
    ring.add(1443 * MINUTE, false);
    // Half-way through minute 1443: minutes 1443, 1442, 1441 and the later half of minute 1440 (its one event counts 0.5).
    expect(sum(ring, 3 * MINUTE, 1443 * MINUTE + 30_000)).toEqual({ total: 2.5, bad: 0 });
  });

  it('counts a late timestamp in the current slot instead of rewriting the past', () => {
    const ring = new CountRing(MINUTE, 3);
    ring.add(2 * MINUTE + 10, false);
    ring.add(MINUTE + 10, true);
    expect(sum(ring, MINUTE, 3 * MINUTE - 1)).toMatchObject({ total: 2, bad: 1 });
  });

  it('holds the same memory whatever the traffic, and refuses windows longer than it holds', () => {
    const ring = new CountRing(MINUTE, 61);
    for (let i = 0; i < 100_000; i++) ring.add(i * 36, i % 100 === 0); // 100,000 events in one hour
    expect(sum(ring, 60 * MINUTE, 3_600_000)).toEqual({ total: 100_000, bad: 1_000 });
    expect(ring.spanMs).toBe(60 * MINUTE);
    expect(() => sum(ring, 61 * MINUTE, 3_600_000)).toThrow(RangeError);
  });
});
