import { describe, expect, it } from 'vitest';
import { layoutGraph } from '../ui/src/components/dependency-layout.js';

const call = (source: string, target: string, targetKind: 'service' | 'database' = 'service') => ({ source, target, targetKind });

describe('dependency graph layout', () => {
  it('puts callers left of what they call, by the longest call path, and the databases in a column after the services', () => {
    const { nodes, columns, rows } = layoutGraph([
      call('gateway', 'orders-api'),
      call('orders-api', 'payments'),
      call('orders-api', 'postgresql shop', 'database'),
      call('payments', 'postgresql', 'database'),
      // A shortcut does not pull payments left: its longest path from gateway is 2.
      call('gateway', 'payments'),
    ]);
    expect(nodes.map((node) => [node.name, node.kind, node.column, node.row])).toEqual([
      ['gateway', 'service', 0, 0],
      ['orders-api', 'service', 1, 0],
      ['payments', 'service', 2, 0],
      ['postgresql', 'database', 3, 0],
      ['postgresql shop', 'database', 3, 1],
    ]);
    expect(columns).toBe(4);
    expect(rows).toBe(2);
  });

  it("orders a column by its callers' rows, so arrows cross less", () => {
    const { nodes } = layoutGraph([call('a', 'z-called-by-a'), call('b', 'm-called-by-b'), call('c', 'a-called-by-c')]);
    expect(nodes.filter((node) => node.column === 1).map((node) => node.name)).toEqual(['z-called-by-a', 'm-called-by-b', 'a-called-by-c']);
  });

  it('ends on a cycle, keeping every node, and draws nothing for no edges', () => {
    const { nodes, columns } = layoutGraph([call('a', 'b'), call('b', 'a'), call('b', 'c')]);
    expect(nodes.map((node) => node.name).sort()).toEqual(['a', 'b', 'c']);
    expect(Math.max(...nodes.map((node) => node.column))).toBe(columns - 1);
    expect(layoutGraph([])).toEqual({ nodes: [], columns: 0, rows: 0 });
  });

  it('takes a name both called as a database and calling others as a service', () => {
    const { nodes } = layoutGraph([call('a', 'redis', 'database'), call('redis', 'b')]);
    expect(nodes.find((node) => node.name === 'redis')?.kind).toBe('service');
  });
});
