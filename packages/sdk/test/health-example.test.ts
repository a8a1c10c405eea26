import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '@sightline/dev-postgres/free-port';
import { afterAll, describe, expect, it } from 'vitest';
import { pollUntil } from './integration/poll-until.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const examplePath = fileURLToPath(new URL('../examples/health.ts', import.meta.url));

/** The first ```ts block after the given heading. */
function tsBlockAfter(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`README has no "${heading}" section`);
  const match = /```ts\n([\s\S]*?)```/.exec(markdown.slice(start));
  if (!match?.[1]) throw new Error(`README's "${heading}" section has no \`\`\`ts block`);
  return match[1];
}

describe('the SDK README health example', () => {
  it('is the examples/health.ts file, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(tsBlockAfter(readme, '## Health')).toBe(readFileSync(examplePath, 'utf8'));
  });

  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('runs: answers the probes, degraded by its non-critical pricing dependency, and exits 0 on SIGTERM', async () => {
    child = spawn(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', examplePath], {
      cwd: packageDir,
      // Nothing listens at PRICING_URL: the non-critical dependency fails and readiness degrades.
      env: {
        ...process.env,
        PORT: '0',
        NODE_ENV: 'production',
        OTEL_TRACES_EXPORTER: 'none',
        PRICING_URL: `http://127.0.0.1:${await freePort()}/readyz`,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: Record<string, unknown>[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    const listening = await pollUntil(async () => lines.find((line) => line.msg === 'listening'), 'the listening line', {
      timeoutMs: 15_000,
      intervalMs: 20,
    });
    const base = `http://127.0.0.1:${(listening.address as { port: number }).port}`;

    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'degraded',
      service: { name: 'inventory' },
      checks: {
        disk: { status: 'healthy', critical: true },
        event_loop: { critical: false },
        pricing: { status: 'unhealthy', critical: false, message: 'request failed: ECONNREFUSED' },
        'stock-feed': { status: 'healthy' },
      },
    });
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    expect((await fetch(`${base}/startupz`)).status).toBe(200);
    expect(await (await fetch(`${base}/items`)).json()).toEqual({ sku: 'A-1', stock: 3 });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.some((line) => line.msg === 'shutting down: readiness fails from now on')).toBe(true);
  });
});
