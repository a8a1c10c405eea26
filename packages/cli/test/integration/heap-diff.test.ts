import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureService, runSightline, startFixture } from '../support/processes.js';

const TOKEN = 'heap-diff-test-token-0123456789';

describe('sightline debug heap-diff against a leaking child process', () => {
  let service: FixtureService;
  let outDir: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'sightline-heap-diff-'));
    service = await startFixture('leaky-service.ts', { TEST_DEBUG_TOKEN: TOKEN });
  });

  afterAll(async () => {
    await service?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('names the leaking function in the first row and saves both profiles', async () => {
    const run = await runSightline(
      ['debug', 'heap-diff', '--target', service.debugUrl, '--interval', '3s', '--top', '5', '--out-dir', outDir],
      { SIGHTLINE_DEBUG_TOKEN: TOKEN },
    );
    const details = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}\nservice:\n${service.output()}`;
    expect(run.code, details).toBe(0);
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((line) => /^growth\s+growth %/.test(line));
    expect(header, details).toBeGreaterThan(0);
    expect(lines[header + 1], details).toMatch(/^\+\S+ \S+\s+.*\sretainOrderSnapshots\s+\S*leaky-service\.ts:\d+$/);

    const saved = readdirSync(outDir).sort();
    expect(saved).toHaveLength(2);
    for (const file of saved) expect(file).toMatch(/^127\.0\.0\.1-\d+-heap-\d{8}-\d{6}(-2)?\.pb\.gz$/);
    expect(run.stdout).toContain('explore: go tool pprof -sample_index=space -base ');
  });
});
