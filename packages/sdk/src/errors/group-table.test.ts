import { describe, expect, it } from 'vitest';
import { GROUP_STACK_LIMIT, type GroupSample, GroupTable, MAX_GROUP_ROUTES } from './group-table.js';

const sample = (fingerprint: string, message = fingerprint, stack: string | undefined = undefined): GroupSample => ({
  fingerprint,
  type: 'Error',
  message,
  frames: [`? (src/${fingerprint}.ts:1:1)`],
  stack,
});

describe('GroupTable', () => {
  it('counts occurrences per fingerprint with first seen, last seen, the first message and every route', () => {
    const table = new GroupTable(10);
    table.record(sample('aaaa', 'order 1 failed', 'Error: order 1 failed\n    at x'), '/orders', 1000);
    table.record(sample('aaaa', 'order 2 failed'), '/orders/:id', 2000);
    table.record(sample('aaaa', 'order 3 failed'), '/orders', 2500);
    const count = table.record(sample('aaaa', 'order 4 failed'), undefined, 3000);

    expect(count).toBe(4);
    expect(table.list()).toEqual([
      {
        fingerprint: 'aaaa',
        type: 'Error',
        message: 'order 1 failed',
        firstSeen: 1000,
        lastSeen: 3000,
        count: 4,
        routes: ['/orders', '/orders/:id'],
        frames: ['? (src/aaaa.ts:1:1)'],
        stack: 'Error: order 1 failed\n    at x',
      },
    ]);
  });

  it('keeps at most MAX_GROUP_ROUTES routes per group, the first seen', () => {
    const table = new GroupTable(10);
    for (let i = 0; i < MAX_GROUP_ROUTES + 5; i++) table.record(sample('a'), `/r${i}`, i);
    const routes = table.get('a')?.routes ?? [];
    expect(routes).toHaveLength(MAX_GROUP_ROUTES);
    expect(routes[0]).toBe('/r0');
    expect(routes.at(-1)).toBe(`/r${MAX_GROUP_ROUTES - 1}`);
  });

  it('cuts the sample stack to GROUP_STACK_LIMIT characters', () => {
    const table = new GroupTable(10);
    table.record(sample('a', 'a', 'x'.repeat(GROUP_STACK_LIMIT * 2)), undefined, 0);
    expect(table.get('a')?.stack).toHaveLength(GROUP_STACK_LIMIT);
  });

  it('lists the most recently seen group first', () => {
    const table = new GroupTable(10);
    table.record(sample('a'), undefined, 1);
    table.record(sample('b'), undefined, 2);
    table.record(sample('a'), undefined, 3);
    expect(table.list().map((group) => group.fingerprint)).toEqual(['a', 'b']);
  });

  it('evicts the least recently seen group past maxGroups, so a flood of distinct errors stays bounded', () => {
    const table = new GroupTable(3);
    table.record(sample('kept'), undefined, 0);
    for (let i = 0; i < 1000; i++) {
      table.record(sample(`flood-${i}`), undefined, i);
      table.record(sample('kept'), undefined, i); // seen again: stays recent
    }
    expect(table.size).toBe(3);
    expect(table.evicted).toBe(998);
    expect(table.created).toBe(1001);
    expect(table.list().map((group) => group.fingerprint)).toEqual(['kept', 'flood-999', 'flood-998']);
    expect(table.list()[0]?.count).toBe(1001);
    expect(table.get('flood-0')).toBeUndefined();
  });

  it('hands out copies: changing a listed group changes nothing inside', () => {
    const table = new GroupTable(2);
    table.record(sample('a'), '/a', 1);
    const [listed] = table.list();
    const mutable = listed as unknown as { count: number; routes: string[] };
    mutable.count = 99;
    mutable.routes.push('/b');
    expect(table.get('a')).toMatchObject({ count: 1, routes: ['/a'] });
  });
});
