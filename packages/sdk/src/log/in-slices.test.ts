import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { inSlices } from './in-slices.js';

/** A clock that advances by `step` on every read. */
function steppingClock(step: number): () => number {
  let time = 0;
  return () => {
    time += step;
    return time;
  };
}

describe('inSlices', () => {
  it('lets the event loop turn once a slice has used its time, and only between items', async () => {
    const events: string[] = [];
    let ticking = true;
    const tick = async () => {
      while (ticking) {
        events.push('turn');
        await nextTurn();
      }
    };
    const ticker = tick();
    events.length = 0;
    // Each item reads the clock once, 1 ms apart: a 2.5 ms slice holds three items (the first
    // read starts the slice, then 1, 2, 3 ms have passed after items one, two and three).
    await inSlices([1, 2, 3, 4, 5, 6, 7], (item) => events.push(`item ${item}`), 2.5, steppingClock(1));
    ticking = false;
    await ticker;
    const order = events.filter((event, i) => event !== 'turn' || events[i - 1] !== 'turn');
    expect(order.slice(0, order.lastIndexOf('item 7') + 1)).toEqual([
      'item 1',
      'item 2',
      'item 3',
      'turn',
      'item 4',
      'item 5',
      'item 6',
      'turn',
      'item 7',
    ]);
  });

  it('runs every item within one turn when they take less than a slice, and none for no items', async () => {
    const seen: number[] = [];
    let turned = false;
    const marker = nextTurn().then(() => {
      turned = true;
    });
    await inSlices([1, 2, 3], (item) => seen.push(item), 100, steppingClock(1));
    expect(seen).toEqual([1, 2, 3]);
    expect(turned).toBe(false);
    await inSlices([], () => seen.push(0));
    expect(seen).toEqual([1, 2, 3]);
    await marker;
  });
});
