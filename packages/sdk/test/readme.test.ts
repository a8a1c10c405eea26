import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const examplePath = fileURLToPath(new URL('../examples/quickstart.ts', import.meta.url));

function firstTypeScriptBlock(markdown: string): string {
  const match = /```ts\n([\s\S]*?)```/.exec(markdown);
  if (!match?.[1]) throw new Error('README has no ```ts block');
  return match[1];
}

describe('the SDK README quickstart', () => {
  it('is the examples/quickstart.ts file, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(firstTypeScriptBlock(readme)).toBe(readFileSync(examplePath, 'utf8'));
  });

  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('runs: serves a route, logs with request context, exposes metrics and exits on SIGTERM', async () => {
    child = spawn(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', examplePath], {
      cwd: packageDir,
      env: { ...process.env, PORT: '0', NODE_ENV: 'production', OTEL_TRACES_SAMPLER: 'always_off' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: Record<string, unknown>[] = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
      for (const wake of waiters.splice(0)) wake();
    });
    const waitForLine = async (predicate: (line: Record<string, unknown>) => boolean) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const found = lines.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching log line; got ${JSON.stringify(lines)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    };

    const listening = await waitForLine((line) => line.msg === 'listening');
    const port = (listening.address as { port: number }).port;
    const response = await fetch(`http://127.0.0.1:${port}/users/7`, { headers: { 'x-request-id': 'readme-test-1' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: '7', name: 'Ada' });
    expect(response.headers.get('x-request-id')).toBe('readme-test-1');

    const appLine = await waitForLine((line) => line.msg === 'user loaded');
    expect(appLine).toMatchObject({ request_id: 'readme-test-1', user_id: '7', user: '7' });
    expect(appLine.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const access = await waitForLine((line) => line.msg === 'request completed');
    expect(access).toMatchObject({ request_id: 'readme-test-1', route: '/users/:id', status: 200, trace_id: appLine.trace_id });

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain(
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/users/:id",http_response_status_code="200"} 1',
    );

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
