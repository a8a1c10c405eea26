import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlertmanagerClient } from '@sightline/sdk/alertmanager';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager } from '../../../../sdk/test/integration/alertmanager-server.js';
import { requireBinaries } from '../../../../sdk/test/support/system-binary.js';
import { type RunningConsole, startConsole } from '../../../src/server/console/index.js';
import type { SpanRow } from '../../../src/server/store/index.js';
import { generateErrorOccurrences } from '../../../src/server/store/testing/index.js';
import { type SdkService, startSdkService, work } from '../../support/sdk-service.js';
import { ensureUiBundle, launchChromium, missingApiRoutes, openPage, screenshot, skipBrowserTests, unexpectedProblems } from './browser.js';
import { exportLogs, exportMetrics, exportSpans } from './otlp-json.js';
import { FINGERPRINT, MS, orderTrace, type SeededConsole, STACK, seedExampleTelemetry, serverSpan } from './seed.js';

const alertmanagerBinary = requireBinaries(['prometheus-alertmanager'], 'prometheus-alertmanager');

type Box = NonNullable<Awaited<ReturnType<Locator['boundingBox']>>>;

/**
 * The boxes of `locators`, read together once all are on the page: live updates draw new data
 * into a chart every second or so, placing its dots again, and a dot read while it is not there is null.
 */
async function boxesOf(...locators: Locator[]): Promise<Box[]> {
  let boxes: (Box | null)[] = [];
  const allThere = async () => {
    boxes = await Promise.all(locators.map((locator) => locator.boundingBox()));
    return boxes.every((box) => box !== null);
  };
  await expect.poll(allThere).toBe(true);
  return boxes as Box[];
}

/** What the tests read of a canvas in the page (the DOM's types are not in this package's lib). */
interface CanvasPixels {
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } } | null;
}

/** Pixels drawn (line or fill) in each column of a sparkline's canvas, left to right. */
function inkPerColumn(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((element) => {
    const pixelsOf = element as unknown as CanvasPixels;
    const pixels = pixelsOf.getContext('2d')!.getImageData(0, 0, pixelsOf.width, pixelsOf.height).data;
    return Array.from({ length: pixelsOf.width }, (_, x) => {
      let ink = 0;
      for (let y = 0; y < pixelsOf.height; y++) if (pixels[(y * pixelsOf.width + x) * 4 + 3]! > 0) ink++;
      return ink;
    });
  });
}

describe.skipIf(skipBrowserTests)('the console UI in Chromium', () => {
  let running: RunningConsole;
  let browser: Browser;
  let seeded: SeededConsole;
  let sdkService: SdkService;
  const problems: string[] = [];
  let missing: string[] = [];

  const sloDir = mkdtempSync(join(tmpdir(), 'sightline-ui-slo-'));
  const sloFile = join(sloDir, 'shop.slo.yaml');

  beforeAll(async () => {
    ensureUiBundle();
    writeFileSync(
      sloFile,
      [
        'version: sightline/v1',
        'service: orders-api',
        'slos:',
        '  - { name: orders-availability, objective: 99.9, description: Orders are placed without server errors., sli: { availability: { routes: [/orders] } } }',
        '  - { name: orders-latency, objective: 99, sli: { latency: { threshold: 0.5, routes: [/orders] } } }',
        '  - { name: queue, objective: 99, sli: { events: { error_query: "sum(rate(e[{{.window}}]))", total_query: "sum(rate(t[{{.window}}]))" } } }',
        '---',
        'version: sightline/v1',
        'service: payments',
        'slos:',
        '  - { name: availability, objective: 99.5, sli: { availability: {} } }',
        '',
      ].join('\n'),
    );
    // A real SDK service as a scrape target: its /healthz is the health the services page shows.
    sdkService = await startSdkService('orders-api');
    running = await startConsole({
      memory: true,
      port: 0,
      otlpPort: 0,
      scrape: [`${sdkService.baseUrl}/metrics`],
      scrapeIntervalMs: 1_000,
      slo: [sloFile],
      // A round a second: the Alerts page's history fills in while a test waits.
      alertIntervalMs: 1_000,
    });
    seeded = await seedExampleTelemetry(running.otlpUrl);
    browser = await launchChromium();
    missing = await missingApiRoutes(running.url, ['/api/services', '/api/errors', `/api/errors/${FINGERPRINT}`]);
  });

  afterEach(() => {
    expect(unexpectedProblems(problems, missing)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await sdkService?.close();
    rmSync(sloDir, { recursive: true, force: true });
  });

  const open = async (path: string): Promise<Page> => {
    const page = await openPage(browser, problems);
    await page.goto(`${running.url}${path}`);
    return page;
  };

  /** A new error group's occurrences exported to `target`, and its Alerts page opened on the group's row. */
  const openNewErrorAlert = async (target: RunningConsole, fingerprint: string, spanOccurrences = 1) => {
    const fresh = generateErrorOccurrences({ fingerprint, newestNs: BigInt(Date.now() - 1_000) * MS, spanOccurrences });
    await exportSpans(target.otlpUrl, fresh.spans);
    const page = await openPage(browser, problems);
    await page.goto(`${target.url}/alerts`);
    const row = page.locator('.alert-row', { has: page.locator(`a[href="/errors/${fingerprint}"]`) });
    await row.waitFor();
    return { page, row, spans: fresh.spans };
  };

  it('finds the slow order in the trace search and shows its waterfall with the DB child spans', async () => {
    const page = await open('/traces?service=orders-api&route=%2Forders&minDurationMs=1000');
    const result = page.locator('.trace-result');
    await expect.poll(() => result.count()).toBe(1);
    expect(await result.first().textContent()).toContain('POST /orders');
    // Each service's spans in the trace, as Jaeger's results list them.
    const perService = new Map<string, number>();
    for (const span of seeded.slow.spans) perService.set(span.serviceName, (perService.get(span.serviceName) ?? 0) + 1);
    expect(await result.first().locator('.service-spans').allTextContents()).toEqual(
      [...perService].sort(([a], [b]) => (a < b ? -1 : 1)).map(([service, spans]) => `${service} ${spans}`),
    );
    // The root span's HTTP status beside its name.
    const root = seeded.slow.spans.find((span) => span.parentSpanId === undefined);
    expect(await result.first().locator('.http-status').textContent()).toBe(String(root?.attributes?.['http.response.status_code']));
    await screenshot(page, 'traces-search');

    await result.first().locator('a.trace-link').click();
    // The link carries the trace's start and end: the hint that bounds what the store reads.
    await page.waitForURL(new RegExp(`/traces/${seeded.slow.traceId}\\?start=\\d+&end=\\d+$`));
    const rows = page.locator('.waterfall-row');
    await expect.poll(() => rows.count()).toBe(seeded.slow.spans.length);
    const names = await page.locator('.waterfall-row .span-name').allInnerTexts();
    expect(names.filter((name) => name.startsWith('pg.query'))).toHaveLength(seeded.slow.dbSpanIds.length);
    expect(names[0]).toBe('POST /orders');
    // The 1.4 s SELECT is what the order waited for: on the critical path; the cache lookup beside it is not.
    const slowSelect = page.locator(`.waterfall-row[data-span-id="${seeded.slow.dbSpanIds[0]}"]`);
    expect(await slowSelect.getAttribute('class')).toContain('critical');
    expect(await page.locator(`.waterfall-row[data-span-id="${seeded.slow.cacheSpanId}"]`).getAttribute('class')).not.toContain('critical');

    await slowSelect.click();
    const details = page.locator('.span-details');
    await details.waitFor();
    expect(await details.textContent()).toContain('postgresql');
    expect(await details.textContent()).toContain('SELECT * FROM orders WHERE customer_id = $1');
    expect(page.url()).toContain(`span=${seeded.slow.dbSpanIds[0]}`);
    expect(await details.textContent()).toContain('Self time1.40 s');

    // Arrow keys: down to the next SELECT, left to the root, left again folds it.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.url()).toContain(`span=${seeded.slow.dbSpanIds[1]}`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.url()).toContain(`span=${seeded.slow.rootSpanId}`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => rows.count()).toBe(1);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => rows.count()).toBe(seeded.slow.spans.length);
    await slowSelect.click();
    await screenshot(page, 'trace-waterfall');
    await page.close();
  });

  it("shows the slow order's spans per service and name, most self time first, and a name opens the waterfall at its first span", async () => {
    const page = await open(`/traces/${seeded.slow.traceId}`);
    await page.locator('.waterfall-row').first().waitFor();
    await page.getByRole('button', { name: 'Statistics', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('stats');
    const rows = page.locator('.trace-stats .trace-stat');
    const selects = seeded.slow.spans.filter((span) => span.name === 'pg.query SELECT orders');
    const groups = new Set(seeded.slow.spans.map((span) => `${span.serviceName} ${span.name}`));
    await expect.poll(() => rows.count()).toBe(groups.size);
    // The 1.4 s SELECT and its quick siblings are one row, first: where the order's time went.
    const first = rows.first();
    expect(await first.locator('.span-stat-name').textContent()).toBe('pg.query SELECT orders');
    expect(await first.locator('td.num').first().textContent()).toBe(String(selects.length));
    const shares = await page.locator('.trace-stats .self-share').allTextContents();
    expect(shares.map((share) => Number.parseFloat(share))).toEqual(
      [...shares.map((share) => Number.parseFloat(share))].sort((a, b) => b - a),
    );
    await screenshot(page, 'trace-statistics');
    // "JSON" downloads the trace as the API answers it: every span.
    const download = page.locator('a.download-json');
    expect(await download.getAttribute('download')).toBe(`trace-${seeded.slow.traceId}.json`);
    const saved = await (await page.request.get(new URL((await download.getAttribute('href'))!, page.url()).href)).json();
    expect((saved as { spans: { spanId: string }[] }).spans.map((span) => span.spanId).sort()).toEqual(
      seeded.slow.spans.map((span) => span.spanId).sort(),
    );

    // A deep link opens the same view (a selected span's Escape does not leave it); a name goes
    // back to the waterfall at the group's first span.
    await page.goto(`${running.url}/traces/${seeded.slow.traceId}?span=${seeded.slow.rootSpanId}&view=stats`);
    await expect.poll(() => rows.count()).toBe(groups.size);
    await page.keyboard.press('Escape');
    expect(new URL(page.url()).searchParams.get('view')).toBe('stats');
    await first.locator('.span-stat-name').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('span')).toBe(seeded.slow.dbSpanIds[0]);
    expect(new URL(page.url()).searchParams.get('view')).toBeNull();
    await page.locator('.span-details').waitFor();
    expect(await page.locator('input.find-input').inputValue()).toBe('pg.query SELECT orders');
    await page.close();
  });

  it('closes span details with Escape; in the find box Escape first clears the search, then leaves the box', async () => {
    const page = await open(`/traces/${seeded.slow.traceId}?span=${seeded.slow.dbSpanIds[0]}`);
    const details = page.locator('.span-details');
    await details.waitFor();
    // In a 1024 px window beside the open details the time axis has fewer ticks, none drawn over another.
    await page.setViewportSize({ width: 1024, height: 768 });
    const tickBoxes = () =>
      page
        .locator('.waterfall-header .tick')
        .evaluateAll((ticks) => ticks.map((tick) => tick.getBoundingClientRect()).map((r) => [r.left, r.right]));
    await expect.poll(async () => (await tickBoxes()).length).toBeLessThan(5);
    const narrow = await tickBoxes();
    expect(narrow.length).toBeGreaterThanOrEqual(2);
    expect(narrow.filter(([left], index) => index > 0 && left! < narrow[index - 1]![1]! + 4)).toEqual([]);
    await screenshot(page, 'trace-waterfall-narrow');
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(async () => (await tickBoxes()).length).toBe(5);
    // From a row of the waterfall (the keyboard's place in the page).
    await page.locator(`.waterfall-row[data-span-id="${seeded.slow.dbSpanIds[0]}"]`).click();
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.get('span')).toBeNull();

    await page.locator(`.waterfall-row[data-span-id="${seeded.slow.dbSpanIds[1]}"]`).click();
    await details.waitFor();
    const find = page.locator('input.find-input');
    await find.fill('pg.query');
    await page.keyboard.press('Escape');
    expect(await find.inputValue()).toBe('');
    expect(await details.count()).toBe(1);
    await page.keyboard.press('Escape');
    expect(await find.evaluate((input) => input === input.ownerDocument.activeElement)).toBe(false);
    expect(await details.count()).toBe(1);
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    await page.close();
  });

  it("shows the trace's logs inline in time order, the exception's stack and a link to its error group", async () => {
    const page = await open(`/traces/${seeded.slow.traceId}?span=${seeded.slow.exceptionSpanId}`);
    const details = page.locator('.span-details');
    await details.waitFor();
    expect(await details.locator('pre.stack').textContent()).toBe(
      seeded.slow.spans.find((span) => span.events)!.events![0]!.attributes!['exception.stacktrace'],
    );
    expect(await details.locator('a.error-group-link').getAttribute('href')).toBe(`/errors/${FINGERPRINT}`);

    const logs = page.locator('.trace-log .log-message');
    await expect.poll(() => logs.count()).toBe(seeded.slow.logs.length);
    expect(await logs.allInnerTexts()).toEqual([
      'placing order',
      'charging card',
      'card declined by issuer',
      'order failed: payment declined',
    ]);
    await screenshot(page, 'trace-exception-and-logs');

    // A log line's span button selects that span in the waterfall.
    await page.locator('.trace-log').first().locator('button.link').click();
    await expect.poll(() => page.url()).toContain(`span=${seeded.slow.rootSpanId}`);
    await page.close();
  });

  it('charts a metric and follows an exemplar dot to its trace', async () => {
    const page = await open('/metrics');
    await page.locator('.metric-item', { hasText: 'http.server.request.duration' }).click();
    await page.locator('.time-chart canvas').waitFor();
    const exemplar = page.locator(`.exemplar[title*="${seeded.slow.traceId}"]`).first();
    await exemplar.waitFor();
    expect(await page.locator('.exemplar').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'metrics-exemplars');

    await exemplar.click();
    await page.waitForURL(`**/traces/${seeded.slow.traceId}?span=${seeded.slow.rootSpanId}`);
    await expect.poll(() => page.locator('.waterfall-row').count()).toBe(seeded.slow.spans.length);
    await page.close();
  });

  it("charts an OTLP histogram's p50, p95 and p99 per export interval, in its unit, with its exemplars on the same axis", async () => {
    const page = await open('/metrics?name=http.server.request.duration');
    await page.locator('.time-chart canvas').waitFor();
    // Its buckets as quantiles first; its mean (sum / count) one click away.
    expect(await page.locator('a.button.active', { hasText: 'p50 · p95 · p99' }).count()).toBe(1);
    expect(await page.locator('a.button', { hasText: 'mean' }).getAttribute('href')).toContain('view=mean');
    expect(await page.locator('a.button', { hasText: 'rate' }).count()).toBe(0);
    for (const label of ['p50 all series', 'p95 all series', 'p99 all series']) {
      await page.locator('.time-chart .u-legend', { hasText: label }).waitFor();
    }
    // 60 cumulative exports 30 s apart over the last 30 minutes: an interval between each two of them.
    const note = (await page.locator('.metric-view').textContent()) ?? '';
    expect(Number(/with observations \((\d+) in this window\)/.exec(note)?.[1])).toBe(59);
    // The exemplars are durations in seconds like the lines: one axis.
    const exemplar = page.locator(`.exemplar[title*="${seeded.slow.traceId}"]`).first();
    await exemplar.waitFor();
    expect(note).not.toContain('right-hand axis');
    // Diamonds in a colour none of the p50/p95/p99 lines has (the p95 is orange).
    const look = await exemplar.evaluate((element) => {
      const style = element.ownerDocument.defaultView!.getComputedStyle(element);
      return { background: style.backgroundColor, transform: style.transform };
    });
    expect(['rgb(79, 156, 249)', 'rgb(245, 165, 36)', 'rgb(62, 207, 142)']).not.toContain(look.background);
    expect(look.transform).not.toBe('none');
    // The answer the chart draws: p50 inside the lowest bucket (60 % of requests under 50 ms), p95
    // in +Inf, read as the highest finite bound (250 ms).
    const answer = (await page.evaluate(async () =>
      (await fetch('/api/metrics/http.server.request.duration/quantiles?since=1h')).json(),
    )) as { stepMs: number; quantiles: { quantile: number; values: (number | null)[] }[] };
    expect(answer.stepMs).toBe(30_000);
    const [p50, p95] = answer.quantiles.map((line) => line.values.filter((value): value is number => value !== null));
    for (const value of p50!) expect(value).toBeGreaterThan(0.035);
    for (const value of p50!) expect(value).toBeLessThan(0.05);
    for (const value of p95!) expect(value).toBe(0.25);
    await screenshot(page, 'metrics-otlp-histogram-quantiles');
    await page.close();
  });

  it("charts an OTLP exponential histogram's quantiles from its buckets", async () => {
    // Cumulative, every 30 s over 5 minutes: each interval adds 6 observations in (8, 16] ms and 2 in (16, 32] ms (scale 0).
    const nowNs = BigInt(Date.now()) * MS;
    await exportMetrics(
      running.otlpUrl,
      Array.from({ length: 10 }, (_, step) => ({
        type: 'exponentialHistogram' as const,
        serviceName: 'payments',
        name: 'db.client.operation.duration',
        unit: 'ms',
        attributes: { 'db.system.name': 'postgresql' },
        startTimeUnixNano: nowNs - 3_600_000n * MS,
        timeUnixNano: nowNs - BigInt((10 - step) * 30_000) * MS,
        count: 8 * step,
        sum: 100 * step,
        scale: 0,
        zeroCount: 0,
        positive: { offset: 3, bucketCounts: [6 * step, 2 * step] },
        negative: { offset: 0, bucketCounts: [] },
        aggregationTemporality: 2 as const,
      })),
    );
    const page = await open('/metrics?name=db.client.operation.duration');
    await page.locator('a.button.active', { hasText: 'p50 · p95 · p99' }).waitFor();
    await page.locator('.time-chart .u-legend', { hasText: 'p95 all series' }).waitFor();
    const note = (await page.locator('.metric-view').textContent()) ?? '';
    expect(Number(/with observations \((\d+) in this window\)/.exec(note)?.[1])).toBe(9);
    const answer = (await page.evaluate(async () =>
      (await fetch('/api/metrics/db.client.operation.duration/quantiles?since=1h')).json(),
    )) as { quantiles: { quantile: number; values: (number | null)[] }[] };
    // p50: rank 4 of 8, inside (8, 16] where 6 fall: 8 + 8 * 4/6; p95: rank 7.6, inside (16, 32]: 16 + 16 * 1.6/2.
    for (const value of answer.quantiles[0]!.values) expect(value).toBeCloseTo(8 + (8 * 4) / 6, 6);
    for (const value of answer.quantiles[1]!.values) expect(value).toBeCloseTo(16 + (16 * 1.6) / 2, 6);
    await page.close();
  });

  it('charts a counter as a rate with its exemplars on their own axis (they are charges in USD, not USD/s)', async () => {
    const page = await open('/metrics');
    await page.locator('.metric-item', { hasText: 'payments.charged' }).click();
    await page.locator('.time-chart canvas').waitFor();
    await page.locator('.metric-view', { hasText: 'on the right-hand axis' }).waitFor();
    const exemplar = page.locator(`.exemplar[title*="${seeded.slow.traceId}"]`).first();
    await exemplar.waitFor();
    // The dot lies on the plot, whatever its axis.
    const [plot, dot] = (await boxesOf(page.locator('.time-chart .u-over'), exemplar)) as [Box, Box];
    expect(dot.x + dot.width / 2).toBeGreaterThanOrEqual(plot.x);
    expect(dot.x + dot.width / 2).toBeLessThanOrEqual(plot.x + plot.width);
    expect(dot.y + dot.height / 2).toBeGreaterThanOrEqual(plot.y);
    expect(dot.y + dot.height / 2).toBeLessThanOrEqual(plot.y + plot.height);
    await screenshot(page, 'metrics-counter-exemplars');
    await exemplar.click();
    await page.waitForURL(`**/traces/${seeded.slow.traceId}?span=${seeded.slow.rootSpanId}`);
    await page.close();
  });

  it('keeps a drag-zoom made while live updates run, draws new data and its exemplars into the zoomed plot, and a double-click fits the data again', async () => {
    const page = await open('/metrics?name=payments.charged');
    const exemplar = page.locator(`.exemplar[title*="${seeded.slow.traceId}"]`).first();
    await exemplar.waitFor();
    const overlay = page.locator('.time-chart .u-over');
    const centreX = async () => {
      const [box] = (await boxesOf(exemplar)) as [Box];
      return box.x + box.width / 2;
    };
    // Live stays on (the console scrapes every second and the chart's points are fetched again
    // each time): the data is drawn into the plot there is, which the test marks to see it kept.
    await page.locator('.live-toggle.live').waitFor();
    await page.evaluate("document.querySelector('.time-chart canvas').setAttribute('data-first-plot', '')");
    const [plot] = (await boxesOf(overlay)) as [Box];
    const before = await centreX();
    // Drag out a range around the dot, off-centre: zoomed, the dot sits at its share of that range.
    const left = Math.max(plot.x + 2, before - plot.width * 0.15);
    const right = Math.min(plot.x + plot.width - 2, before + plot.width * 0.05);
    const expected = plot.x + ((before - left) / (right - left)) * plot.width;
    await page.mouse.move(left, plot.y + plot.height / 2);
    await page.mouse.down();
    await page.mouse.move(right, plot.y + plot.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.locator('.zoom-hint.zoomed').waitFor();
    await expect.poll(centreX).toBeGreaterThan(expected - 6);
    expect(await centreX()).toBeLessThan(expected + 6);
    // Zoomed, the chart says how to undo it.
    const hint = page.locator('.time-chart .zoom-hint.zoomed');
    expect(await hint.textContent()).toContain('double-click to reset');

    // New data: a point now, outside the zoomed range, carrying an exemplar taken two minutes
    // before the slow one, inside it. The chart draws it with the zoom kept and a dot for it.
    const answer = (await page.evaluate(async () => (await fetch('/api/metrics/payments.charged/points?since=1h')).json())) as {
      points: { exemplars: { timeUnixNano: string; traceId: string | null }[] }[];
    };
    const slowAt = BigInt(
      answer.points.flatMap((point) => point.exemplars).find((entry) => entry.traceId === seeded.slow.traceId)!.timeUnixNano,
    );
    const newTraceId = randomBytes(16).toString('hex');
    const nowNs = BigInt(Date.now()) * MS;
    await exportMetrics(running.otlpUrl, [
      {
        type: 'sum',
        serviceName: 'payments',
        name: 'payments.charged',
        unit: 'USD',
        description: 'Money charged.',
        startTimeUnixNano: nowNs - 3_600_000n * MS,
        timeUnixNano: nowNs,
        value: 1_000_000,
        isMonotonic: true,
        aggregationTemporality: 2,
        exemplars: [{ timeUnixNano: slowAt - 120_000n * MS, value: 129.99, traceId: newTraceId, spanId: randomBytes(8).toString('hex') }],
      },
    ]);
    const added = page.locator(`.exemplar[title*="${newTraceId}"]`);
    await added.waitFor({ timeout: 10_000 });
    const [box, dot, newDot] = (await boxesOf(overlay, exemplar, added)) as [Box, Box, Box];
    expect(Math.abs(dot.x + dot.width / 2 - expected)).toBeLessThan(6);
    expect(newDot.x + newDot.width / 2).toBeGreaterThanOrEqual(box.x);
    expect(newDot.x + newDot.width / 2).toBeLessThan(dot.x);
    // Every dot shown lies on the plot: those outside the zoomed range are not drawn beside it.
    for (const each of await page.locator('.exemplar').all()) {
      const [shown] = (await boxesOf(each)) as [Box];
      expect(shown.x + shown.width / 2).toBeGreaterThanOrEqual(box.x);
      expect(shown.x + shown.width / 2).toBeLessThanOrEqual(box.x + box.width);
    }
    expect(await page.locator('.time-chart canvas[data-first-plot]').count()).toBe(1);
    await screenshot(page, 'metrics-zoomed');
    expect(await hint.isVisible()).toBe(true);

    // A double-click fits the data (and the exemplars) again.
    await overlay.dblclick();
    await expect.poll(async () => Math.abs((await centreX()) - before)).toBeLessThan(plot.width * 0.05);
    expect(await hint.count()).toBe(0);
    // So does the hint's reset.
    await page.mouse.move(left, plot.y + plot.height / 2);
    await page.mouse.down();
    await page.mouse.move(right, plot.y + plot.height / 2, { steps: 8 });
    await page.mouse.up();
    await hint.waitFor();
    await hint.locator('button', { hasText: 'reset' }).click();
    await expect.poll(async () => Math.abs((await centreX()) - before)).toBeLessThan(plot.width * 0.05);
    expect(await hint.count()).toBe(0);
    await page.close();
  });

  it("labels a scraped histogram's exemplar axis with the unit its name states (seconds), its bucket rates per second", async () => {
    // The SDK service records an exemplar per bucket for each traced request; the console scrapes
    // it every second in OpenMetrics, which carries them. Its text has no unit of its own.
    await work(sdkService, 3);
    const page = await open(`/metrics?name=http_server_request_duration_seconds_bucket&since=15m&view=rate`);
    await page.locator('.time-chart canvas').waitFor();
    await page.locator('.metric-view', { hasText: 'Charted as a per-second rate of the counter' }).waitFor();
    await page.locator('.metric-view', { hasText: 'on the right-hand axis, in s)' }).waitFor();
    const exemplar = page.locator('.exemplar').first();
    await exemplar.waitFor();
    // Its value in the unit the axis writes, three digits or so: not 1.2010239080000011.
    const [, value] = /^exemplar ([0-9.]+) s · trace [0-9a-f]{32}$/.exec((await exemplar.getAttribute('title')) ?? '') ?? [];
    expect(value?.replace('.', '').replace(/^0+/, '').length).toBeLessThanOrEqual(3);
    const [plot, dot] = (await boxesOf(page.locator('.time-chart .u-over'), exemplar)) as [Box, Box];
    expect(dot.y + dot.height / 2).toBeGreaterThanOrEqual(plot.y);
    expect(dot.y + dot.height / 2).toBeLessThanOrEqual(plot.y + plot.height);
    // The buckets listed by their bound as a number, +Inf last (as text, +Inf came first and 10 before 2.5).
    const bounds = (await page.locator('.series-link').allTextContents()).map((text) => /le=([^,}]+)/.exec(text)?.[1]);
    expect(bounds.length).toBeGreaterThan(2);
    expect(bounds.at(-1)).toBe('+Inf');
    const finite = bounds.slice(0, -1).map(Number);
    expect(finite).toEqual([...finite].sort((a, b) => a - b));
    await screenshot(page, 'metrics-scraped-histogram-exemplars');

    // The same buckets as quantiles (the default reading of a histogram's buckets): p50, p95 and p99 lines.
    await page.locator('a.button', { hasText: 'p50 · p95 · p99' }).click();
    await page.waitForURL((url) => !url.searchParams.has('view'));
    // Requests between two scrapes make an interval with quantiles (the console scrapes every second).
    await work(sdkService, 3);
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator('.metric-view .panel, .metric-view .notice').first().waitFor();
          const note = await page.locator('.metric-view').textContent();
          return Number(/with observations \((\d+) in this window\)/.exec(note ?? '')?.[1] ?? 0);
        },
        { timeout: 15_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    for (const label of ['p50 all series', 'p95 all series', 'p99 all series']) {
      await page.locator('.time-chart .u-legend', { hasText: label }).waitFor();
    }
    // Quantiles are in the exemplars' unit (seconds): the dots share the lines' axis now.
    await page.locator('.exemplar').first().waitFor();
    expect(await page.locator('.metric-view').textContent()).not.toContain('right-hand axis');
    await screenshot(page, 'metrics-scraped-histogram-quantiles');
    await page.close();
  });

  it('starts the metrics page with the request durations it holds, each a click from its chart', async () => {
    const page = await open('/metrics');
    const start = page.locator('.metric-start li', { hasText: 'http.server.request.duration' });
    await start.waitFor();
    expect(await start.textContent()).toContain('how long requests take');
    await screenshot(page, 'metrics-start');
    await start.locator('a').click();
    await page.waitForURL('**/metrics?name=http.server.request.duration**');
    await page.locator('.time-chart').waitFor();
    await page.close();
  });

  it('filters the metric list from the URL, lists a scraped histogram once under its base name and wraps names after _ and .', async () => {
    // The SDK service's request histogram exists once it has served requests and been scraped (every second).
    await work(sdkService, 2);
    await expect
      .poll(
        async () => {
          const answer = (await (await fetch(`${running.url}/api/metrics`)).json()) as { metrics: { name: string }[] };
          return answer.metrics.filter((metric) => metric.name.startsWith('http_server_request_duration_seconds_')).length;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe(3);
    const page = await open('/metrics');
    const items = page.locator('.metric-item');
    await items.first().waitFor();
    const everything = await items.count();
    await page.locator('.metric-filter input').fill('DURATION_seconds');
    await page.waitForURL((url) => url.searchParams.get('q') === 'DURATION_seconds');
    await expect.poll(() => items.count()).toBeLessThan(everything);
    const names = await page.locator('.metric-item .metric-name').allInnerTexts();
    expect(names.every((text) => text.toLowerCase().includes('duration_seconds'))).toBe(true);
    // One entry for the family's _bucket, _count and _sum, opening its quantiles; _count and _sum one click away.
    const family = page.locator('.metric-entry', {
      has: page.locator('.metric-name', { hasText: /^http_server_request_duration_seconds$/ }),
    });
    expect(await family.count()).toBe(1);
    expect(await family.locator('.metric-item > .muted').textContent()).toMatch(/^histogram( · |$)/);
    expect(await family.locator('.metric-members a').allInnerTexts()).toEqual(['count', 'sum']);
    expect(await family.locator('.metric-name wbr').count()).toBe(4);
    await screenshot(page, 'metrics-filter');

    // Picking one keeps the filter; the chart opens on the quantiles.
    await family.locator('.metric-item').click();
    await page.waitForURL(
      (url) =>
        url.searchParams.get('name') === 'http_server_request_duration_seconds_bucket' && url.searchParams.get('q') === 'DURATION_seconds',
    );
    await page.locator('.title-actions a.button.active', { hasText: 'p50 · p95 · p99' }).waitFor();
    expect(await page.locator('.metric-entry.active .metric-name').textContent()).toBe('http_server_request_duration_seconds');
    await family.locator('.metric-members a', { hasText: 'count' }).click();
    await page.waitForURL((url) => url.searchParams.get('name') === 'http_server_request_duration_seconds_count');
    await page.locator('.metric-view h2', { hasText: 'http_server_request_duration_seconds_count' }).waitFor();
    expect(await page.locator('.metric-entry.active .metric-name').textContent()).toBe('http_server_request_duration_seconds');

    // A hand-written link to the family's base name opens its buckets, as the list's entry does.
    await page.goto(`${running.url}/metrics?name=http_server_request_duration_seconds`);
    await page.waitForURL((url) => url.searchParams.get('name') === 'http_server_request_duration_seconds_bucket');
    await page.locator('.title-actions a.button.active', { hasText: 'p50 · p95 · p99' }).waitFor();

    // A deep link restores the filter; no match says so.
    await page.goto(`${running.url}/metrics?q=no-such-metric`);
    await page.locator('.metric-none').waitFor();
    expect(await page.locator('.metric-filter input').inputValue()).toBe('no-such-metric');
    expect(await items.count()).toBe(0);
    await page.close();
  });

  it('compares the slow order with a fast one of the same route, per span name', async () => {
    const page = await open(`/traces/${seeded.slow.traceId}`);
    await page.locator('a.button', { hasText: 'Compare' }).click();
    await page.waitForURL('**/compare?**');
    const fast = page.locator(`a.candidate[href*="b=${seeded.fast.traceId}"]`);
    await fast.waitFor();
    // Candidates are traces of the same operation (the root's name: method and route), not every
    // trace through /orders (the background traffic's GET /orders are not offered).
    const candidates = await page.locator('a.candidate').allInnerTexts();
    expect(candidates.length).toBeGreaterThan(0);
    for (const candidate of candidates) expect(candidate).toContain('POST /orders');
    // Each candidate says whether it failed: the fast order went through.
    expect(await fast.locator('.badge').textContent()).toBe('ok');
    await fast.click();
    const selectRow = page.locator('.compare-row', { hasText: 'pg.query SELECT orders' });
    await selectRow.waitFor();
    const cells = await selectRow.locator('td.num').allInnerTexts();
    // count A, count B, Δ count, Δ total, avg A, avg B
    expect(cells.slice(0, 3)).toEqual(['3', '1', '−2 (−67%)']);
    expect(await selectRow.getAttribute('class')).toContain('differs');
    // The declined charge failed in A only: its row says so, and A's bar is red.
    const charge = page.locator('.compare-row', { hasText: 'payments POST /payments' });
    expect(await charge.getAttribute('class')).toContain('failed');
    expect(await charge.locator('.span-cell .badge').textContent()).toBe('error in A');
    expect(await charge.locator('td.bar-column').first().locator('.fill.error').count()).toBe(1);
    expect(await selectRow.getAttribute('class')).not.toContain('failed');
    // Every total's label is as wide as the others, so the bars of a column line up whatever the duration reads.
    for (const column of [0, 1]) {
      const widths = await page
        .locator('.compare-row')
        .evaluateAll(
          (rows, index) =>
            rows
              .map((row) => row.querySelectorAll('td.bar-column')[index]?.querySelector('.duration-bar')?.getBoundingClientRect().width)
              .filter((width): width is number => width !== undefined),
          column,
        );
      expect(widths.length).toBeGreaterThanOrEqual(2);
      expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(0.5);
    }
    // A or B can be changed once compared: the pick form, collapsed, filled with both ids.
    await page.locator('.compare-change summary').click();
    expect(await page.locator('.compare-change input[name="a"]').inputValue()).toBe(seeded.slow.traceId);
    expect(await page.locator('.compare-change input[name="b"]').inputValue()).toBe(seeded.fast.traceId);
    expect(await page.locator('.compare-change a', { hasText: 'Swap A and B' }).getAttribute('href')).toContain(`a=${seeded.fast.traceId}`);
    // The cards count with the right nouns.
    expect(await page.locator('.trace-card').first().textContent()).toMatch(/\b1 error\b|\b\d+ errors\b/);
    expect(await page.locator('.trace-card').first().textContent()).not.toContain('1 errors');
    await screenshot(page, 'compare');
    await page.close();
  });

  it('tails logs live, filters by severity and text, expands attributes and jumps to the trace', async () => {
    const page = await open('/logs');
    await page.locator('.log-row').first().waitFor();
    await screenshot(page, 'logs');

    const body = `order ${Date.now()} placed live`;
    const nowNs = BigInt(Date.now()) * MS;
    await exportLogs(running.otlpUrl, [
      {
        timeUnixNano: nowNs,
        severityNumber: 13,
        severityText: 'WARN',
        body,
        serviceName: 'orders-api',
        traceId: seeded.fast.traceId,
        attributes: { 'order.id': 'live-1' },
        resourceAttributes: { 'host.name': 'web-7' },
      },
    ]);
    const liveRow = page.locator('.log-row', { hasText: body });
    await liveRow.waitFor({ timeout: 10_000 });
    // Its attributes follow the message on the row, as text; the row's expansion lists them.
    expect(await liveRow.locator('.log-attrs').textContent()).toBe('order.id=live-1');
    await liveRow.click();
    expect(await page.locator('.log-attributes').first().textContent()).toContain('live-1');
    // Where the line came from, folded under its attributes.
    const resource = page.locator('.log-attributes .log-resource').first();
    expect(await resource.locator('summary').textContent()).toMatch(/^Resource \(\d+\)/);
    await resource.locator('summary').click();
    expect(await resource.locator('table.attributes').textContent()).toContain('web-7');
    await screenshot(page, 'logs-line-resource');

    await page.fill('input[name="q"]', 'declined');
    await page.selectOption('select[name="severity"]', 'error');
    await page.click('button[type="submit"]');
    await page.waitForURL('**/logs?q=declined&severity=error');
    await expect
      .poll(async () => (await page.locator('.log-row .log-message').allInnerTexts()).every((text) => text.includes('declined')))
      .toBe(true);
    const slowLine = page.locator('.log-row', { hasText: 'order failed: payment declined' });
    await slowLine.waitFor();
    await screenshot(page, 'logs-filtered');
    await slowLine.locator('a.log-trace').click();
    await page.waitForURL(`**/traces/${seeded.slow.traceId}?span=${seeded.slow.rootSpanId}`);
    await page.locator('.waterfall-row').first().waitFor();

    // A severity the console does not know: said once (not by the volume chart too), shown in the
    // dropdown as it is, and no claim that no lines match.
    const volumeAnswered = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/logs/volume');
    await page.goto(`${running.url}/logs?severity=bogus`);
    expect((await volumeAnswered).status()).toBe(400);
    await page.locator('.empty-logs', { hasText: 'the search failed' }).waitFor();
    // Said once, with the reason the API gives for it.
    expect(await page.locator('.notice.error').allTextContents()).toEqual([
      expect.stringMatching(/^bad query parameter\(s\): severity — severity: ./),
    ]);
    expect(await page.locator('select[name="severity"]').inputValue()).toBe('bogus');
    expect(await page.locator('select[name="severity"] option:checked').textContent()).toBe('bogus (unknown)');
    expect(await page.locator('.empty-logs').textContent()).not.toContain('No log lines match');
    // No tail runs for a failed search: the button does not offer to pause one.
    const tailButton = page.locator('button.tail');
    expect(await tailButton.isDisabled()).toBe(true);
    expect(await tailButton.textContent()).not.toContain('Pause');
    await screenshot(page, 'logs-bad-severity');
    // Its 400s are the answer this link gets.
    const failed = problems.splice(0);
    expect(failed.filter((problem) => !problem.startsWith('400 /api/logs'))).toEqual([]);
    await page.close();
  });

  it("charts the logs' volume over the last hour, lists a range dragged out on it, goes back to the live tail and opens a line's context", async () => {
    const nowMs = Date.now();
    const lines = (count: number, minutesAgo: number, severityNumber: number, body: string) =>
      Array.from({ length: count }, (_, index) => ({
        timeUnixNano: BigInt(nowMs - minutesAgo * 60_000 + index * 100) * MS,
        severityNumber,
        body,
        serviceName: 'orders-api',
      }));
    await exportLogs(running.otlpUrl, [...lines(20, 40, 17, 'volume-probe early'), ...lines(10, 10, 9, 'volume-probe late')]);
    const page = await open('/logs?q=volume-probe');
    await expect.poll(() => page.locator('.log-volume-total').textContent(), { timeout: 10_000 }).toBe('30');
    expect(await page.locator('.log-volume-title').textContent()).toContain('in the last hour, a bar per 30 s');
    await screenshot(page, 'logs-volume');

    // Drag across the chart from about 48 to 30 minutes ago: the early lines only.
    const plot = (await page.locator('.log-volume .u-over').boundingBox())!;
    const y = plot.y + plot.height / 2;
    await page.mouse.move(plot.x + plot.width * 0.2, y);
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.35, y, { steps: 5 });
    await page.mouse.move(plot.x + plot.width * 0.5, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL(/\/logs\?q=volume-probe&since=\d+&until=\d+$/);
    const url = new URL(page.url());
    const [since, until] = [Number(url.searchParams.get('since')), Number(url.searchParams.get('until'))];
    expect(since).toBeLessThan(nowMs - 40 * 60_000);
    expect(until).toBeGreaterThan(nowMs - 40 * 60_000 + 2_000);
    expect(until).toBeLessThan(nowMs - 10 * 60_000);
    await expect.poll(() => page.locator('.log-volume-total').textContent()).toBe('20');
    expect(await page.locator('.log-volume-title').textContent()).toContain('in this range');
    await expect.poll(() => page.locator('.log-row').count()).toBe(20);
    expect(new Set(await page.locator('.log-row .log-message').allTextContents())).toEqual(new Set(['volume-probe early']));
    expect(await page.locator('.range-note').textContent()).toContain('The newest 200 lines from');
    await screenshot(page, 'logs-volume-range');

    await page.locator('a.back-to-tail').click();
    await page.waitForURL(/\/logs\?q=volume-probe$/);
    await expect.poll(() => page.locator('.log-row').count()).toBe(30);
    expect(await page.locator('.log-volume-total').textContent()).toBe('30');

    // A line's context: what its service logged 5 s either side, whatever the search said.
    await page.locator('.log-row', { hasText: 'volume-probe early' }).first().click();
    await page.locator('a.log-context').click();
    await page.waitForURL(/\/logs\?service=orders-api&since=\d+&until=\d+$/);
    await expect.poll(() => page.locator('.log-row').count()).toBe(20);
    expect(new Set(await page.locator('.log-row .log-message').allTextContents())).toEqual(new Set(['volume-probe early']));
    await page.close();
  });

  it("narrows the logs to one service from a line's service, keeping the search", async () => {
    const page = await open('/logs?q=declined');
    const payments = page.locator('.log-row a.log-service', { hasText: /^payments$/ }).first();
    await payments.waitFor();
    await payments.click();
    await page.waitForURL(/\/logs\?q=declined&service=payments$/);
    await expect.poll(async () => new Set(await page.locator('.log-row a.log-service').allTextContents())).toEqual(new Set(['payments']));
    expect((await page.locator('.log-row .log-message').allTextContents()).every((text) => text.includes('declined'))).toBe(true);
    await page.close();
  });

  it('holds the logs tail still while paused and shows what arrived meanwhile on resume', async () => {
    const paused = await open('/logs');
    await paused.locator('.log-row').first().waitFor();
    await paused.locator('button.tail').click();
    await paused.locator('button.tail.paused').waitFor();
    // The paused view is a link: the URL says so, and opening it starts paused.
    expect(new URL(paused.url()).searchParams.get('paused')).toBe('1');
    const reopened = await open(`/logs?paused=1`);
    await reopened.locator('button.tail.paused').waitFor();
    await reopened.close();
    // A second page, tailing, shows when the console delivered the line; the paused one must not have it.
    const live = await open('/logs');
    await live.locator('.log-row').first().waitFor();
    const body = `tail ${Date.now()} while paused`;
    await exportLogs(running.otlpUrl, [
      { timeUnixNano: BigInt(Date.now()) * MS, severityNumber: 9, severityText: 'INFO', body, serviceName: 'orders-api' },
    ]);
    await live.locator('.log-row', { hasText: body }).waitFor({ timeout: 10_000 });
    // A second line, exported once the first was delivered, comes at a later poll of the tail
    // (once a second): by then a running tail would have delivered the first line too.
    const later = `${body}, later`;
    await exportLogs(running.otlpUrl, [
      { timeUnixNano: BigInt(Date.now()) * MS, severityNumber: 9, severityText: 'INFO', body: later, serviceName: 'orders-api' },
    ]);
    await live.locator('.log-row', { hasText: later }).waitFor({ timeout: 10_000 });
    expect(await paused.locator('.log-row', { hasText: body }).count()).toBe(0);
    await screenshot(paused, 'logs-paused');

    await paused.locator('button.tail').click();
    await paused.locator('.log-row', { hasText: later }).waitFor({ timeout: 10_000 });
    expect(await paused.locator('.log-row', { hasText: body }).count()).toBe(2);
    expect(await paused.locator('button.tail').textContent()).toContain('Pause');
    expect(new URL(paused.url()).searchParams.get('paused')).toBeNull();
    await live.close();
    await paused.close();
  });

  it('resumes the tail from the newest line seen, opens one stream per filter change, and turns Live on from the tail button', async () => {
    const page = await openPage(browser, problems);
    const streams: URL[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/logs' && url.searchParams.get('follow') === 'true') streams.push(url);
    });
    await page.goto(`${running.url}/logs`);
    await page.locator('.log-row').first().waitFor();
    await expect.poll(() => streams.length).toBe(1);
    const atLoad = BigInt(streams[0]!.searchParams.get('after') ?? '');
    const tag = `resume-${Date.now()}`;
    const line = (body: string) => ({
      timeUnixNano: BigInt(Date.now()) * MS,
      severityNumber: 9,
      severityText: 'INFO',
      body: `${tag} ${body}`,
      serviceName: 'orders-api',
    });
    const cursorOf = async (body: string) => {
      const answer = (await (await fetch(`${running.url}/api/logs?q=${encodeURIComponent(`${tag} ${body}`)}`)).json()) as {
        logs: { cursor: string }[];
      };
      return answer.logs[0]!.cursor;
    };
    await exportLogs(running.otlpUrl, [line('tailed')]);
    await page.locator('.log-row', { hasText: `${tag} tailed` }).waitFor({ timeout: 10_000 });

    // Paused and resumed: the new stream starts after the newest line seen, not where the page loaded.
    await page.locator('button.tail', { hasText: 'Pause tail' }).click();
    await page.waitForURL((url) => url.searchParams.get('paused') === '1');
    await exportLogs(running.otlpUrl, [line('while paused')]);
    await page.locator('button.tail', { hasText: 'Resume tail' }).click();
    await expect.poll(() => streams.length).toBe(2);
    const resumedAfter = streams[1]!.searchParams.get('after');
    expect(resumedAfter).toBe(await cursorOf('tailed'));
    expect(BigInt(resumedAfter!)).toBeGreaterThan(atLoad);
    await page.locator('.log-row', { hasText: `${tag} while paused` }).waitFor({ timeout: 10_000 });

    // New filters: their first page, then one stream for them, from the newest line of that page.
    await page.fill('input[name="q"]', tag);
    await page.click('button[type="submit"]');
    await page.waitForURL((url) => url.searchParams.get('q') === tag);
    await expect.poll(() => streams.length).toBe(3);
    expect(streams[2]!.searchParams.get('q')).toBe(tag);
    expect(streams[2]!.searchParams.get('after')).toBe(await cursorOf('while paused'));
    // A line the filtered tail delivers: by then a second stream would have opened too.
    await exportLogs(running.otlpUrl, [line('filtered')]);
    await page.locator('.log-row', { hasText: `${tag} filtered` }).waitFor({ timeout: 10_000 });
    expect(streams).toHaveLength(3);

    // The header's Live switch off: the tail button says live updates are off and turns them on.
    await page.locator('.live-toggle').click();
    await page.locator('.live-toggle.paused').waitFor();
    const button = page.locator('button.tail');
    expect(await button.textContent()).toBe('▶ Turn live updates on');
    expect(await page.locator('.tail-note').textContent()).toContain('Live updates are paused');
    await screenshot(page, 'logs-live-off');
    await button.click();
    await page.locator('.live-toggle.live').waitFor();
    expect(await button.textContent()).toBe('❚❚ Pause tail');
    expect(new URL(page.url()).searchParams.get('paused')).toBeNull();
    expect(await page.locator('.tail-note').count()).toBe(0);
    await expect.poll(() => streams.length).toBe(4);
    expect(streams[3]!.searchParams.get('after')).toBe(await cursorOf('filtered'));
    await page.close();
  });

  it('adds a newly stored trace to the open search results without a reload, and holds still while paused', async () => {
    const search = '/traces?route=%2Forders&attrs=order.items%3D3';
    const paused = await open(search);
    await expect.poll(() => paused.locator('.trace-result').count()).toBe(2);
    await paused.locator('.live-toggle.live').waitFor();
    await exportSpans(running.otlpUrl, orderTrace(BigInt(Date.now() - 1_000) * MS, { selects: 2, slowMs: 30, declined: false }).spans);
    await expect.poll(() => paused.locator('.trace-result').count(), { timeout: 10_000 }).toBe(3);

    await paused.locator('.live-toggle').click();
    await paused.locator('.live-toggle.paused').waitFor();
    // A second page, live, shows when the console announced the next trace; the paused one keeps its results.
    const live = await open(search);
    await expect.poll(() => live.locator('.trace-result').count()).toBe(3);
    await live.locator('.live-toggle.live').waitFor();
    await exportSpans(running.otlpUrl, orderTrace(BigInt(Date.now() - 1_000) * MS, { selects: 1, slowMs: 30, declined: false }).spans);
    await expect.poll(() => live.locator('.trace-result').count(), { timeout: 10_000 }).toBe(4);
    expect(await paused.locator('.trace-result').count()).toBe(3);

    // Resuming shows what arrived meanwhile at once.
    await paused.locator('.live-toggle').click();
    await expect.poll(() => paused.locator('.trace-result').count(), { timeout: 10_000 }).toBe(4);
    await live.close();
    await paused.close();
  });

  it('opens deep links directly and shows RED per service with sparklines and its routes', async () => {
    // A 404 no route matched: OTel names its server span by the method alone, with no http.route.
    const notFoundNs = BigInt(Date.now() - 2_000) * MS;
    await exportSpans(running.otlpUrl, [
      {
        traceId: 'e5'.repeat(16),
        spanId: 'f6'.repeat(8),
        name: 'GET',
        kind: 2,
        startTimeUnixNano: notFoundNs,
        endTimeUnixNano: notFoundNs + 1n * MS,
        statusCode: 0,
        serviceName: 'orders-api',
        attributes: { 'http.request.method': 'GET', 'url.path': '/favicon.ico', 'http.response.status_code': 404 },
      },
    ]);
    const page = await open(`/traces/${seeded.fast.traceId}?span=${seeded.fast.rootSpanId}`);
    await page.locator('.span-details').waitFor();
    expect(await page.locator('.span-details h3').textContent()).toBe('POST /orders');

    await page.goto(`${running.url}/services`);
    const serviceRows = page.locator('.service-row');
    await expect.poll(() => serviceRows.count()).toBe(5);
    const orders = page.locator('.service-row', { hasText: 'orders-api' });
    expect(await orders.locator('.sparkline canvas').count()).toBe(2);
    // Health from the scraped SDK service's /healthz; the others are not scraped.
    await orders.locator('.badge.health-pass').waitFor();
    expect(await page.locator('.service-row', { hasText: 'payments' }).textContent()).toContain('not scraped');
    await orders.locator('button.toggle').click();
    // The open service is in the URL: a reload (or a shared link) shows its routes again.
    await page.waitForURL('**/services?open=orders-api');
    await page.reload();
    await page.locator('.route-row').first().waitFor();
    const routes = await page.locator('.route-row').allInnerTexts();
    expect(routes.some((route) => route.startsWith('/orders'))).toBe(true);
    // A request no route matched (its span named by the method alone) is not a route named "GET".
    const unmatched = page.locator('.route-row a.unmatched-route', { hasText: 'GET (no route)' });
    await unmatched.waitFor();
    expect(await page.locator('.route-row td:first-child', { hasText: /^GET$/ }).count()).toBe(0);
    await screenshot(page, 'services');
    await page.locator('.route-row a', { hasText: /^\/orders$/ }).click();
    await page.waitForURL('**/traces?service=orders-api&route=%2Forders**');
    await page.locator('.trace-result').first().waitFor();
    // Back from a route's traces: the routes are still open, as the user left them.
    await page.goBack();
    await page.locator('.route-row a', { hasText: /^\/orders$/ }).waitFor();
    await page.locator('.service-row', { hasText: 'orders-api' }).locator('button.toggle').click();
    await page.waitForURL((url) => url.pathname === '/services' && !url.search.includes('open='));
    expect(await page.locator('.route-row').count()).toBe(0);

    // The database check fails: the page follows without a reload (each scrape stores samples, which is an ingest).
    await page.goto(`${running.url}/services`);
    await page.locator('.service-row', { hasText: 'orders-api' }).locator('.badge.health-pass').waitFor();
    sdkService.database = 'unhealthy';
    const failing = page.locator('.service-row', { hasText: 'orders-api' }).locator('.badge.health-fail');
    await failing.waitFor({ timeout: 15_000 });
    expect(await failing.getAttribute('title')).toContain('database');
    // Why, in words under the badge, not only in its tooltip.
    const reason = page.locator('.service-row', { hasText: 'orders-api' }).locator('.health-reason');
    expect(await reason.textContent()).toMatch(/^database: /);
    expect(await reason.isVisible()).toBe(true);
    await screenshot(page, 'services-health-failing');
    sdkService.database = 'healthy';
    await page.close();
  });

  it("opens a service's failed requests from its error share and its slowest ones from its p99", async () => {
    const page = await open('/services');
    const orders = page.locator('.service-row', { hasText: 'orders-api' });
    await orders.waitFor();
    await orders.locator('a.errors-link').click();
    // The requests it answered (server spans), as its error share counts them: not a trace whose
    // client span of orders-api failed on a 4xx.
    await page.waitForURL(/\/traces\?service=orders-api&kind=server&since=1h&status=error$/);
    expect(await page.locator('select[name="kind"]').inputValue()).toBe('server');
    const results = page.locator('.trace-result');
    await results.first().waitFor();
    // Every result failed somewhere: its error count badge.
    expect(await results.count()).toBe(await results.locator('.badge.status-error').count());

    // An attribute filter that is no key=value is said, not dropped from a search that runs anyway.
    await page.goto(`${running.url}/traces?attrs=garbage`);
    expect(await page.locator('.attrs-notice').textContent()).toContain('expected key=value, got "garbage"');
    expect(await results.count()).toBe(0);

    await page.goto(`${running.url}/services`);
    const p99 = page.locator('.service-row', { hasText: 'orders-api' }).locator('a.p99-link');
    await p99.waitFor();
    await p99.click();
    await page.waitForURL(/\/traces\?service=orders-api&kind=server&since=1h&minDurationMs=\d+$/);
    const minMs = Number(new URL(page.url()).searchParams.get('minDurationMs'));
    await results.first().waitFor();
    // The slow order is among the slowest; every result is at least the p99 long.
    await results.filter({ hasText: seeded.slow.traceId }).waitFor();
    for (const text of await results.locator('.bar-cell .nowrap').allTextContents()) {
      // The UI's formatDuration: "1.48 s", "35.2 ms", "684 µs", "1.2 min".
      const [, value, unit] = /^([\d.]+) (µs|ms|s|min)$/.exec(text.trim()) ?? [];
      expect(unit, text).toBeDefined();
      expect(Number(value) * { µs: 0.001, ms: 1, s: 1000, min: 60_000 }[unit as 'µs' | 'ms' | 's' | 'min']).toBeGreaterThanOrEqual(minMs);
    }

    // A service's error groups, from its row: the declined card is payments'.
    await page.goto(`${running.url}/services`);
    await page.locator('.service-row', { hasText: 'payments' }).locator('a.service-error-groups').click();
    await page.waitForURL(/\/errors\?service=payments$/);
    await page.locator(`.error-group-row:has(a[href="/errors/${FINGERPRINT}"])`).waitFor();
    expect(await page.locator('a.filter-chip').textContent()).toBe('service: payments ✕');
    await page.close();
  });

  it('draws who calls whom: orders-api → payments with its error share, and the databases behind each service', async () => {
    const page = await open('/services');
    const rows = page.locator('.dependency-row');
    await rows.first().waitFor();
    // caller, called, calls, errors, p95
    const edges = await Promise.all(
      (await rows.all()).map(async (row) => {
        const [caller, called, calls, errors] = await row.locator('td').allTextContents();
        return { edge: `${caller} → ${called}`, calls: Number(calls), errors: errors! };
      }),
    );
    const edge = (name: string) => edges.find((entry) => entry.edge === name);
    // Each order charged once (the slow and the fast one, and those the live-search test stored); only the slow
    // one's charge was declined (status error).
    const charges = edge('orders-api → payments')!;
    expect(charges.calls).toBeGreaterThanOrEqual(2);
    expect(charges.errors).toBe(`${((1 / charges.calls) * 100).toFixed(0)}%`);
    // SELECTs name their database and its namespace (three in the slow order, one in the fast, more in later ones).
    expect(edge('orders-api → postgresql shop database')?.calls).toBeGreaterThanOrEqual(4);
    expect(edge('orders-api → redis database')?.calls).toBe(charges.calls);
    // payments' INSERTs name no namespace (the background traffic's queries add to the same edge).
    expect(edge('payments → postgresql database')?.calls).toBeGreaterThanOrEqual(2);
    // The graph: callers left of what they call; the failing edge is red; a service opens its traces.
    const box = async (name: string) => (await page.locator('.dependency-node', { hasText: name }).first().boundingBox())!;
    expect((await box('orders-api')).x).toBeLessThan((await box('payments')).x);
    expect(await page.locator('.dependency-edge.failing').count()).toBeGreaterThanOrEqual(1);
    // Every arrow's label is readable: no two drawn over each other.
    const labels = await page
      .locator('.edge-label')
      .evaluateAll((texts) =>
        texts.map((text) => text.getBoundingClientRect()).map((r) => ({ l: r.left, t: r.top, r: r.right, b: r.bottom })),
      );
    expect(labels.length).toBeGreaterThanOrEqual(4);
    const overlapping = labels.flatMap((a, i) =>
      labels.slice(i + 1).filter((b) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5),
    );
    expect(overlapping).toEqual([]);
    await screenshot(page, 'services-dependencies');
    await page.locator('.dependency-node.service', { hasText: 'payments' }).first().click();
    await page.waitForURL('**/traces?service=payments**');
    await page.close();
  });

  it("draws a service's p95 sparkline with a gap over the minutes it had no requests, not a line across its downtime", async () => {
    // ledger: a request a minute, each mid-minute, over the hour's first 10 minutes and its last 9, stopped for the 40 between.
    const minutesAgo = [...Array.from({ length: 10 }, (_, index) => 59.5 - index), ...Array.from({ length: 9 }, (_, index) => 8.5 - index)];
    await exportSpans(
      running.otlpUrl,
      minutesAgo.map((ago, index) =>
        serverSpan({
          service: 'ledger',
          method: 'POST',
          route: '/entries',
          agoMs: ago * 60_000,
          durationMs: 20 + (index % 4) * 10,
          okStatus: 201,
        }),
      ),
    );
    const page = await open('/services');
    const p95 = page.locator('.service-row', { hasText: 'ledger' }).locator('.sparkline[aria-label="p95 of ledger"] canvas');
    await p95.waitFor();
    // Pixels drawn (line or fill) in each column of the sparkline, left to right: its 60 minutes.
    await expect.poll(async () => (await inkPerColumn(p95)).some((ink) => ink > 0)).toBe(true);
    const columns = await inkPerColumn(p95);
    const share = (from: number, to: number) => columns.slice(Math.floor(columns.length * from), Math.ceil(columns.length * to));
    // Up in the first and last minutes; nothing drawn over the downtime (minutes 11 to 49 of the window).
    expect(share(0, 0.12).every((ink) => ink > 0)).toBe(true);
    expect(share(0.25, 0.8).every((ink) => ink === 0)).toBe(true);
    expect(share(0.88, 0.98).every((ink) => ink > 0)).toBe(true);
    // Its rate is the current one: a request a minute over the last 5 minutes, not 19 over the hour.
    expect(await page.locator('.service-row', { hasText: 'ledger' }).locator('td.rate').textContent()).toBe('1.00/min');
    await screenshot(page, 'services-downtime');
    await page.close();
  });

  it('draws steady traffic as a flat requests sparkline: the minute under way is no dip at its right edge', async () => {
    // metronome: a request every 3 s over the last 15 minutes, up to now: 20 in each whole minute, fewer in the one under way.
    await exportSpans(
      running.otlpUrl,
      Array.from({ length: 300 }, (_, index) =>
        serverSpan({ service: 'metronome', method: 'GET', route: '/tick', agoMs: 1_000 + index * 3_000, durationMs: 10 }),
      ),
    );
    const page = await open('/services');
    const row = page.locator('.service-row', { hasText: 'metronome' });
    for (const label of ['requests of metronome', 'p95 of metronome']) {
      const canvas = row.locator(`.sparkline[aria-label="${label}"] canvas`);
      await canvas.waitFor();
      await expect.poll(async () => (await inkPerColumn(canvas)).some((ink) => ink > 0)).toBe(true);
      const inked = (await inkPerColumn(canvas)).filter((ink) => ink > 0);
      const middle = inked[Math.floor(inked.length / 2)]!;
      // The rightmost columns stand as high as the middle: no partial minute drawn as a drop.
      expect(Math.min(...inked.slice(-3)), label).toBeGreaterThanOrEqual(middle - 2);
    }
    await screenshot(page, 'services-steady');
    await page.close();
  });

  it('lists the declined payment as an error group and follows it from the trace and to its traces', async () => {
    const page = await open('/errors');
    const group = page.locator('.error-group-row', { hasText: 'CardDeclinedError' });
    await group.waitFor();
    expect(await group.textContent()).toContain('card declined by issuer');
    // Counts over time: a bar chart per group, in buckets sized from the window (the API counts in them): 30 min in 24 h.
    await group.locator('.sparkline[aria-label="occurrences of CardDeclinedError per 30 min"] canvas').waitFor();
    expect(await page.locator('.errors-table th', { hasText: /^per / }).textContent()).toBe('per 30 min');
    // Counts sit right-aligned under a right-aligned header.
    const alignments = await page
      .locator('table.grid th.num, table.grid td.num')
      .evaluateAll((cells) => cells.map((cell) => cell.ownerDocument.defaultView?.getComputedStyle(cell).textAlign));
    expect(alignments.length).toBeGreaterThanOrEqual(2);
    expect(new Set(alignments)).toEqual(new Set(['right']));
    await screenshot(page, 'errors');
    // A week in hourly bars would be 168 slivers in a sparkline: three hours a bar, 56 of them; an hour, a bar a minute.
    await page.locator('.title-actions a', { hasText: '7d' }).click();
    await page.locator('.sparkline[aria-label="occurrences of CardDeclinedError per 3 h"] canvas').waitFor();
    await page.locator('.title-actions a', { hasText: '1h' }).click();
    await page.locator('.sparkline[aria-label="occurrences of CardDeclinedError per minute"] canvas').waitFor();

    await page.goto(`${running.url}/traces/${seeded.slow.traceId}?span=${seeded.slow.exceptionSpanId}`);
    await page.locator('a.error-group-link').click();
    await page.waitForURL(`**/errors/${FINGERPRINT}`);
    expect(await page.locator('pre.stack').textContent()).toBe(STACK);
    expect(await page.locator('.trace-facts > span').first().textContent()).toBe('1 occurrence');
    // Counts over time with time and count axes: uPlot draws the axes on the canvas, the legend names the
    // bars, a minute each for a group first seen in the last hour (the chart spans its age, at least an hour).
    await page.locator('.occurrence-chart canvas').first().waitFor();
    expect(await page.locator('.occurrence-chart .u-legend').textContent()).toContain('occurrences per minute');
    const occurrence = page.locator('.occurrence-row', { hasText: 'payments' });
    await occurrence.waitFor();
    await screenshot(page, 'error-group');
    await occurrence.locator('a').click();
    await page.waitForURL(`**/traces/${seeded.slow.traceId}?span=${seeded.slow.exceptionSpanId}`);
    await page.locator('.span-details').waitFor();
    await page.close();
  });

  it('shows the newest 50 occurrences of a group and the older ones a page at a time, none twice, ties in time included', async () => {
    const fingerprint = 'pagedgroup012345';
    // 57 failed payments, six to a nanosecond: the page boundary falls inside a tie.
    const occurrences = generateErrorOccurrences({ fingerprint, newestNs: BigInt(Date.now() - 5_000) * MS, spanOccurrences: 57 });
    await exportSpans(running.otlpUrl, occurrences.spans);
    const page = await open(`/errors/${fingerprint}`);
    const rows = page.locator('.occurrence-row');
    const heading = page.locator('h3', { hasText: 'Occurrences' });
    await expect.poll(() => rows.count()).toBe(50);
    expect(await heading.textContent()).toBe('Occurrences (the newest 50 of 57)');
    const older = page.locator('button.older-occurrences');
    await older.scrollIntoViewIfNeeded();
    await screenshot(page, 'error-group-older-button');
    await older.click();
    await expect.poll(() => rows.count()).toBe(57);
    expect(await heading.textContent()).toBe('Occurrences (57)');
    expect(await older.count()).toBe(0);
    // Each failed payment was its own trace: every one shown once.
    const traces = await rows.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(new Set(traces).size).toBe(57);
    await rows.last().scrollIntoViewIfNeeded();
    await screenshot(page, 'error-group-older-occurrences');
    await page.close();
  });

  it('resolves a group from its page: gone from the unresolved list, listed as resolved, and regressed in a new release when it happens again', async () => {
    const fingerprint = 'statusgroup01234';
    /** Occurrences from a service that runs release `version` (its resource's service.version). */
    const inRelease = (version: string, newestMs: number) =>
      generateErrorOccurrences({ fingerprint, newestNs: BigInt(newestMs) * MS, spanOccurrences: 2 }).spans.map((span) => ({
        ...span,
        resourceAttributes: { 'service.version': version },
      }));
    await exportSpans(running.otlpUrl, inRelease('1.4.2', Date.now() - 60_000));
    const page = await open(`/errors/${fingerprint}`);
    const panel = page.locator('.error-status-panel');
    await panel.waitFor();
    expect(await panel.locator('.error-status-sentence').textContent()).toBe('Unresolved.');
    expect(await page.locator('.error-versions').textContent()).toBe('version 1.4.2');
    expect(await page.locator('.occurrences-table th').allTextContents()).toContain('version');
    expect(await panel.locator('.badge').count()).toBe(0);
    await panel.locator('button', { hasText: /^Resolve$/ }).click();
    await expect.poll(() => panel.locator('.badge').textContent()).toBe('resolved');
    expect(await panel.locator('.error-status-sentence').textContent()).toMatch(
      /^Resolved \d+s ago: it reads regressed if it happens again\.$/,
    );
    expect(await panel.locator('button').allTextContents()).toEqual(['Reopen', 'Ignore']);
    await screenshot(page, 'error-group-resolved');

    // The list opens on the unresolved groups: this one is not there, the declined card still is.
    const row = page.locator(`.error-group-row:has(a[href="/errors/${fingerprint}"])`);
    await page.goto(`${running.url}/errors`);
    await page.locator(`.error-group-row:has(a[href="/errors/${FINGERPRINT}"])`).waitFor();
    expect(await row.count()).toBe(0);
    await page.locator('.status-filters a', { hasText: /^Resolved$/ }).click();
    await page.waitForURL('**/errors?since=24h&status=resolved');
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('resolved');
    expect(await page.locator('.error-group-row').count()).toBe(1);

    // It happens again: back among the unresolved ones, marked regressed (the list follows live).
    await page.locator('.status-filters a', { hasText: /^Unresolved$/ }).click();
    await page.waitForURL('**/errors?since=24h');
    await exportSpans(running.otlpUrl, inRelease('1.5.0', Date.now() + 1_000));
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('regressed');
    await screenshot(page, 'errors-regressed');
    await row.locator('a').first().click();
    await page.waitForURL(`**/errors/${fingerprint}`);
    expect(await panel.locator('.error-status-sentence').textContent()).toMatch(
      /^Regressed: seen again \(in 1\.5\.0\) after it was resolved \d+s ago\.$/,
    );
    expect(await page.locator('.error-versions').textContent()).toBe('first in 1.4.2, latest in 1.5.0');
    expect(await page.locator('.occurrence-row td.occurrence-version').first().textContent()).toBe('1.5.0');
    await screenshot(page, 'error-group-regressed');
    await panel.locator('button', { hasText: 'Ignore' }).click();
    await expect.poll(() => panel.locator('.badge').textContent()).toBe('ignored');
    await page.close();
  });

  it('orders the error groups by a column header and narrows them to one service, both in the URL', async () => {
    const fingerprintsOf = async (page: Page) =>
      (await page.locator('.error-group-row td:first-child a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).map(
        (href) => href!.slice('/errors/'.length),
      );
    const apiOrder = async (query: string) =>
      ((await (await fetch(`${running.url}/api/errors?${query}`)).json()) as { groups: { fingerprint: string }[] }).groups.map(
        (group) => group.fingerprint,
      );
    // A group of a service of its own, beside the payments ones the seed and the tests before made.
    const inventory = generateErrorOccurrences({
      fingerprint: 'inventorygroup01',
      newestNs: BigInt(Date.now() - 2_000) * MS,
      spanOccurrences: 1,
      serviceName: 'inventory',
    });
    await exportSpans(running.otlpUrl, inventory.spans);
    const page = await open('/errors?status=all');
    await page.locator('.error-group-row a[href="/errors/inventorygroup01"]').waitFor();
    expect(await fingerprintsOf(page)).toEqual(await apiOrder('since=24h'));
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toBe('count ▾');

    await page.locator('th a.sort-link', { hasText: 'first seen' }).click();
    await page.waitForURL('**/errors?since=24h&status=all&sort=firstSeen');
    const byFirstSeen = await apiOrder('since=24h&sort=firstSeen');
    await expect.poll(() => fingerprintsOf(page)).toEqual(byFirstSeen);
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toBe('first seen ▾');

    // A service in a row narrows the list to that service's groups; the chip undoes it.
    await page.locator('.error-group-row a.error-service', { hasText: 'inventory' }).click();
    await page.waitForURL('**/errors?since=24h&status=all&sort=firstSeen&service=inventory');
    await expect.poll(() => fingerprintsOf(page)).toEqual(['inventorygroup01']);
    expect(await apiOrder('since=24h&service=inventory')).toEqual(['inventorygroup01']);
    expect(byFirstSeen.length).toBeGreaterThan(1);
    await screenshot(page, 'errors-by-service');
    await page.locator('a.filter-chip', { hasText: 'service: inventory' }).click();
    await page.waitForURL('**/errors?since=24h&status=all&sort=firstSeen');
    await expect.poll(() => fingerprintsOf(page)).toEqual(byFirstSeen);
    await page.close();
  });

  it('lists what calls for an alert now, says where alerts go, and opens the error group of one', async () => {
    const { page, row } = await openNewErrorAlert(running, 'alertspage000001');
    expect(await row.locator('.badge').first().textContent()).toBe('new error');
    expect(await row.locator('.alert-labels').textContent()).toContain('fingerprint=alertspage000001');
    // No --alertmanager: shown here only, and how to send them.
    expect(await page.locator('.notice', { hasText: '--alertmanager URL' }).count()).toBe(1);
    // The history: the same alert's episode, opened by a round (one a second here), still firing.
    const episode = page.locator('.episode-row', { has: page.locator('a[href="/errors/alertspage000001"]') });
    await expect
      .poll(async () => {
        await page.reload();
        await page.locator('.alert-row').first().waitFor();
        return episode.count();
      })
      .toBe(1);
    expect(await episode.locator('.episode-duration').textContent()).toBe('firing');
    await screenshot(page, 'alerts');
    await row.locator('a').click();
    await page.waitForURL('**/errors/alertspage000001');
    await page.locator('.error-status-panel').waitFor();
    await page.close();
  });

  it.skipIf(alertmanagerBinary.skip)('silences an alert from the Alerts page in a real Alertmanager, and expires it there', async () => {
    const alertmanager = await startAlertmanager(alertmanagerBinary.path('prometheus-alertmanager'));
    const withAm = await startConsole({ memory: true, port: 0, otlpPort: 0, alertmanager: alertmanager.url, alertIntervalMs: 500 });
    try {
      const { page, row } = await openNewErrorAlert(withAm, 'silencepage00001');
      expect(await page.locator('.silences-table').count()).toBe(0);
      expect(await page.getByText('No silence: every alert notifies').count()).toBe(1);

      await row.locator('button.silence-open').click();
      const form = page.locator('.silence-form');
      expect(await form.textContent()).toContain('alertname="SightlineErrorNew"');
      expect(await form.textContent()).toContain('fingerprint="silencepage00001"');
      await form.locator('select[name=duration]').selectOption({ label: '4 hours' });
      await form.locator('input[name=createdBy]').fill('on-call');
      await form.locator('input[name=comment]').fill('known: <b>card</b> processor outage');
      await screenshot(page, 'alerts-silence-form');
      await form.locator('button.silence-submit').click();

      // The row reads silenced (the badge names who and why on hover), the silence is listed, Alertmanager mutes the alert.
      const badge = row.locator('.silenced-badge');
      await badge.waitFor();
      expect(await badge.getAttribute('title')).toBe('on-call: known: <b>card</b> processor outage');
      const silence = page.locator('.silence-row');
      expect(await silence.count()).toBe(1);
      expect(await silence.locator('td').nth(2).textContent()).toBe('on-call');
      expect(await silence.locator('td').first().textContent()).toContain('fingerprint="silencepage00001"');
      expect(await silence.locator('td').nth(1).textContent()).toMatch(/^in 3 h 59 min$/);
      const am = createAlertmanagerClient({ url: alertmanager.url });
      const [made] = await am.silences();
      expect(made).toMatchObject({ createdBy: 'on-call', comment: 'known: <b>card</b> processor outage', status: { state: 'active' } });
      // Alertmanager starts it when it receives it, a moment after the console asked.
      expect(Math.abs(Date.parse(made?.endsAt ?? '') - Date.parse(made?.startsAt ?? '') - 4 * 3_600_000)).toBeLessThan(60_000);
      await expect
        .poll(async () => (await am.list()).find((alert) => alert.labels.fingerprint === 'silencepage00001')?.status.silencedBy)
        .toEqual([made?.id]);
      // Who made it is remembered for the next silence.
      expect(await page.evaluate("localStorage.getItem('sightline.author')")).toBe('on-call');
      await screenshot(page, 'alerts-silenced');

      await silence.locator('button.silence-expire').click();
      await page.getByText('No silence: every alert notifies').waitFor();
      await row.locator('button.silence-open').waitFor();
      expect((await am.silences()).map((entry) => entry.status.state)).toEqual(['expired']);
      await page.close();
    } finally {
      await withAm.close();
      await alertmanager.stop();
    }
  });

  it('declares an incident from an alert, works it (notes, a link, status), and drafts its postmortem', async () => {
    const { page, row, spans } = await openNewErrorAlert(running, 'incidentpage0001', 3);
    // The alert's episode is in the history once a round ran (one a second here).
    await expect
      .poll(async () => {
        await page.reload();
        await row.waitFor();
        return page.locator('.episode-row', { has: page.locator('a[href="/errors/incidentpage0001"]') }).count();
      })
      .toBe(1);
    await row.locator('button.incident-open').click();
    const form = page.locator('.declare-incident-form');
    expect(await form.locator('input[name=title]').inputValue()).toBe('a new error: CardDeclinedError in payments');
    await form.locator('input[name=title]').fill('Card payments <b>failing</b>');
    await form.locator('select[name=severity]').selectOption('sev1');
    await form.locator('input[name=createdBy]').fill('on-call');
    await form.locator('button.declare-submit').click();

    await page.waitForURL(/\/incidents\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await page.locator('.incident-timeline').waitFor();
    expect(await page.locator('.page-title h2').textContent()).toBe(`INC-${id} Card payments <b>failing</b>`);
    expect(await page.locator('.page-title .badge').allTextContents()).toEqual(['SEV1', 'investigating']);
    // The top bar counts the open incident.
    const openCount = page.locator('.topbar nav a[href="/incidents"] .nav-count');
    await expect.poll(() => openCount.textContent()).toBe('1');
    // Detected when the alert fired, before the declaration; the timeline says both, the alert first.
    expect(await page.locator('.incident-facts').textContent()).toContain('(first alert)');
    // How long it has been open says where it counts from: the list counts from the declaration.
    expect(await page.locator('.incident-facts').textContent()).toMatch(
      / · open for \S+ \S+ from the first alert · local time, UTC[+-]\d\d:\d\d$/,
    );
    const kinds = () => page.locator('.timeline-kind').allTextContents();
    expect(await kinds()).toEqual(['fired', 'declared', 'alert']);
    expect(await page.locator('.incident-impact').textContent()).toContain(
      'CardDeclinedError in payments: 3 occurrences during the incident',
    );

    const note = page.locator('.incident-note-form');
    await note.locator('input[name=note]').fill('processor <script>window.hacked=1</script> down');
    await note.locator('button.note-submit').click();
    await expect.poll(kinds).toEqual(['fired', 'declared', 'alert', 'note']);
    await note.locator('input[name=note]').fill('a failed payment');
    await note.locator('input[name=link]').fill(`/traces/${spans[0]?.traceId}`);
    await note.locator('button.note-submit').click();
    await expect.poll(kinds).toEqual(['fired', 'declared', 'alert', 'note', 'link']);
    expect(await page.evaluate('window.hacked')).toBeUndefined();
    // From the error group's page: Add to incident… links it on the open incident's timeline.
    const groupPage = await open('/errors/incidentpage0001');
    // With the page's actions in its title row, as on the trace page, clear of the status and the facts below.
    const addButton = groupPage.locator('.page-title .title-actions button.add-to-incident-open');
    const [title, addBox, facts] = await boxesOf(groupPage.locator('.page-title h2'), addButton, groupPage.locator('.trace-facts'));
    expect(Math.abs(addBox!.y + addBox!.height / 2 - (title!.y + title!.height / 2))).toBeLessThan(6);
    expect(facts!.y - (addBox!.y + addBox!.height)).toBeGreaterThanOrEqual(8);
    await screenshot(groupPage, 'error-group-actions');
    await addButton.click();
    const picker = groupPage.locator('.add-to-incident-form');
    await picker.locator('select[name=incident]').selectOption(String(id));
    await picker.locator('input[name=author]').fill('lead');
    await picker.locator('button.add-to-incident-submit').click();
    expect(await groupPage.locator('.add-to-incident-done').textContent()).toBe(`Linked on the timeline of INC-${id}.`);
    await groupPage.close();
    await page.reload();
    await expect.poll(kinds).toEqual(['fired', 'declared', 'alert', 'note', 'link', 'link']);
    expect(await page.locator('.timeline-link').last().textContent()).toContain('lead');
    await page.locator('button.incident-status-identified').click();
    await expect.poll(() => page.locator('.page-title .badge').allTextContents()).toEqual(['SEV1', 'identified']);
    await page.locator('button.summary-edit').click();
    await page.locator('textarea[name=summary]').fill('Card payments failed while the processor was down.');
    await page.locator('button.summary-save').click();
    await page.locator('.summary-text').waitFor();
    await page.locator('button.incident-status-resolved').click();
    await expect.poll(() => page.locator('.page-title .badge').allTextContents()).toEqual(['SEV1', 'resolved']);
    await expect.poll(() => openCount.count()).toBe(0);

    await page.locator('button.postmortem-toggle').click();
    const draft = page.locator('.postmortem-text');
    await draft.waitFor();
    const text = (await draft.textContent()) ?? '';
    // The title's markup is escaped in the Markdown (a wiki's renderer shows it as typed), shown as text here.
    expect(text.split('\n')[0]).toBe(`# INC-${id}: Card payments \\<b\\>failing\\</b\\>`);
    expect(text).toContain('Card payments failed while the processor was down.');
    expect(text).toContain('on-call: identified → resolved');
    expect(text).toContain(`linked [a failed payment](${running.url}/traces/${spans[0]?.traceId})`);
    await screenshot(page, 'incident');

    // The link on the timeline opens the trace in the app.
    await page.locator('.timeline-link a').first().click();
    await page.waitForURL(`**/traces/${spans[0]?.traceId}`);
    const list = await open('/incidents?state=resolved');
    await list.locator('.incident-row').first().waitFor();
    expect(await list.locator('.incident-row').first().textContent()).toContain(`INC-${id}`);
    // The list knows the declaration, not the first alert: its column says so, not a bare "open for".
    expect(await list.locator('.incidents-table th').last().textContent()).toBe('open since declared');
    expect(await list.locator('.incident-row .open-for').first().getAttribute('title')).toContain('counts from its first alert');
    await screenshot(list, 'incidents');
    await list.close();
    await page.close();
  });

  it('lists the SLOs least budget left first and opens one: headline numbers, budget over time, burn rate per alert window', async () => {
    const page = await open('/slos');
    const rows = page.locator('.slo-row');
    await expect.poll(() => rows.count()).toBe(3);
    const names = await page.locator('.slo-row td:first-child a').allInnerTexts();
    // The declined order answered 502: 1 bad /orders request of a handful spends a 0.1 % budget many times over...
    expect(names[0]).toBe('orders-availability');
    // ...but over the ~20 minutes of data the seed holds, not 30 days: said so, and nothing pages on it.
    const first = (await rows.first().textContent()) ?? '';
    expect(first).toMatch(/over \d+ min of data in a 30 d window/);
    expect(first).toMatch(/\(\d+ min of data\)/);
    expect(first).not.toContain('page');
    expect(await rows.first().locator('.badge').textContent()).toBe('burning');
    expect(await page.locator('main, body').first().textContent()).toContain('Computed by Prometheus only');
    await screenshot(page, 'slos');

    await rows.first().locator('a').click();
    await page.waitForURL(/\/slos\/orders-api-orders-availability$/);
    const headline = page.locator('.slo-headline');
    await headline.waitFor();
    expect(await headline.textContent()).toContain('99.9 %');
    expect(await page.locator('.slo-page').textContent()).toContain('Orders are placed without server errors.');
    expect(await headline.textContent()).toMatch(/error budget left-?[\d.]+ % over \d+ min of data in a 30 d window/);
    const burn = page.locator('.burn-table tbody tr');
    await expect.poll(() => burn.count()).toBe(4);
    // Every long window (1h to 3d) is longer than the data: nothing fires. The declined order (5 minutes
    // old) is outside the 5m window, so the 1h/5m condition is quiet; the three others burn, not fired.
    expect(await page.locator('.burn-table tr.firing').count()).toBe(0);
    expect(await burn.first().textContent()).toMatch(/1h: \d+x \(\d+ min of data\).*quiet: \d+ min of data in a 1 h window$/);
    expect(await page.locator('.burn-table tr.burning-partial').count()).toBe(3);
    expect(await burn.nth(1).textContent()).toMatch(/burning, not fired: \d+ min of data in a 6 h window$/);
    expect(await page.locator('.slo-page .page-title .badge').textContent()).toBe('burning');
    await page.locator('.slo-page canvas').first().waitFor();
    // The budget is spent (below 0 %): its line is red there, as the headline's figure, not green.
    expect(await headline.locator('strong.budget-spent').textContent()).toMatch(/^-[\d.]+ %$/);
    const lineColours = () =>
      page
        .locator('.slo-page canvas')
        .first()
        .evaluate((element) => {
          const canvas = element as unknown as CanvasPixels;
          const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          const counts = { red: 0, green: 0 };
          for (let index = 0; index < pixels.length; index += 4) {
            const [r, g, b, a] = [pixels[index]!, pixels[index + 1]!, pixels[index + 2]!, pixels[index + 3]!];
            if (a < 200) continue;
            if (r > 200 && g < 120 && b < 120) counts.red++;
            if (g > 150 && r < 120 && b < 120) counts.green++;
          }
          return counts;
        });
    await expect.poll(async () => (await lineColours()).red).toBeGreaterThan(20);
    expect(
      await page
        .locator('.slo-page .u-legend .u-series:nth-child(2) .u-marker')
        .evaluate((marker) => marker.ownerDocument.defaultView!.getComputedStyle(marker).borderColor),
    ).toBe('rgb(248, 81, 73)');
    await screenshot(page, 'slo-detail');
    await page.close();
  });

  it('keeps tailed log lines in time order when a batch arrives after newer lines', async () => {
    const page = await open('/logs');
    await page.locator('.log-row').first().waitFor();
    const nowNs = BigInt(Date.now()) * MS;
    const tag = `order-${Date.now()}`;
    const line = (offsetMs: bigint, body: string) => ({
      timeUnixNano: nowNs + offsetMs * MS,
      severityNumber: 9,
      severityText: 'INFO',
      body: `${tag} ${body}`,
      serviceName: 'payments',
    });
    await exportLogs(running.otlpUrl, [line(0n, 'newest')]);
    await page.locator('.log-row', { hasText: `${tag} newest` }).waitFor({ timeout: 10_000 });
    // A service whose exporter batches later: its lines are older than the one already shown.
    await exportLogs(running.otlpUrl, [line(-800n, 'older'), line(-400n, 'middle')]);
    await page.locator('.log-row', { hasText: `${tag} older` }).waitFor({ timeout: 10_000 });
    const ours = await page.locator('.log-row .log-message', { hasText: tag }).allInnerTexts();
    expect(ours).toEqual([`${tag} newest`, `${tag} middle`, `${tag} older`]);
    const times = await page.locator('.log-row td:first-child').allInnerTexts();
    expect(times).toEqual([...times].sort().reverse());
    await page.close();
  });

  it('asks for a bad trace id or a missing error group once: live updates do not repeat a 4xx', async () => {
    const expected = ['400 /api/traces/notatraceid/outline', '404 /api/errors/doesnotexist'];
    for (const [path, api] of [
      ['/traces/notatraceid', '/api/traces/notatraceid/outline'],
      ['/errors/doesnotexist', '/api/errors/doesnotexist'],
    ] as const) {
      const page = await openPage(browser, problems);
      let asked = 0;
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === api) asked++;
      });
      await page.goto(`${running.url}${path}`);
      await page.locator('.notice.error').waitFor();
      // Two ingest events reach the page (the header's store size refetches on each): the failed request stays as it was.
      for (let event = 0; event < 2; event++) {
        const refetched = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/store', { timeout: 10_000 });
        await exportLogs(running.otlpUrl, [
          { timeUnixNano: BigInt(Date.now()) * MS, severityNumber: 9, severityText: 'INFO', body: 'tick', serviceName: 'payments' },
        ]);
        await refetched;
      }
      expect(asked).toBe(1);
      await page.close();
    }
    const seen = problems.splice(0);
    expect(seen.filter((problem) => !expected.includes(problem))).toEqual([]);
    expect(seen.sort()).toEqual(expected);
  });

  it('fills in a trace opened before its spans are stored: its 404 is asked again on live updates', async () => {
    // A log line links to its trace as soon as the log is stored; the spans may come a batch later.
    const traceId = 'c3'.repeat(16);
    const outline = `/api/traces/${traceId}/outline`;
    const page = await openPage(browser, problems);
    await page.goto(`${running.url}/traces/${traceId}`);
    await page.locator('.notice.error').waitFor();
    const nowNs = BigInt(Date.now() - 1_000) * MS;
    await exportSpans(running.otlpUrl, [
      {
        traceId,
        spanId: 'd4'.repeat(8),
        name: 'late arrival',
        kind: 2,
        startTimeUnixNano: nowNs,
        endTimeUnixNano: nowNs + 3n * MS,
        statusCode: 0,
        serviceName: 'orders-api',
        attributes: {},
      },
    ]);
    await page.locator('.waterfall-row').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.waterfall-row .span-name').first().textContent()).toBe('late arrival');
    expect(await page.locator('.notice.error').count()).toBe(0);
    // The 404s before the spans came are the only problems the page reported.
    const seen = problems.splice(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((problem) => problem !== `404 ${outline}`)).toEqual([]);
    await page.close();
  });

  it('says the root span has not arrived yet while only a child is stored, and names the root once it comes', async () => {
    // Exporters send in batches: a request's child spans end first and often arrive a batch before its root.
    const traceId = 'c5'.repeat(16);
    const rootId = 'd6'.repeat(8);
    const nowNs = BigInt(Date.now() - 2_000) * MS;
    const span = (spanId: string, name: string, parentSpanId: string | undefined, startNs: bigint, ms: bigint): SpanRow => ({
      traceId,
      spanId,
      ...(parentSpanId === undefined ? {} : { parentSpanId }),
      name,
      kind: 2,
      startTimeUnixNano: startNs,
      endTimeUnixNano: startNs + ms * MS,
      statusCode: 0,
      serviceName: 'orders-api',
      attributes: {},
    });
    await exportSpans(running.otlpUrl, [span('e7'.repeat(8), 'order.validate', rootId, nowNs + 2n * MS, 5n)]);
    const page = await openPage(browser, problems);
    await page.goto(`${running.url}/traces/${traceId}`);
    await page.locator('.waterfall-row').first().waitFor();
    expect(await page.locator('.page-title h2').textContent()).toBe('root span not received yet');
    expect(await page.locator('.waterfall-row .span-name').first().textContent()).toBe('order.validate');
    await exportSpans(running.otlpUrl, [span(rootId, 'POST /orders', undefined, nowNs, 20n)]);
    await expect.poll(() => page.locator('.page-title h2').textContent(), { timeout: 15_000 }).toBe('orders-api · POST /orders');
    expect(await page.locator('.waterfall-row .span-name').allTextContents()).toEqual(['POST /orders', 'order.validate']);
    await page.close();
  });

  it('counts a one-service trace with one error in the singular', async () => {
    const nowNs = BigInt(Date.now() - 2_000) * MS;
    const traceId = 'a1'.repeat(16);
    await exportSpans(running.otlpUrl, [
      {
        traceId,
        spanId: 'b2'.repeat(8),
        name: 'nightly reconciliation',
        kind: 1,
        startTimeUnixNano: nowNs,
        endTimeUnixNano: nowNs + 5n * MS,
        statusCode: 2,
        serviceName: 'orders-api',
        attributes: {},
      },
    ]);
    const page = await open(`/traces/${traceId}`);
    const facts = page.locator('.trace-facts');
    await facts.waitFor();
    const text = ((await facts.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('1 span');
    expect(text).toContain('1 service');
    expect(text).toContain('1 error');
    expect(text).not.toMatch(/\b1 (spans|services|errors)\b/);
    await page.close();
  });

  it("charts an OTLP summary's quantiles as the values the service computed, never as a rate", async () => {
    const nowNs = BigInt(Date.now()) * MS;
    await exportMetrics(
      running.otlpUrl,
      Array.from({ length: 6 }, (_, step) => ({
        type: 'summary' as const,
        serviceName: 'payments',
        name: 'payments.charge.duration',
        unit: 's',
        attributes: {},
        startTimeUnixNano: nowNs - 3_600_000n * MS,
        timeUnixNano: nowNs - BigInt((6 - step) * 30_000) * MS,
        count: 10 * (step + 1),
        sum: 0.1 * (step + 1),
        // The median holds still (a flat line is still a value, not a rate of 0); the p99 moves.
        quantileValues: [
          { quantile: 0.5, value: 0.008 },
          { quantile: 0.99, value: 0.02 + step * 0.001 },
        ],
      })),
    );
    const page = await open('/metrics?name=payments.charge.duration');
    await page.locator('.time-chart canvas').waitFor();
    expect(await page.locator('a.button.active', { hasText: 'quantiles' }).count()).toBe(1);
    expect(await page.locator('a.button', { hasText: 'rate' }).count()).toBe(0);
    await page.locator('.time-chart .u-legend', { hasText: 'q0.5 payments' }).waitFor();
    const note = (await page.locator('.metric-view .panel p').textContent()) ?? '';
    expect(note).toContain('quantiles the service computed');
    expect(note).not.toContain('per-second rate');
    // Hovering the last point reads the median as stored: 8 ms, in seconds.
    const plot = (await page.locator('.time-chart .u-over').boundingBox())!;
    await page.mouse.move(plot.x + plot.width - 1, plot.y + plot.height / 2);
    await expect.poll(() => page.locator('.time-chart .u-legend .u-series', { hasText: 'q0.5' }).textContent()).toContain('0.0080 s');
    await screenshot(page, 'metrics-otlp-summary');
    await page.close();
  });

  // Last: it stores one more POST /orders trace, which the searches and counts above do not expect.
  it("fills trace B's columns in the compare view as the rest of its trace arrives (payments exports after orders-api)", async () => {
    const late = orderTrace(BigInt(Date.now() - 1_000) * MS, { selects: 1, slowMs: 12, declined: false });
    await exportSpans(
      running.otlpUrl,
      late.spans.filter((span) => span.serviceName !== 'payments'),
    );
    const page = await open(`/compare?a=${seeded.fast.traceId}&b=${late.traceId}`);
    const charge = page.locator('.compare-row', { hasText: 'payments POST /payments' });
    await charge.waitFor();
    // count A, count B: A has its charge, B's has not landed yet.
    expect((await charge.locator('td.num').allInnerTexts()).slice(0, 2)).toEqual(['1', '0']);
    // A span only A has: "–" in B's total (no "0 µs", no empty bar), and "gone" in place of a percentage.
    expect(await charge.locator('td.bar-column').nth(1).textContent()).toBe('–');
    expect(await charge.locator('td.bar-column').nth(1).locator('.duration-bar').count()).toBe(0);
    const deltas = await charge.locator('td.num').allInnerTexts();
    expect(deltas[2]).toBe('−1 (gone)');
    expect(deltas[3]).toMatch(/^−.+ \(gone\)$/);
    expect(deltas[5]).toBe('–');
    await exportSpans(
      running.otlpUrl,
      late.spans.filter((span) => span.serviceName === 'payments'),
    );
    // No reload: a trace that may still receive spans follows live ingest.
    await expect.poll(() => charge.locator('td.num').nth(1).textContent(), { timeout: 10_000 }).toBe('1');
    expect(await page.locator('.trace-card').last().textContent()).toContain(`${late.spans.length} spans`);
    await page.close();
  });

  // After the last POST /orders test: its traces are of another operation, which nothing above expects either.
  it('holds the compare candidates still on live updates, says which failed, and asks again on "Newer traces"', async () => {
    const refund = (agoMs: number, failed: boolean) =>
      serverSpan({ service: 'orders-api', method: 'POST', route: '/refunds', agoMs, durationMs: 8, failed, okStatus: 201 });
    const [a, good, bad] = [refund(30_000, false), refund(20_000, false), refund(10_000, true)];
    await exportSpans(running.otlpUrl, [a!, good!, bad!]);
    const page = await openPage(browser, problems);
    let searches = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/traces') searches++;
    });
    await page.goto(`${running.url}/compare?a=${a!.traceId}&service=orders-api&route=${encodeURIComponent('POST /refunds')}`);
    const candidates = page.locator('a.candidate');
    await expect.poll(() => candidates.count()).toBe(2);
    const hrefs = () => candidates.evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    const shown = await hrefs();
    expect(await page.locator(`a.candidate[href*="b=${bad!.traceId}"] .badge`).textContent()).toBe('1 error');
    expect(await page.locator(`a.candidate[href*="b=${good!.traceId}"] .badge`).textContent()).toBe('ok');
    await screenshot(page, 'compare-pick');

    // A newer trace of the operation, and live updates after it (the header's store size refetches on
    // each): the list stays as it was, asked for once.
    const newer = refund(1_000, false);
    await exportSpans(running.otlpUrl, [newer]);
    for (let update = 0; update < 2; update++) {
      await page.waitForResponse((response) => new URL(response.url()).pathname === '/api/store', { timeout: 10_000 });
    }
    expect(await hrefs()).toEqual(shown);
    expect(searches).toBe(1);

    await page.locator('.compare-pick button', { hasText: 'Newer traces' }).click();
    await expect.poll(() => candidates.count()).toBe(3);
    expect(await candidates.first().getAttribute('href')).toContain(`b=${newer.traceId}`);
    expect(searches).toBe(2);
    await page.close();
  });

  it("puts a route's typical request beside a slow one from the compare page's route list", async () => {
    const report = (agoMs: number, durationMs: number, failed = false) =>
      serverSpan({ service: 'reports', method: 'GET', route: '/reports', agoMs, durationMs, failed });
    // 29 requests of 9-11 ms, the newest of them failed, and one of 500 ms: p50 ~10 ms, p99 ~360 ms.
    const typical = Array.from({ length: 28 }, (_, index) => report(60_000 - index * 1_000, 9 + (index % 3)));
    const failedTypical = report(20_000, 10, true);
    const slow = report(40_000, 500);
    await exportSpans(running.otlpUrl, [...typical, failedTypical, slow]);
    const page = await openPage(browser, problems);
    await page.goto(`${running.url}/compare`);
    const row = page.locator('.compare-routes-table tr', { hasText: '/reports' });
    await row.getByRole('button', { name: 'Typical vs slow' }).click();
    await page.waitForURL('**/compare?a=**');
    const url = new URL(page.url());
    // A: the newest request of about the median that did not fail; B: the one beyond the p99.
    expect(url.searchParams.get('a')).toBe(typical[typical.length - 1]!.traceId);
    expect(url.searchParams.get('b')).toBe(slow.traceId);
    expect(url.searchParams.get('route')).toBe('/reports');
    await expect.poll(() => page.locator('.compare-total').textContent()).toContain('500 ms');
    await page.goto(`${running.url}/compare`);
    await page.locator('.compare-routes-table').waitFor();
    await screenshot(page, 'compare-routes');
    await page.close();
  });
});
