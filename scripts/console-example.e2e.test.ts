import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensurePostgresStopped } from '@sightline/dev-postgres/supervise';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureUiBundle,
  launchChromium,
  openPage,
  screenshot,
  skipBrowserTests,
} from '../packages/console/test/integration/browser/browser.js';
import { npmStartEnv, postgresProcessesFor } from './fixtures/npm-start.js';

/**
 * The console as a newcomer meets it: `npm start` (console, Postgres, payments, orders-api and
 * the traffic generator), and Chromium clicking through what the traffic left. Nothing is seeded:
 * a slow order is one whose charge payments made slow (PAYMENTS_SLOW_RATE, 1.2 s) or whose stock
 * UPDATE waited for the row lock another order held through its slow charge; the errors are the
 * declined cards (PAYMENTS_FAILURE_RATE) and the generator's injected orders of 1,000 items.
 */

/** Traffic has to land before the pages show it: generous, bounded waits on what the page shows. */
const LANDS_MS = 45_000;
const STOP_MS = 30_000;

/** "+1.20 s", "+3.1 ms", "+250 µs" (the UI's formatDuration) in milliseconds. */
function offsetMs(text: string): number {
  const match = /^\+([\d.]+) (µs|ms|s|min)$/.exec(text.trim());
  if (match === null) throw new Error(`not an offset: "${text}"`);
  const factor = { µs: 0.001, ms: 1, s: 1000, min: 60_000 }[match[2] as 'µs' | 'ms' | 's' | 'min'];
  return Number(match[1]) * factor;
}

/** "1.22 s" or "35.2 ms" (a duration as the UI prints it) in milliseconds. */
function durationMs(text: string): number {
  return offsetMs(`+${text.trim()}`);
}

/** "−1.06 s (−87%)" (the compare page's difference) in milliseconds, signed. */
function deltaMs(text: string): number {
  const match = /^([+−])(.+?)(?: \([+−]\d+%\))?$/.exec(text.trim());
  if (match === null) throw new Error(`not a difference: "${text}"`);
  return (match[1] === '−' ? -1 : 1) * durationMs(match[2]!);
}

/** The element's text as the DOM holds it (empty when it has none). */
async function text(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

interface WaterfallRow {
  readonly spanId: string;
  readonly service: string;
  readonly name: string;
  readonly ms: number;
  readonly leaf: boolean;
  readonly critical: boolean;
}

/** The waterfall as the page shows it, row by row. */
async function waterfallRows(page: Page): Promise<WaterfallRow[]> {
  const rows: WaterfallRow[] = [];
  for (const row of await page.locator('.waterfall-row').all()) {
    rows.push({
      spanId: (await row.getAttribute('data-span-id')) ?? '',
      service: await text(row.locator('.span-service')),
      name: await text(row.locator('.span-name')),
      ms: durationMs(await text(row.locator('.waterfall-duration'))),
      leaf: (await row.locator('button.toggle').count()) === 0,
      critical: ((await row.getAttribute('class')) ?? '').split(' ').includes('critical'),
    });
  }
  return rows;
}

async function indentOf(row: Locator): Promise<number> {
  return Number.parseFloat(
    await row.locator('.waterfall-name').evaluate((element) => (element as { style: { paddingLeft: string } }).style.paddingLeft),
  );
}

describe.skipIf(skipBrowserTests)('the console in Chromium against npm start', () => {
  let dir = '';
  let dataDir = '';
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  let consoleUrl = '';
  let browser: Browser | undefined;
  const problems: string[] = [];
  /** The slow order the first test finds: the later ones come back to it. */
  let slowTraceUrl = '';
  /** The span that made it slow. */
  let slowSpan: WaterfallRow | undefined;

  beforeAll(async () => {
    ensureUiBundle();
    dir = await mkdtemp(join(tmpdir(), 'sightline-console-example-'));
    // Postgres runs as its own user when we are root, and must reach pg/.
    await chmod(dir, 0o755);
    dataDir = join(dir, 'pg');
    child = spawn(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', 'scripts/start.ts'], {
      env: npmStartEnv(dir, dataDir),
      // Its own process group: if it does not stop on SIGINT, the group (services, traffic) is killed with it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = child;
    exited = new Promise((resolve) => started.once('close', (code) => resolve(code)));
    let stderr = '';
    started.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    consoleUrl = await new Promise<string>((resolve, reject) => {
      createInterface({ input: started.stdout! }).on('line', (line) => {
        const match = /Console:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match?.[1]) resolve(match[1]);
      });
      void exited.then((code) => reject(new Error(`npm start exited (code ${code}):\n${stderr}`)));
    });
    browser = await launchChromium();
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, STOP_MS, false))]);
      if (!stopped) process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
    if (dataDir !== '') {
      // Whatever happened above, no Postgres outlives the test.
      expect(await ensurePostgresStopped(dataDir)).toBe(true);
      expect(postgresProcessesFor(dataDir)).toEqual([]);
      expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
    }
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  const open = async (path: string): Promise<Page> => {
    const page = await openPage(browser!, problems);
    await page.goto(`${consoleUrl}${path}`);
    return page;
  };
  const nav = (page: Page, label: string) => page.locator('header.topbar nav a', { hasText: label }).click();

  it('finds a slow order from the search form and shows its waterfall: orders-api, payments and the Postgres spans under them', async () => {
    const page = await open('/services');
    await nav(page, 'Traces');
    await page.waitForURL('**/traces');
    // Orders made slow by payments (PAYMENTS_SLOW_RATE: the charge answers after 1.2 s): the search's span filters
    // match the charge, the result is its order's trace. Searching orders-api for traces over a second also finds
    // plain orders that only a busy machine made slow, with no slow span to show.
    await page.fill('input[name="service"]', 'payments');
    await page.fill('input[name="route"]', '/charges');
    // A placed order (no error span: a declined card logs differently).
    await page.selectOption('select[name="status"]', 'ok');
    await page.fill('input[name="minDurationMs"]', '1200');
    await page.click('button[type="submit"]');
    await page.waitForURL('**/traces?service=payments&route=%2Fcharges&status=ok&minDurationMs=1200');
    // The list follows new traces live: the first slow order shows up without a reload.
    // payments exports on its own schedule: a charge can land before its order's root span, and the newest
    // result reads "(no root)" until the root lands and the list refreshes.
    const result = page.locator('.trace-result', { hasText: 'POST /orders' }).first();
    await result.waitFor({ timeout: LANDS_MS });
    expect(await result.locator('.badge.status-error').count()).toBe(0);
    const traceMs = durationMs(await text(result.locator('.bar-cell .nowrap')));
    expect(traceMs).toBeGreaterThanOrEqual(1200);
    await screenshot(page, 'example-traces-search');

    await result.locator('a.trace-link').click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}\?start=\d+&end=\d+$/);
    slowTraceUrl = page.url().slice(consoleUrl.length);
    const root = page.locator('.waterfall-row').first();
    await root.waitFor();
    expect(await text(root.locator('.span-service'))).toBe('orders-api');
    expect(await text(root.locator('.span-name'))).toBe('POST /orders');
    // payments exports on its own schedule: its span joins the waterfall once it has landed.
    const charge = page.locator('.waterfall-row', { has: page.locator('.span-service', { hasText: 'payments' }) }).first();
    await charge.waitFor({ timeout: LANDS_MS });
    expect(await text(charge.locator('.span-name'))).toBe('POST /charges');

    // Postgres client spans named as semconv says ({db.operation.name} {db.collection.name}), below the server span.
    const rows = await waterfallRows(page);
    for (const name of ['SELECT users', 'SELECT products', 'BEGIN', 'UPDATE products', 'INSERT orders', 'COMMIT']) {
      expect(rows.map((row) => row.name)).toContain(name);
    }
    const update = page.locator('.waterfall-row', { has: page.getByTitle('UPDATE products', { exact: true }) }).first();
    expect(await indentOf(update)).toBeGreaterThan(await indentOf(root));
    expect(await indentOf(charge)).toBeGreaterThan(await indentOf(root));

    // Why it is slow, on the critical path: the slow charge (1.2 s), or the stock UPDATE waiting at least as long
    // for the row lock that another order holds through its own slow charge.
    const slowest = rows.filter((row) => row.leaf).sort((a, b) => b.ms - a.ms)[0]!;
    expect(slowest.ms).toBeGreaterThanOrEqual(1200);
    expect([`payments POST /charges`, 'orders-api UPDATE products']).toContain(`${slowest.service} ${slowest.name}`);
    expect(slowest.critical).toBe(true);
    slowSpan = slowest;

    const slowRow = page.locator(`.waterfall-row[data-span-id="${slowest.spanId}"]`);
    await slowRow.click();
    const details = page.locator('.span-details');
    await details.waitFor();
    const detailText = await text(details);
    if (slowest.name === 'UPDATE products') {
      expect(detailText).toContain('db.system.name');
      expect(detailText).toContain('postgresql');
      expect(detailText).toContain('UPDATE products SET stock = stock - $1');
    } else {
      expect(detailText).toContain('http.route/charges');
      expect(detailText).toContain('payments');
    }
    await screenshot(page, 'example-trace-waterfall');
    await update.click();
    await expect.poll(() => text(details)).toContain('UPDATE products SET stock = stock - $1');
    expect(await text(details)).toContain('postgresql');
    await page.close();
  });

  it("shows that slow order's logs from both services inline, in time order", async () => {
    expect(slowTraceUrl).not.toBe('');
    const page = await open(slowTraceUrl);
    // orders-api logs its slow request when it answers, last; payments' line about the charge lands on its own schedule.
    // Times are whole milliseconds: 'order placed' may share the answer's millisecond, so "last" is "at the latest offset".
    const bodies = page.locator('.trace-log .log-message');
    const rows = async () => {
      const lines = await bodies.allTextContents();
      const services = await page.locator('.trace-log td:nth-child(3)').allTextContents();
      const offsets = (await page.locator('.trace-log td:nth-child(1)').allTextContents()).map(offsetMs);
      return lines.map((line, i) => ({ line, service: services[i] ?? '', offsetMs: offsets[i] ?? Number.NaN }));
    };
    const accessLine = (entries: Awaited<ReturnType<typeof rows>>) =>
      entries.find((entry) => entry.line === 'slow request' && entry.service === 'orders-api');
    await expect.poll(async () => (await rows()).some((entry) => entry.line === 'charge succeeded'), { timeout: LANDS_MS }).toBe(true);
    await expect.poll(async () => accessLine(await rows()) !== undefined, { timeout: LANDS_MS }).toBe(true);
    const entries = await rows();
    const offsets = entries.map((entry) => entry.offsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(new Set(entries.map((entry) => entry.service))).toEqual(new Set(['orders-api', 'payments']));
    expect(entries.find((entry) => entry.line === 'charge succeeded')?.service).toBe('payments');
    expect(entries.map((entry) => entry.line)).toContain('order placed');
    // The answer is the latest line, over a second into the trace.
    expect(accessLine(entries)!.offsetMs).toBe(Math.max(...offsets));
    expect(accessLine(entries)!.offsetMs).toBeGreaterThanOrEqual(1000);
    await page.locator('.trace-logs').scrollIntoViewIfNeeded();
    await screenshot(page, 'example-trace-logs');
    await page.close();
  });

  it('lists the injected errors as groups and follows the declined card to its stack and a trace that hit it', async () => {
    const page = await open('/services');
    await nav(page, 'Errors');
    await page.waitForURL('**/errors');
    // The generator's orders of 1,000 items fail their stock reservation; payments declines some cards.
    // One group per throw site: its message is the sample's, an injected order's or one that met an empty shelf.
    const outOfStock = page.locator('.error-group-row', { hasText: /product \d+ has fewer than \d+ in stock/ });
    await outOfStock.first().waitFor({ timeout: LANDS_MS });
    const declined = page.locator('.error-group-row', { hasText: 'PaymentDeclinedError' });
    await declined.waitFor({ timeout: LANDS_MS });
    expect(await text(declined.locator('.error-message'))).toBe('the payment was declined (card_declined)');
    expect(Number(await text(declined.locator('td.num')))).toBeGreaterThan(0);
    expect(await text(declined)).toContain('orders-api');
    await screenshot(page, 'example-errors');

    await declined.locator('a').first().click();
    await page.waitForURL(/\/errors\/[0-9a-f]+$/);
    const stack = await text(page.locator('pre.stack'));
    expect(stack).toMatch(
      /^PaymentDeclinedError: the payment was declined \(card_declined\)\n\s+at requestCharge \(.*payments-client\.ts:\d+:\d+\)/,
    );
    expect(await text(page.locator('.trace-facts'))).toContain('routes: /orders');
    // The release orders-api runs (its package.json version, as service.version).
    expect(await text(page.locator('.error-versions'))).toBe('version 1.3.0');
    const occurrence = page.locator('.occurrence-row', { has: page.locator('a') }).first();
    await occurrence.waitFor();
    await screenshot(page, 'example-error-group');

    await occurrence.locator('a').click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}\?(.+&)?span=[0-9a-f]{16}/);
    const traceId = /\/traces\/([0-9a-f]{32})/.exec(page.url())![1]!;
    // The trace that hit it: the order, and the payments' 402 that declined it.
    // The occurrence is stored from orders-api's error; its spans may come a batch later (exporters send in
    // batches): the page asks again on live updates (404s, the only ones allowed here) and fills in.
    await page.locator('.waterfall-row').first().waitFor({ timeout: LANDS_MS });
    problems.push(...problems.splice(0).filter((problem) => problem !== `404 /api/traces/${traceId}/outline`));
    await expect.poll(() => text(page.locator('.waterfall-row .span-name').first()), { timeout: LANDS_MS }).toBe('POST /orders');
    const charge = page.locator('.waterfall-row', { has: page.locator('.span-service', { hasText: 'payments' }) }).first();
    await charge.waitFor({ timeout: LANDS_MS });
    await charge.click();
    await expect.poll(() => text(page.locator('.span-details'))).toContain('402');
    await page.close();
  });

  it("charts the orders' request duration and follows an exemplar dot of a slow order to its trace", async () => {
    const page = await open('/services');
    await nav(page, 'Metrics');
    await page.waitForURL('**/metrics');
    // A scraped histogram is one entry under its base name; it opens its buckets as p50 · p95 · p99.
    await page.locator('.metric-item', { hasText: /^http_server_request_duration_seconds\s*histogram/ }).click();
    await page.waitForURL('**/metrics?name=http_server_request_duration_seconds_bucket**');
    expect(await page.locator('a.button.active').first().textContent()).toBe('p50 · p95 · p99');
    // One bucket's own series, as a rate of observations: its exemplars are the slow orders.
    await page.locator('a.button', { hasText: /^rate$/ }).click();
    await page.waitForURL('**view=rate**');
    // The slow orders' bucket (1 s < d ≤ 2.5 s) of orders-api, scraped from its /metrics (OpenMetrics, exemplars).
    const series = page.locator('a.series-link', {
      hasText: 'orders-api {http_request_method=POST, http_route=/orders, http_response_status_code=201, le=2.5}',
    });
    await series.waitFor({ timeout: LANDS_MS });
    await series.click();
    await page.waitForURL('**series=**');
    // A scraped bucket is a counter, charted as a rate: that takes two scrapes (15 s apart). The page follows live.
    const points = page.locator('tr.selected td').nth(1);
    await expect.poll(async () => Number(await points.textContent()), { timeout: LANDS_MS }).toBeGreaterThanOrEqual(2);
    await page.locator('.time-chart canvas').waitFor();
    expect(await page.locator('.metric-view').textContent()).toContain('Charted as a per-second rate');
    const legend = page.locator('.time-chart .u-legend .u-series').nth(1);
    expect(await legend.locator('.u-label').textContent()).toBe(
      'orders-api {http_request_method=POST, http_route=/orders, http_response_status_code=201, le=2.5}',
    );
    // The cursor at the newest scrape: the legend reads the rate charted there (again after a live redraw).
    const plot = page.locator('.time-chart .u-over');
    await expect
      .poll(async () => {
        const { width, height } = (await plot.boundingBox())!;
        await plot.hover({ position: { x: width - 1, y: height / 2 } });
        return text(legend.locator('.u-value'));
      })
      .toMatch(/^\d/);
    const box = (await plot.boundingBox())!;
    // Exemplars of one bucket can share a spot: the last one drawn is the one on top, which a click reaches.
    const exemplar = page.locator('.exemplar').last();
    await exemplar.waitFor({ timeout: LANDS_MS });
    // Its dot sits on the plot, not beside it.
    const dot = (await exemplar.boundingBox())!;
    const dotX = dot.x + dot.width / 2;
    const dotY = dot.y + dot.height / 2;
    expect(dotX).toBeGreaterThanOrEqual(box.x);
    expect(dotX).toBeLessThanOrEqual(box.x + box.width);
    expect(dotY).toBeGreaterThanOrEqual(box.y);
    expect(dotY).toBeLessThanOrEqual(box.y + box.height);
    const title = (await exemplar.getAttribute('title')) ?? '';
    // The value in the metric's unit, as the legend writes it: "exemplar 1.11 s · trace …".
    const [, value, unit, traceId] = /^exemplar ([\d.]+) (s|ms) · trace ([0-9a-f]{32})$/.exec(title) ?? [];
    expect(traceId, title).toBeDefined();
    // The exemplar is a slow order's own duration, in its bucket (1 s < d <= 2.5 s) as the title rounds
    // it to two decimals: an order whose row lock freed just after 1 s reads "1.00 s".
    const seconds = unit === 'ms' ? Number(value) / 1000 : Number(value);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(2.5);
    await screenshot(page, 'example-metrics-exemplar');

    await exemplar.click();
    await page.waitForURL(new RegExp(`/traces/${traceId}\\?span=[0-9a-f]{16}$`));
    const root = page.locator('.waterfall-row').first();
    await root.waitFor({ timeout: LANDS_MS });
    // The scrape can carry the exemplar before the root span's export batch lands: the page fills in live.
    await expect.poll(() => text(root.locator('.span-name')), { timeout: LANDS_MS }).toBe('POST /orders');
    // The exemplar names the server span: it is the one selected.
    expect(await text(page.locator('.span-details h3'))).toBe('POST /orders');
    await page.close();
  });

  it('compares the slow order with a fast one of the same route, per span name', async () => {
    expect(slowTraceUrl).not.toBe('');
    const page = await open(slowTraceUrl);
    await page.locator('a.button', { hasText: 'Compare' }).click();
    await page.waitForURL('**/compare?**');
    // Candidates are traces of the slow one's operation: its root span's name, method and route.
    expect(new URL(page.url()).searchParams.get('route')).toBe('POST /orders');
    // A fast order that was placed (it has as many spans as a full order: validate, reserve, charge, commit).
    const candidates = page.locator('a.candidate');
    await candidates.first().waitFor({ timeout: LANDS_MS });
    let fast: Locator | undefined;
    for (const candidate of await candidates.all()) {
      const spans = Number(/(\d+) spans/.exec(await text(candidate))?.[1] ?? 0);
      if (spans >= 14 && durationMs(await text(candidate.locator('strong'))) < 200) {
        fast = candidate;
        break;
      }
    }
    expect(fast, (await candidates.allInnerTexts()).join('\n')).toBeDefined();
    await fast!.click();
    await page.waitForURL('**/compare?**b=**');
    // The span that made A slow, against B's: count A, count B, Δ count, Δ total, avg A, avg B.
    const slowRow = page.locator('.compare-row', { hasText: `${slowSpan!.service} ${slowSpan!.name}` });
    await slowRow.waitFor();
    // The row appears with A's trace; B's columns fill when its trace has loaded too.
    let cells: string[] = [];
    await expect
      .poll(
        async () => {
          cells = await slowRow.locator('td.num').allTextContents();
          return Number(cells[1]);
        },
        { timeout: LANDS_MS },
      )
      .toBeGreaterThanOrEqual(1);
    expect(Number(cells[0])).toBeGreaterThanOrEqual(1);
    // B's whole trace took under 200 ms: its spans of that name are that much shorter in total.
    expect(deltaMs(cells[3]!), `${slowSpan!.service} ${slowSpan!.name}: ${cells.join(' | ')}`).toBeLessThan(-(slowSpan!.ms - 200));
    expect(await slowRow.locator('.delta').last().getAttribute('class')).toContain('better');
    const names = await page.locator('.compare-row .span-cell').allInnerTexts();
    for (const name of ['UPDATE products', 'INSERT orders', 'SELECT users']) expect(names.some((cell) => cell.endsWith(name))).toBe(true);
    expect(deltaMs(await text(page.locator('.compare-total .delta')))).toBeLessThan(-800);
    await screenshot(page, 'example-compare');
    await page.close();
  });

  it("draws the example's dependencies: orders-api calls payments and its Postgres database", async () => {
    const page = await open('/services?since=15m');
    // caller → called, from the dependency table under the graph.
    const edges = async () =>
      Promise.all(
        (await page.locator('.dependency-row').all()).map(async (row) => {
          const [caller, called, calls] = await row.locator('td').allTextContents();
          return { edge: `${caller} → ${called}`, calls: Number(calls) };
        }),
      );
    await expect
      .poll(async () => (await edges()).map((entry) => entry.edge), { timeout: LANDS_MS })
      .toEqual(expect.arrayContaining(['orders-api → payments', expect.stringMatching(/^orders-api → postgresql( \S+)? database$/)]));
    for (const entry of await edges()) expect(entry.calls).toBeGreaterThan(0);
    // Drawn too: orders-api left of payments, which it calls.
    const box = async (name: string) => (await page.locator('.dependency-node', { hasText: name }).first().boundingBox())!;
    expect((await box('orders-api')).x).toBeLessThan((await box('payments')).x);
    await screenshot(page, 'example-dependencies');
    await page.close();
  });
});
