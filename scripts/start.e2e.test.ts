import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresProcessesFor, startExample } from './fixtures/npm-start.js';

describe('npm start', () => {
  let dir = '';
  let kill: () => void = () => {};
  afterAll(async () => {
    kill();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('runs Postgres, payments, orders and traffic, prints the URLs, starts a killed service again, and leaves nothing behind on Ctrl-C', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sightline-start-'));
    // Like a repo's .sightline/: Postgres runs as its own user when we are root, and must reach pg/.
    await chmod(dir, 0o755);
    const dataDir = join(dir, 'pg');
    const example = await startExample(dir, dataDir);
    const { child, exited, printed, ordersUrl } = example;
    kill = () => child.kill('SIGKILL');
    expect(example.stderr()).not.toContain('failed');

    // The printed debug command works as printed: its token opens the orders debug server, nothing else does.
    const debugLine = printed.find((line) => line.includes('Debug:')) ?? '';
    const debug = /SIGHTLINE_DEBUG_TOKEN=(\w+) npm run sightline -- debug cpu --target (http:\/\/127\.0\.0\.1:\d+)/.exec(debugLine);
    expect(debug, debugLine).not.toBeNull();
    const [, token, debugUrl] = debug as RegExpExecArray;
    expect((await fetch(`${debugUrl}/debug/heap/stats`)).status).toBe(401);
    const stats = await fetch(`${debugUrl}/debug/heap/stats`, { headers: { authorization: `Bearer ${token}` } });
    expect(stats.status).toBe(200);
    expect(((await stats.json()) as { heap: { used_heap_size: number } }).heap.used_heap_size).toBeGreaterThan(0);
    const health = await fetch(`${ordersUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toMatch(/^(healthy|degraded)$/);

    const products = (await (await fetch(`${ordersUrl}/products`)).json()) as { products: unknown[] };
    expect(products.products.length).toBeGreaterThan(0);

    // The traffic generator reaches the service: access lines pile up in the orders log.
    const log = join(dir, 'orders-api.log');
    const deadline = Date.now() + 30_000;
    let served = 0;
    while (Date.now() < deadline && served < 20) {
      served = existsSync(log) ? readFileSync(log, 'utf8').split('request completed').length - 1 : 0;
      if (served < 20) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(served).toBeGreaterThanOrEqual(20);
    // Traffic mixes reads, failures and orders: the first placed order may come after the 20th line.
    let metrics = '';
    while (Date.now() < deadline && !/orders_total\{status="placed"\} [1-9]/.test(metrics)) {
      metrics = await (await fetch(`${ordersUrl}/metrics`)).text();
      if (!/orders_total\{status="placed"\} [1-9]/.test(metrics)) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(metrics).toMatch(/orders_total\{status="placed"\} [1-9]/);

    // The console, printed first, shows the traffic: a placed order is one trace across both services.
    expect(printed.findIndex((line) => line.includes('Console:'))).toBe(1);
    const consoleUrl = /Console:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(printed.join('\n'))?.[1] as string;
    let orderTrace: { spans: { service: string }[] } | undefined;
    while (Date.now() < deadline + 30_000 && orderTrace === undefined) {
      const search = (await (await fetch(`${consoleUrl}/api/traces?service=orders-api&route=/orders&limit=20`)).json()) as {
        traces: { traceId: string }[];
      };
      for (const { traceId } of search.traces) {
        const trace = (await (await fetch(`${consoleUrl}/api/traces/${traceId}`)).json()) as { spans: { service: string }[] };
        if (trace.spans.some((span) => span.service === 'payments')) orderTrace = trace;
      }
      if (orderTrace === undefined) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(new Set(orderTrace?.spans.map((span) => span.service))).toEqual(new Set(['orders-api', 'payments']));
    // Its logs arrived over OTLP too, and the services' /metrics are scraped.
    const logs = (await (await fetch(`${consoleUrl}/api/logs?service=payments&limit=5`)).json()) as { logs: unknown[] };
    expect(logs.logs.length).toBeGreaterThan(0);
    const metricNames = (await (await fetch(`${consoleUrl}/api/metrics`)).json()) as { metrics: { name: string; source: string }[] };
    expect(metricNames.metrics.some((metric) => metric.source === 'scrape' && metric.name.startsWith('orders_total'))).toBe(true);

    // Payments killed (kill -9, a crash): npm start starts it again on its port, and orders place again.
    const paymentsUrl = /Payments:\s+POST (http:\/\/127\.0\.0\.1:\d+)\/charges/.exec(printed.join('\n'))?.[1] as string;
    const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
    const paymentsPid = table
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .find(([, ppid, ...args]) => Number(ppid) === child.pid && args.join(' ').includes('examples/payments/src/main.ts'))?.[0];
    expect(paymentsPid, table).toBeDefined();
    process.kill(Number(paymentsPid), 'SIGKILL');
    const restartDeadline = Date.now() + 60_000;
    while (Date.now() < restartDeadline && !example.stderr().includes(`payments is running again on ${paymentsUrl}`)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(example.stderr()).toContain('payments exited unexpectedly');
    expect(example.stderr()).toContain(`payments is running again on ${paymentsUrl}`);
    expect((await fetch(`${paymentsUrl}/healthz`)).status).toBe(200);
    const placed = async () =>
      Number(/orders_total\{status="placed"\} (\d+)/.exec(await (await fetch(`${ordersUrl}/metrics`)).text())?.[1]);
    const placedBefore = await placed();
    while (Date.now() < restartDeadline && (await placed()) <= placedBefore) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await placed()).toBeGreaterThan(placedBefore);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(example.stderr()).toMatch(/done: sent \d+/);
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });
});
