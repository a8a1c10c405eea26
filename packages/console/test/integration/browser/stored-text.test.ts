import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../../src/server/console/index.js';
import { ensureUiBundle, launchChromium, openPage, screenshot, skipBrowserTests, unexpectedProblems } from './browser.js';
import { exportLogs, exportSpans } from './otlp-json.js';
import { MS, orderTrace } from './seed.js';

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=1</script>';

describe.skipIf(skipBrowserTests)('stored text is rendered as text', () => {
  let running: RunningConsole;
  let browser: Browser;
  let traceId: string;
  let spanId: string;
  const problems: string[] = [];

  beforeAll(async () => {
    ensureUiBundle();
    running = await startConsole({ memory: true, port: 0, otlpPort: 0 });
    const trace = orderTrace(BigInt(Date.now() - 60_000) * MS, { selects: 1, slowMs: 20, declined: true });
    const root = trace.spans[0]!;
    root.name = `GET ${IMG}`;
    root.attributes = { ...root.attributes, 'user.comment': `${IMG} ${SCRIPT}`, [IMG]: SCRIPT };
    root.events = [
      { timeUnixNano: root.startTimeUnixNano, name: SCRIPT, attributes: { 'exception.stacktrace': `${SCRIPT}\n    at ${IMG}` } },
    ];
    traceId = trace.traceId;
    spanId = root.spanId;
    await exportSpans(running.otlpUrl, trace.spans);
    await exportLogs(running.otlpUrl, [
      { ...trace.logs[0]!, body: `${IMG} ${SCRIPT}`, attributes: { [SCRIPT]: IMG } },
      { ...trace.logs[1]!, body: { html: SCRIPT, img: IMG } },
    ]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  /** Nothing ran, and the page holds no element the stored text could have become. */
  async function expectInert(page: Page) {
    expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
  }

  it('shows markup in a span name, attributes, an event and its stack literally in the trace view, and runs none of it', async () => {
    const page = await openPage(browser, problems);
    await page.goto(`${running.url}/traces/${traceId}?span=${spanId}`);
    const details = page.locator('.span-details');
    await details.waitFor();
    expect(await details.locator('h3').textContent()).toBe(`GET ${IMG}`);
    const attributes = await details.locator('table.attributes').first().textContent();
    expect(attributes).toContain(`${IMG} ${SCRIPT}`);
    expect(attributes).toContain(IMG);
    expect(await details.locator('.span-event-title strong').textContent()).toBe(SCRIPT);
    expect(await details.locator('pre.stack').textContent()).toBe(`${SCRIPT}\n    at ${IMG}`);
    expect(await page.locator('.waterfall-row .span-name').first().textContent()).toBe(`GET ${IMG}`);
    // The trace's logs come in their own request, after the spans: wait for them before reading them all.
    await page.locator('.trace-log .log-message', { hasText: SCRIPT }).first().waitFor();
    const logBodies = await page.locator('.trace-log .log-message').allInnerTexts();
    expect(logBodies).toContain(`${IMG} ${SCRIPT}`);
    expect(logBodies).toContain(JSON.stringify({ html: SCRIPT, img: IMG }));
    await expectInert(page);
    await screenshot(page, 'stored-text-trace');
    await page.close();
  });

  it('shows markup in log bodies and attributes literally in the logs view, and runs none of it', async () => {
    const page = await openPage(browser, problems);
    await page.goto(`${running.url}/logs`);
    const row = page.locator('.log-row', { hasText: SCRIPT }).first();
    await row.waitFor();
    expect(await page.getByText(`${IMG} ${SCRIPT}`, { exact: true }).count()).toBe(1);
    expect(
      await page
        .locator('.log-row', { hasText: `${IMG} ${SCRIPT}` })
        .locator('.log-attrs')
        .textContent(),
    ).toBe(`${SCRIPT}=${IMG}`);
    await page.locator('.log-row', { hasText: `${IMG} ${SCRIPT}` }).click();
    // The line's own attributes (its resource's table is folded below them, in a <details>).
    const attributes = page.locator('.log-attributes td > table.attributes');
    await attributes.waitFor();
    expect(await attributes.locator('th').textContent()).toBe(SCRIPT);
    expect(await attributes.locator('td').textContent()).toBe(IMG);
    await expectInert(page);
    await screenshot(page, 'stored-text-logs');

    // The search results and compare views show the span name as text too.
    await page.goto(`${running.url}/traces`);
    await page.locator('.trace-result', { hasText: `GET ${IMG}` }).waitFor();
    await page.goto(`${running.url}/compare?a=${traceId}&b=${traceId}`);
    await page.locator('.compare-row', { hasText: `GET ${IMG}` }).waitFor();
    await expectInert(page);
    await page.close();
    expect(unexpectedProblems(problems, ['/api/services'])).toEqual([]);
  });
});
