import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleConfigError, type RunningConsole, startConsole } from '../../src/index.js';

// /api/slos from spans received over OTLP/HTTP: 200 server spans of orders-api in the last
// minutes, 4 of them 500s and 10 slower than 0.5 s, against a spec with an availability, a
// latency and a PromQL SLO.

const dir = mkdtempSync(join(tmpdir(), 'sightline-console-slo-'));
const specFile = join(dir, 'orders.slo.yaml');
writeFileSync(
  specFile,
  `version: sightline/v1
service: orders-api
slos:
  - { name: availability, objective: 99, sli: { availability: { routes: [/orders] } } }
  - { name: latency, objective: 95, sli: { latency: { threshold: 0.5, routes: [/orders] } } }
  - { name: queue, objective: 99, sli: { events: { error_query: 'sum(rate(e[{{.window}}]))', total_query: 'sum(rate(t[{{.window}}]))' } } }
`,
);

let running: RunningConsole;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function span(i: number) {
  const start = BigInt(Date.now() - 120_000 + i * 500) * 1_000_000n;
  const durationMs = i % 20 === 0 ? 800 : 20;
  const status = i % 50 === 1 ? 500 : 200;
  return {
    traceId: hex(i + 1, 32),
    spanId: hex(i + 1, 16),
    name: 'POST /orders',
    kind: 2,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + BigInt(durationMs) * 1_000_000n).toString(),
    attributes: [
      { key: 'http.route', value: { stringValue: '/orders' } },
      { key: 'http.request.method', value: { stringValue: 'POST' } },
      { key: 'http.response.status_code', value: { intValue: status } },
    ],
    status: { code: status >= 500 ? 2 : 0 },
  };
}

beforeAll(async () => {
  running = await startConsole({ memory: true, port: 0, otlpPort: 0, slo: [specFile] });
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders-api' } }] },
        scopeSpans: [{ scope: { name: 'slo-test' }, spans: Array.from({ length: 200 }, (_, i) => span(i)) }],
      },
    ],
  };
  const response = await fetch(`${running.otlpUrl}/v1/traces`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  expect(response.status).toBe(200);
});

afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/slos', () => {
  it('computes each SLO from the stored server spans, least budget left first', async () => {
    const answer = (await (await fetch(`${running.url}/api/slos`)).json()) as {
      slos: {
        id: string;
        total: number;
        bad: number;
        current: number;
        budgetRemaining: number;
        burnRates: { window: string; burnRate: number | null }[];
        alert: string | null;
      }[];
      untracked: { id: string; reason: string }[];
    };
    expect(answer.slos.map((slo) => slo.id)).toEqual(['orders-api-availability', 'orders-api-latency']);
    const [availability, latency] = answer.slos;
    // 4 of 200 answered 500: 2 % errors against a 1 % budget.
    expect(availability).toMatchObject({ total: 200, bad: 4, current: 0.98 });
    expect(availability!.budgetRemaining).toBeCloseTo(-1, 10);
    expect(availability!.burnRates.find((rate) => rate.window === '1h')!.burnRate).toBeCloseTo(2, 10);
    // 10 of 200 took 800 ms: 5 % slow against a 5 % budget.
    expect(latency).toMatchObject({ total: 200, bad: 10, current: 0.95 });
    expect(latency!.budgetRemaining).toBeCloseTo(0, 10);
    expect(answer.untracked).toEqual([expect.objectContaining({ id: 'orders-api-queue', reason: expect.stringMatching(/PromQL/) })]);
  });

  it('answers one SLO with its budget over time, and 404 for an unknown one', async () => {
    const detail = (await (await fetch(`${running.url}/api/slos/orders-api-availability`)).json()) as {
      budget: { timeMs: number; budgetRemaining: number | null }[];
    };
    expect(detail.budget.length).toBeGreaterThan(0);
    expect(detail.budget.at(-1)!.budgetRemaining).toBeCloseTo(-1, 10);
    const missing = await fetch(`${running.url}/api/slos/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toBe('no SLO nope is tracked by this console');
    expect((await fetch(`${running.url}/api/slos?window=1h`)).status).toBe(400);
  });

  it('refuses to start with an invalid spec, naming the file and the field', async () => {
    const bad = join(dir, 'bad.slo.yaml');
    writeFileSync(bad, 'version: sightline/v1\nservice: x\nslos:\n  - { name: a, objective: 100, sli: { availability: {} } }\n');
    const error = await startConsole({ memory: true, port: 0, otlpPort: 0, slo: [bad] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleConfigError);
    expect((error as Error).message).toContain(`${bad}: invalid SLO spec`);
    expect((error as Error).message).toContain('slos[0].objective: must be below 100');
  });
});
