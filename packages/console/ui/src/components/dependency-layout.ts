/** Places a dependency graph's nodes in columns: callers left of what they call. Pure (tested). */

export interface Edge {
  readonly source: string;
  readonly target: string;
  readonly targetKind: 'service' | 'database';
}

export interface PlacedNode {
  readonly name: string;
  readonly kind: 'service' | 'database';
  readonly column: number;
  readonly row: number;
}

type Kind = PlacedNode['kind'];

/**
 * A service's column is its longest call path from a service nobody calls (cycles are cut: a
 * column never passes the service count); databases share one column after every service. The
 * first column is in name order; each later one in the order of its callers' rows (their mean),
 * then by name, which keeps most arrows from crossing.
 */
export function layoutGraph(edges: readonly Edge[]): { nodes: PlacedNode[]; columns: number; rows: number } {
  // A name that calls, or is called as a service, is a service; only a name just called as a database is one.
  const kinds = new Map<string, Kind>();
  for (const edge of edges) {
    kinds.set(edge.source, 'service');
    if (kinds.get(edge.target) !== 'service') kinds.set(edge.target, edge.targetKind);
  }
  const services = [...kinds.keys()].filter((name) => kinds.get(name) === 'service');
  const depth = new Map<string, number>(services.map((name) => [name, 0]));
  const calls = edges.filter((edge) => edge.source !== edge.target && kinds.get(edge.target) === 'service');
  for (let pass = 0; pass < services.length; pass++) {
    let moved = false;
    for (const edge of calls) {
      const next = Math.min(services.length, (depth.get(edge.source) as number) + 1);
      if (next > (depth.get(edge.target) as number)) {
        depth.set(edge.target, next);
        moved = true;
      }
    }
    if (!moved) break;
  }
  // Columns without gaps (a cycle's cut can leave one empty), then the databases' column.
  const used = [...new Set(depth.values())].sort((a, b) => a - b);
  const columnOf = new Map<string, number>();
  for (const name of services) columnOf.set(name, used.indexOf(depth.get(name) as number));
  const databases = [...kinds.keys()].filter((name) => kinds.get(name) === 'database');
  for (const name of databases) columnOf.set(name, used.length);
  const columns = used.length + (databases.length > 0 ? 1 : 0);

  const rowOf = new Map<string, number>();
  const nodes: PlacedNode[] = [];
  let rows = 0;
  for (let column = 0; column < columns; column++) {
    const names = [...columnOf.keys()].filter((name) => columnOf.get(name) === column);
    const barycentre = (name: string): number => {
      const callers = edges
        .filter((edge) => edge.target === name && rowOf.has(edge.source))
        .map((edge) => rowOf.get(edge.source) as number);
      return callers.length === 0 ? Number.POSITIVE_INFINITY : callers.reduce((sum, row) => sum + row, 0) / callers.length;
    };
    const order = new Map(names.map((name) => [name, column === 0 ? 0 : barycentre(name)]));
    names.sort((a, b) => (order.get(a) as number) - (order.get(b) as number) || a.localeCompare(b));
    for (const [row, name] of names.entries()) {
      rowOf.set(name, row);
      nodes.push({ name, kind: kinds.get(name) as Kind, column, row });
    }
    rows = Math.max(rows, names.length);
  }
  return { nodes, columns, rows };
}
