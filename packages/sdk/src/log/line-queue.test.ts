import { describe, expect, it } from 'vitest';
import { LineQueue } from './line-queue.js';

describe('LineQueue', () => {
  it('hands lines back oldest first, in takes of at most the count asked', () => {
    const queue = new LineQueue(4);
    for (const line of ['a', 'b', 'c']) expect(queue.push(line)).toBe(false);
    expect(queue.take(2)).toEqual(['a', 'b']);
    expect(queue.size).toBe(1);
    queue.push('d');
    queue.push('e');
    expect(queue.take(10)).toEqual(['c', 'd', 'e']);
    expect(queue.size).toBe(0);
    expect(queue.take(1)).toEqual([]);
  });

  it('drops the oldest line for each line pushed onto a full queue, across the wrap', () => {
    const queue = new LineQueue(3);
    queue.push('a');
    queue.push('b');
    expect(queue.take(1)).toEqual(['a']);
    for (const line of ['c', 'd']) expect(queue.push(line)).toBe(false);
    expect(queue.push('e')).toBe(true);
    expect(queue.push('f')).toBe(true);
    expect(queue.size).toBe(3);
    expect(queue.take(3)).toEqual(['d', 'e', 'f']);
  });
});
