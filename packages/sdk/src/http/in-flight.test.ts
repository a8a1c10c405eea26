import { describe, expect, it } from 'vitest';
import { type InFlightLinks, InFlightRequests } from './in-flight.js';

interface Item extends InFlightLinks {
  readonly name: string;
}

const item = (name: string): Item => ({ name, previousInFlight: undefined, nextInFlight: undefined });
const names = (list: InFlightRequests<Item>) => [...list].map((entry) => entry.name);

describe('InFlightRequests', () => {
  it('keeps its items in the order they were added and counts them', () => {
    const list = new InFlightRequests<Item>();
    const [a, b, c] = [item('a'), item('b'), item('c')];
    list.add(a);
    list.add(b);
    list.add(c);

    expect(names(list)).toEqual(['a', 'b', 'c']);
    expect(list.size).toBe(3);
  });

  it.each([
    ['first', 'a', ['b', 'c']],
    ['middle', 'b', ['a', 'c']],
    ['last', 'c', ['a', 'b']],
  ])('removes its %s item, and again after that adds at the end', (_where, removed, left) => {
    const list = new InFlightRequests<Item>();
    const items = ['a', 'b', 'c'].map(item);
    for (const entry of items) list.add(entry);

    expect(list.delete(items.find((entry) => entry.name === removed) as Item)).toBe(true);
    expect(names(list)).toEqual(left);
    expect(list.size).toBe(2);
    list.add(item('d'));
    expect(names(list)).toEqual([...left, 'd']);
  });

  it('refuses to remove an item twice, or one it never held, and stays intact', () => {
    const list = new InFlightRequests<Item>();
    const [a, b] = [item('a'), item('b')];
    list.add(a);
    list.add(b);

    expect(list.delete(a)).toBe(true);
    expect(list.delete(a)).toBe(false);
    expect(list.delete(item('stranger'))).toBe(false);
    expect(names(list)).toEqual(['b']);
    expect(list.size).toBe(1);
    expect(list.delete(b)).toBe(true);
    expect(names(list)).toEqual([]);
    expect(list.size).toBe(0);
  });

  it('lets an iteration remove the item it is at (a response closed while the shutdown walks the list)', () => {
    const list = new InFlightRequests<Item>();
    for (const name of ['a', 'b', 'c']) list.add(item(name));

    const seen: string[] = [];
    for (const entry of list) {
      seen.push(entry.name);
      list.delete(entry);
    }

    expect(seen).toEqual(['a', 'b', 'c']);
    expect(list.size).toBe(0);
  });
});
