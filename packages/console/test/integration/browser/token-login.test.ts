import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningConsole, startConsole } from '../../../src/server/console/index.js';
import { ensureUiBundle, launchChromium, openPage, skipBrowserTests, unexpectedProblems } from './browser.js';
import { exportSpans } from './otlp-json.js';
import { MS, orderTrace } from './seed.js';

const TOKEN = 'a-browser-token-of-enough-length';

describe.skipIf(skipBrowserTests)('the UI behind the browser token', () => {
  let running: RunningConsole;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    ensureUiBundle();
    running = await startConsole({ memory: true, port: 0, otlpPort: 0, token: TOKEN });
    await exportSpans(running.otlpUrl, orderTrace(BigInt(Date.now() - 60_000) * MS, { selects: 1, slowMs: 10, declined: false }).spans);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('answers 401 without the token, and after /login?token= the pages, their API calls and the live stream work', async () => {
    const page = await openPage(browser, problems);
    const refused = await page.goto(`${running.url}/traces`);
    expect(refused?.status()).toBe(401);
    problems.splice(0);

    await page.goto(`${running.url}/login?token=${TOKEN}`);
    await page.waitForURL(`${running.url}/`);
    await page.locator('.service-row').first().waitFor();
    await page.locator('.live-toggle.live').waitFor();
    await page.goto(`${running.url}/traces`);
    await expect.poll(() => page.locator('.trace-result').count()).toBe(1);
    await page.close();
    expect(unexpectedProblems(problems, [])).toEqual([]);
  });
});
