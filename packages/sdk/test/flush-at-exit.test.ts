import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/log-burst.ts', import.meta.url));

describe('log flushing at exit', () => {
  it('loses no stdout line when the app calls process.exit right after shutdown()', async () => {
    const count = 20_000;
    const child = spawn(process.execPath, ['--conditions=sightline-source', '--import', 'tsx', fixture, String(count)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    let lines = 0;
    let rest = '';
    const seen = new Set<number>();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) {
        const record = JSON.parse(part) as { i?: number };
        if (typeof record.i === 'number') seen.add(record.i);
        lines++;
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(rest).toBe('');
    expect(seen.size).toBe(count);
    expect(lines).toBe(count);
  });
});
