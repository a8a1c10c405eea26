import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  it('shows a browser without the token a login page, and a shared deep link opens once the token is pasted there', async () => {
    const page = await openPage(browser, problems);
    const deepLink = `${running.url}/traces?service=orders-api`;
    const refused = await page.goto(deepLink);
    expect(refused?.status()).toBe(401);
    await page.getByRole('heading', { name: 'This Sightline console needs its token' }).waitFor();
    problems.splice(0);

    await page.getByLabel('Token').fill('not-the-token');
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByText("That is not this console's token.").waitFor();
    problems.splice(0);

    await page.getByLabel('Token').fill(TOKEN);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.waitForURL(deepLink);
    await expect.poll(() => page.locator('.trace-result').count()).toBe(1);
    await page.close();
    expect(unexpectedProblems(problems, [])).toEqual([]);
  });

  it('opens a deep link followed from another site, whose navigation the browser sends without the Strict cookie', async () => {
    // A page on another site (localhost is not the site 127.0.0.1) linking to the console, like a chat message.
    const elsewhere = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<a id="shared" href="${running.url}/traces">the slow checkout</a>`);
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const chat = `http://localhost:${(elsewhere.address() as AddressInfo).port}/`;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Without the token: the console's page reloads once as a same-origin navigation, then asks for the token.
      const answers: number[] = [];
      page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/traces') answers.push(response.status());
      });
      await page.goto(chat);
      await page.click('#shared');
      await expect.poll(() => answers).toEqual([401, 401]);
      await page.waitForLoadState();
      await page.getByRole('heading', { name: 'This Sightline console needs its token' }).waitFor();
      expect(await page.content()).not.toContain('http-equiv="refresh"');

      // Logged in, the same link opens the page.
      await page.goto(`${running.url}/login?token=${TOKEN}`);
      await page.waitForURL(`${running.url}/`);
      await page.goto(chat);
      await page.click('#shared');
      await page.waitForURL(`${running.url}/traces`);
      await expect.poll(() => page.locator('.trace-result').count()).toBe(1);
    } finally {
      await context.close();
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });
});
