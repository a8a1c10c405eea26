import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../src/index.js';
import type { SpanRow } from '../../src/server/store/index.js';

// The dependency graph from spans: a span whose parent is in another service is a call between
// the two; a client span naming a database system is a call to that database.

const MS = 1_000_000n;
const NOW = BigInt(Date.now()) * MS;
let running: RunningConsole;

/** An order: gateway → orders-api (→ Postgres twice, → payments → Postgres); `declined` fails the charge. */
function order(n: number, options: { declined: boolean; chargeMs: number }): SpanRow[] {
  const traceId = n.toString(16).padStart(32, '0');
  const id = (k: number) => (n * 16 + k).toString(16).padStart(16, '0');
  const start = NOW - BigInt(60 - n) * 1_000n * MS;
  const span = (
    k: number,
    parent: number | undefined,
    service: string,
    name: string,
    kind: 1 | 2 | 3,
    ms: number,
    extra: Partial<SpanRow> = {},
  ) => ({
    traceId,
    spanId: id(k),
    ...(parent === undefined ? {} : { parentSpanId: id(parent) }),
    name,
    kind,
    startTimeUnixNano: start + BigInt(k) * MS,
    endTimeUnixNano: start + BigInt(k) * MS + BigInt(ms) * MS,
    statusCode: 0 as const,
    serviceName: service,
    ...extra,
  });
  const db = { 'db.system.name': 'postgresql', 'db.namespace': 'shop' };
  return [
    span(1, undefined, 'gateway', 'GET /checkout', 2, 200),
    span(2, 1, 'gateway', 'POST', 3, 190),
    span(3, 2, 'orders-api', 'POST /orders', 2, 180),
    span(4, 3, 'orders-api', 'SELECT users', 3, 4, { attributes: db }),
    span(5, 3, 'orders-api', 'INSERT orders', 3, 6, { attributes: db }),
    span(6, 3, 'orders-api', 'POST', 3, options.chargeMs + 2),
    span(7, 6, 'payments', 'POST /charges', 2, options.chargeMs, options.declined ? { statusCode: 2 } : {}),
    // The older attribute name, without a namespace.
    span(8, 7, 'payments', 'INSERT payments', 3, 3, { attributes: { 'db.system': 'postgresql' } }),
    // In-process work in the same service is no edge.
    span(9, 3, 'orders-api', 'order.validate', 1, 1),
  ];
}

beforeAll(async () => {
  running = await startConsole({ memory: true, port: 0, otlpPort: 0 });
  const spans: SpanRow[] = [];
  for (let n = 1; n <= 20; n++) spans.push(...order(n, { declined: n % 5 === 0, chargeMs: n === 20 ? 900 : 40 }));
  await running.store.appendSpans(spans);
});

afterAll(async () => {
  await running?.close();
});

describe('dependencies', () => {
  it('finds service → service calls across trace edges and service → database calls from client spans', async () => {
    const edges = await running.store.dependencies({ since: NOW - 3_600_000n * MS, until: NOW + MS });
    expect(edges.map((edge) => [edge.source, edge.target, edge.targetKind, edge.calls, edge.errors])).toEqual([
      ['gateway', 'orders-api', 'service', 20, 0],
      ['orders-api', 'payments', 'service', 20, 4],
      ['orders-api', 'postgresql shop', 'database', 40, 0],
      ['payments', 'postgresql', 'database', 20, 0],
    ]);
    // The callee's duration: 19 charges of 40 ms, one of 900 ms.
    const charges = edges.find((edge) => edge.target === 'payments')!;
    expect(charges.p95Ms).toBeGreaterThanOrEqual(40);
    expect(charges.p95Ms).toBeLessThan(900);
  });

  it('answers over the API, a window with nothing in it empty, and names a bad window', async () => {
    const answer = await fetch(`${running.url}/api/dependencies?since=1h`);
    expect(answer.status).toBe(200);
    const { edges } = (await answer.json()) as { edges: { source: string; target: string }[] };
    expect(edges).toHaveLength(4);
    const old = new Date(Date.now() - 48 * 3_600_000).toISOString();
    const until = new Date(Date.now() - 47 * 3_600_000).toISOString();
    const empty = await fetch(`${running.url}/api/dependencies?since=${old}&until=${until}`);
    expect(((await empty.json()) as { edges: unknown[] }).edges).toEqual([]);
    const bad = await fetch(`${running.url}/api/dependencies?since=yesterday`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('since');
  });
});
