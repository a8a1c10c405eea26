import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const EXAMPLE = fileURLToPath(new URL('../../examples/store-quickstart.ts', import.meta.url));
const README = fileURLToPath(new URL('../../README.md', import.meta.url));

const CONSOLE_EXAMPLE = fileURLToPath(new URL('../../examples/console-quickstart.ts', import.meta.url));

describe('the README examples', () => {
  it('runs the console example as printed: an OTLP export answered 200 and the trace read back from /api', () => {
    expect(readFileSync(README, 'utf8')).toContain(readFileSync(CONSOLE_EXAMPLE, 'utf8').trim());
    const run = spawnSync(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', CONSOLE_EXAMPLE], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('200 orders-api 42 ms\n');
  });

  it('is the file this test runs, and it stores and finds a span', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toContain(readFileSync(EXAMPLE, 'utf8').trim());
    const run = spawnSync(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', EXAMPLE], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('4bf92f3577b34da6a3ce929d0e0e4736 GET /orders/:id 42 ms\n1 span(s) stored\n');
  });
});
