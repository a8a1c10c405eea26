import { describe, expect, it } from 'vitest';
import { GroupTable } from './group-table.js';

describe('GroupTable', () => {
  it('counts occurrences per fingerprint with first seen, last seen and the first message', () => {
    const table = new GroupTable(10);
    table.record('aaaa', 'Error', 'order 1 failed', '/orders', 1000);
    table.record('aaaa', 'Error', 'order 2 failed', '/orders/:id', 2000);
    const after = table.record('aaaa', 'Error', 'order 3 failed', undefined, 3000);

    expect(after.count).toBe(3);
    expect(table.list()).toEqual([
      { fingerprint: 'aaaa', type: 'Error', message: 'order 1 failed', firstSeen: 1000, lastSeen: 3000, count: 3, route: '/orders/:id' },
    ]);
  });

  it('lists the most recently seen group first', () => {
    const table = new GroupTable(10);
    table.record('a', 'Error', 'a', undefined, 1);
    table.record('b', 'Error', 'b', undefined, 2);
    table.record('a', 'Error', 'a', undefined, 3);
    expect(table.list().map((group) => group.fingerprint)).toEqual(['a', 'b']);
  });

  it('evicts the least recently seen group past maxGroups, so a flood of distinct errors stays bounded', () => {
    const table = new GroupTable(3);
    table.record('kept', 'Error', 'kept', undefined, 0);
    for (let i = 0; i < 1000; i++) {
      table.record(`flood-${i}`, 'Error', 'flood', undefined, i);
      table.record('kept', 'Error', 'kept', undefined, i); // seen again: stays recent
    }
    expect(table.size).toBe(3);
    expect(table.evicted).toBe(998);
    expect(table.list().map((group) => group.fingerprint)).toEqual(['kept', 'flood-999', 'flood-998']);
    expect(table.list()[0]?.count).toBe(1001);
  });

  it('hands out copies: changing a listed group changes nothing inside', () => {
    const table = new GroupTable(2);
    table.record('a', 'Error', 'a', undefined, 1);
    const [listed] = table.list();
    (listed as { count: number }).count = 99;
    expect(table.list()[0]?.count).toBe(1);
  });
});
