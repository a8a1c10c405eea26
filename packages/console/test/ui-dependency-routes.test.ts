import { describe, expect, it } from 'vitest';
import { type Edge, layoutGraph } from '../ui/src/components/dependency-layout.js';
import { labelsOverlap, routeEdges } from '../ui/src/components/dependency-routes.js';

const call = (source: string, target: string, targetKind: 'service' | 'database' = 'service'): Edge => ({ source, target, targetKind });
const geometry = { columnWidth: 240, nodeWidth: 150, nodeHeight: 30, rowHeight: 64, pad: 16, laneSpacing: 16 };
const label = () => '48 · 0%';

/** The graph the browser test seeds: four services calling databases past payments' column. */
const seeded = [
  call('gateway', 'postgresql', 'database'),
  call('inventory', 'postgresql', 'database'),
  call('orders-api', 'payments'),
  call('orders-api', 'postgresql', 'database'),
  call('orders-api', 'postgresql shop', 'database'),
  call('orders-api', 'redis', 'database'),
  call('payments', 'postgresql', 'database'),
  call('users', 'postgresql', 'database'),
];

/** The y where a path ends (its last coordinate pair). */
const endY = (d: string) => Number(d.trim().split(/[ ,]+/).at(-1));
const startY = (d: string) => Number(d.split(' ')[2]);

describe('dependency graph routes', () => {
  const { nodes } = layoutGraph(seeded);
  const routes = routeEdges(seeded, nodes, geometry, label);

  it('routes every edge, in the order given', () => {
    expect(routes.map((route) => `${route.edge.source}>${route.edge.target}`)).toEqual(seeded.map((e) => `${e.source}>${e.target}`));
  });

  it('spreads the arrows entering one node over its side instead of meeting in one point', () => {
    const intoPostgres = routes.filter((route) => route.edge.target === 'postgresql').map((route) => endY(route.d));
    expect(intoPostgres).toHaveLength(5);
    expect(new Set(intoPostgres).size).toBe(5);
    const postgres = nodes.find((node) => node.name === 'postgresql')!;
    const top = geometry.pad + postgres.row * geometry.rowHeight;
    for (const y of intoPostgres) expect(y > top && y < top + geometry.nodeHeight).toBe(true);
    const outOfOrders = routes.filter((route) => route.edge.source === 'orders-api').map((route) => startY(route.d));
    expect(new Set(outOfOrders).size).toBe(outOfOrders.length);
  });

  it('gives every label a place of its own', () => {
    const labels = routes.map((route) => route.label);
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) expect(labelsOverlap(a, b), JSON.stringify([a, b])).toBe(false);
    }
  });

  it('stacks the lanes below a row in the order of their targets, so they leave the bundle without crossing', () => {
    const lanes = routes.filter((route) => route.d.includes(' L '));
    expect(lanes.length).toBeGreaterThanOrEqual(5);
    const rowOf = (name: string) => nodes.find((node) => node.name === name)!.row;
    const byLane = [...lanes].sort((a, b) => a.bottom - b.bottom).map((route) => rowOf(route.edge.target));
    expect(byLane).toEqual([...byLane].sort((a, b) => a - b));
    expect(new Set(lanes.map((route) => route.bottom)).size).toBe(lanes.length);
  });

  it('moves a curve label along its curve when another label holds its middle', () => {
    const fan = [call('a', 'b'), call('a', 'c'), call('a', 'd')];
    const fanRoutes = routeEdges(fan, layoutGraph(fan).nodes, { ...geometry, rowHeight: 14 }, () => '1,000 · 100%');
    const labels = fanRoutes.map((route) => route.label);
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) expect(labelsOverlap(a, b)).toBe(false);
    }
  });
});
