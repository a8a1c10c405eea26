import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const CONSOLE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const UI_BUNDLE = join(CONSOLE_ROOT, 'dist/ui/index.html');
export const ARTIFACTS = join(CONSOLE_ROOT, 'test-artifacts');

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's chromium from the machine, never a downloaded browser. Missing, the browser tests
 * say so and skip, except in CI (CI=true), where skipping would hide a broken setup: they fail.
 * (The same rule as packages/sdk/test/support/system-binary.ts, for a fixed path.)
 */
export const chromiumMissing = !existsSync(CHROMIUM);
export const skipBrowserTests = chromiumMissing && process.env.CI !== 'true';
if (chromiumMissing) {
  console.warn(
    `${skipBrowserTests ? 'skipping' : 'failing (CI=true, so this does not skip)'}: ${CHROMIUM} not found; install the Debian package chromium`,
  );
}

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The UI bundle the console serves: built once when it is missing or older than its sources
 * (CI builds it in the install step). A failed build fails the test with the build's output.
 */
export function ensureUiBundle(): void {
  const sources = Math.max(newestSource(join(CONSOLE_ROOT, 'ui/src')), statSync(join(CONSOLE_ROOT, 'ui/index.html')).mtimeMs);
  if (existsSync(UI_BUNDLE) && statSync(UI_BUNDLE).mtimeMs >= sources) return;
  try {
    // vitest sets NODE_ENV=test, which would give a development build of React.
    execFileSync('npx', ['vite', 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn'], {
      cwd: CONSOLE_ROOT,
      stdio: 'pipe',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } catch (error) {
    const output = (error as { stderr?: Buffer; stdout?: Buffer }).stderr?.toString() ?? '';
    throw new Error(
      `The console UI bundle (${UI_BUNDLE}) is missing and building it failed; run \`npm run build -w packages/console\`.\n${output}`,
    );
  }
  if (!existsSync(UI_BUNDLE)) throw new Error(`The console UI bundle is missing: ${UI_BUNDLE}; run \`npm run build -w packages/console\``);
}

export async function launchChromium(): Promise<Browser> {
  if (chromiumMissing) throw new Error(`${CHROMIUM} not found; install the Debian package chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A page whose script errors, failed requests and dialogs are collected in `problems`, for the test to assert none. */
export async function openPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A failed request is reported below with its URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * API routes this console does not have yet (answered "no API route"): the UI says so on the
 * page, and their 404s are expected. Printed, so a run shows what it could not cover.
 */
export async function missingApiRoutes(baseUrl: string, paths: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const path of paths) {
    const response = await fetch(`${baseUrl}${path}`);
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    if (response.status === 404 && body.message?.startsWith('no API route')) missing.push(path);
  }
  if (missing.length > 0) console.warn(`the console has no ${missing.join(', ')} yet: those pages show a notice`);
  return missing;
}

/** Problems other than 404s from routes in `missing`. */
export function unexpectedProblems(problems: string[], missing: readonly string[]): string[] {
  return problems.splice(0).filter((problem) => !missing.some((path) => problem.startsWith(`404 ${path}`)));
}
